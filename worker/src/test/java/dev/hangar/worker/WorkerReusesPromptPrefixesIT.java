package dev.hangar.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A prompt that starts like an earlier one reuses that one's cache cells: {@code cached_tokens} says how many, and the
 * answer is the one a cold decode gives ({@link GreedyOracle}, in the test's own process).
 */
class WorkerReusesPromptPrefixesIT {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String FIRST = "once upon a time the model said hello and we have one new day";

    @RegisterExtension
    static final ServedTinyModel tiny = new ServedTinyModel("--parallel", "1");

    @Test
    void aSharedPrefixIsReusedReportedAndGivesTheColdAnswer() throws Exception {
        JsonNode first = complete(FIRST);
        assertThat(first.at("/usage/prompt_tokens_details/cached_tokens").asInt())
                .isZero();
        String firstText = first.at("/choices/0/text").asString();
        // A continuation the first answer does not start with, so only the first prompt's cells can match.
        String second = List.of(" and then", ", so", " but why", ": it").stream()
                .filter(suffix -> !firstText.startsWith(suffix.substring(0, 1)))
                .map(suffix -> FIRST + suffix)
                .findFirst()
                .orElseThrow();

        JsonNode warm = complete(second);

        int[] firstTokens = tokenize(FIRST);
        int[] secondTokens = tokenize(second);
        int shared = 0;
        while (shared < Math.min(firstTokens.length, secondTokens.length)
                && firstTokens[shared] == secondTokens[shared]) {
            shared++;
        }
        assertThat(shared).isGreaterThan(10);
        assertThat(warm.at("/usage/prompt_tokens_details/cached_tokens").asInt())
                .isEqualTo(shared);
        assertThat(warm.at("/usage/prompt_tokens").asInt()).isEqualTo(secondTokens.length);
        GreedyOracle.Continuation cold = tiny.oracle().greedy(second, 8);
        int coldTextTokens = cold.tokens().size() - (cold.ended() ? 1 : 0);
        assertThat(warm.at("/choices/0/text").asString()).isEqualTo(cold.text(coldTextTokens));
        assertThat(warm.at("/usage/completion_tokens").asInt())
                .isEqualTo(cold.tokens().size());

        JsonNode again = complete(second);
        // All but the last prompt token, which is decoded again for its logits.
        assertThat(again.at("/usage/prompt_tokens_details/cached_tokens").asInt())
                .isEqualTo(secondTokens.length - 1);
        assertThat(again.at("/choices/0/text").asString())
                .isEqualTo(warm.at("/choices/0/text").asString());
    }

    private static JsonNode complete(String prompt) throws Exception {
        return tiny.worker()
                .postForJson(
                        "/v1/completions",
                        JSON.createObjectNode()
                                .put("prompt", prompt)
                                .put("max_tokens", 8)
                                .put("temperature", 0)
                                .toString());
    }

    private static int[] tokenize(String text) throws Exception {
        JsonNode tokens = tiny.worker()
                .postForJson(
                        "/tokenize",
                        JSON.createObjectNode()
                                .put("content", text)
                                .put("add_special", true)
                                .toString())
                .get("tokens");
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = tokens.get(i).asInt();
        }
        return ids;
    }
}
