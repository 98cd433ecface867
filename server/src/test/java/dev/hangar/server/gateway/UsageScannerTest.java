package dev.hangar.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The usage of a JSON answer, found the same whether the answer arrives whole or in parts of any size. */
class UsageScannerTest {

    private static final String ANSWER = "{\"id\":\"x\",\"choices\":[{\"message\":{\"content\":"
            + "\"a \\\"usage\\\": {\\\"prompt_tokens\\\": 99}\"},\"usage\":{\"prompt_tokens\":1000}}],"
            + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,\"total_tokens\":17,"
            + "\"prompt_tokens_details\":{\"cached_tokens\":3}},\"system_fingerprint\":null}";

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 64, 100_000})
    void theTopLevelUsageIsFoundWhateverTheParts(int partSize) {
        assertThat(scan(ANSWER, partSize)).contains(new TokenUsage(12, 5, false));
    }

    @Test
    void anAnswerWithoutCompletionTokensUsedNone() {
        String embeddings = "{\"object\":\"list\",\"data\":[{\"embedding\":[0.1,-0.2]}],"
                + "\"usage\":{\"prompt_tokens\":4,\"total_tokens\":4}}";

        assertThat(scan(embeddings, 100_000)).contains(new TokenUsage(4, 0, false));
        assertThat(scan(embeddings, 5)).contains(new TokenUsage(4, 0, false));
    }

    @Test
    void anAnswerWithoutUsageOrThatIsNotJsonHasNone() {
        assertThat(scan("{\"choices\":[{\"usage\":{\"prompt_tokens\":3}}]}", 100_000))
                .isEmpty();
        assertThat(scan("upstream timed out", 100_000)).isEmpty();
        assertThat(scan("upstream timed out", 4)).isEmpty();
        assertThat(scan("", 1)).isEmpty();
    }

    private static Optional<TokenUsage> scan(String answer, int partSize) {
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        UsageScanner scanner = new UsageScanner();
        for (int at = 0; at < bytes.length; at += partSize) {
            scanner.feed(bytes, at, Math.min(partSize, bytes.length - at));
        }
        return scanner.usage();
    }
}
