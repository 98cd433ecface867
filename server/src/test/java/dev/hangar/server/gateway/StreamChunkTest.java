package dev.hangar.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The facts metering takes from each event of a streamed answer, as the runtimes send them. */
class StreamChunkTest {

    @Test
    void aContentDeltaIsContentAndItsRoleOrAnEmptyStringIsNot() {
        assertThat(read("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n"))
                .contains(new StreamChunk(Optional.empty(), true, true));
        assertThat(read("data:{\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"))
                .contains(new StreamChunk(Optional.empty(), false, true));
        assertThat(read("data: {\"choices\":[{\"delta\":{\"content\":null},\"finish_reason\":\"stop\"}]}\n\n"))
                .contains(new StreamChunk(Optional.empty(), false, true));
    }

    @Test
    void aCompletionsTextOrAToolCallIsContent() {
        assertThat(read("data: {\"choices\":[{\"text\":\" world\",\"index\":0}]}\n\n"))
                .hasValueSatisfying(chunk -> assertThat(chunk.content()).isTrue());
        assertThat(read("data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":"
                        + "{\"arguments\":\"{\\\"city\\\"\"}}]}}]}\n\n"))
                .hasValueSatisfying(chunk -> assertThat(chunk.content()).isTrue());
    }

    @Test
    void theTopLevelUsageIsReadAndAUsageInsideAChoiceIsNot() {
        assertThat(
                        read(
                                "data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":7,"
                                        + "\"completion_tokens\":2,\"total_tokens\":9,\"prompt_tokens_details\":{\"cached_tokens\":0}}}\n\n"))
                .contains(new StreamChunk(Optional.of(new TokenUsage(7, 2, false)), false, false));
        assertThat(read("data: {\"choices\":[{\"delta\":{\"content\":\"x\"},\"usage\":{\"prompt_tokens\":99}}]}\n\n"))
                .contains(new StreamChunk(Optional.empty(), true, true));
        assertThat(read("data: {\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1},\"choices\":"
                        + "[{\"delta\":{\"content\":\"!\"}}]}\n\n"))
                .contains(new StreamChunk(Optional.of(new TokenUsage(3, 1, false)), true, true));
    }

    @Test
    void otherEventsAreNotChunks() {
        assertThat(read("data: [DONE]\n\n")).isEmpty();
        assertThat(read(": keep-alive\n\n")).isEmpty();
        assertThat(read("event: error\ndata: {\"error\":{}}\n\n")).isEmpty();
        assertThat(read("data: {\"choices\":[{\"delta\":\n\n")).isEmpty();
        assertThat(read("data: \n\n")).isEmpty();
    }

    @Test
    void choicesThatAreNotObjectsCountAsChoicesWithoutContent() {
        assertThat(read("data: {\"choices\":[1,[2],{\"delta\":{\"content\":\"a\"}}],\"x\":{\"choices\":[]}}\n\n"))
                .contains(new StreamChunk(Optional.empty(), true, true));
    }

    @Test
    void onlyTheEventsBytesAreRead() {
        byte[] bytes = "xxdata: {\"choices\":[{\"text\":\"a\"}]}\n\nyy".getBytes(StandardCharsets.UTF_8);

        assertThat(StreamChunk.read(bytes, 2, bytes.length - 2))
                .hasValueSatisfying(chunk -> assertThat(chunk.content()).isTrue());
    }

    private static Optional<StreamChunk> read(String event) {
        byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
        return StreamChunk.read(bytes, 0, bytes.length);
    }
}
