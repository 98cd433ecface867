package dev.hangar.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hangar.formats.tiny.TinyModel;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /v1/completions} with token-id prompts and with {@code echo}: ids are decoded as given, and {@code echo} with
 * {@code logprobs} scores every prompt token the way the test's own decode of the whole prompt does.
 */
class WorkerScoresPromptsIT {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String PROMPT = "once upon a time the model";

    @RegisterExtension
    static final ServedTinyModel tiny = new ServedTinyModel("--parallel", "2");

    @Test
    void tokenIdPromptsAreDecodedAsGiven() throws Exception {
        int[] ids = tiny.oracle().promptTokens(PROMPT);
        GreedyOracle.Continuation greedy = tiny.oracle().greedy(PROMPT, 5);
        for (JsonNode prompt : List.of(ids(ids), JSON.createArrayNode().add(ids(ids)))) {
            JsonNode answer = completeOk(greedyRequest(5).set("prompt", prompt));
            assertThat(answer.at("/choices/0/text").asString()).isEqualTo(greedy.text(5));
            assertThat(answer.at("/usage/prompt_tokens").asInt()).isEqualTo(ids.length);
        }
        // The ids are taken as given: no BOS is added to a prompt that starts without one.
        int[] withoutBos = Arrays.copyOfRange(ids, 1, ids.length);
        JsonNode bare = completeOk(greedyRequest(1).set("prompt", ids(withoutBos)));
        assertThat(bare.at("/usage/prompt_tokens").asInt()).isEqualTo(ids.length - 1);
    }

    @Test
    void promptsItCannotTakeAreRefusedNamingWhatIsWrong() throws Exception {
        int vocabulary = TinyModel.ofSize("100k", 42).shape().vocabSize();
        assertRefused(JSON.createArrayNode().add(1).add(vocabulary).add(5), "'prompt[1]' is " + vocabulary);
        assertRefused(JSON.createArrayNode().add(1).add(-3), "'prompt[1]' is -3");
        assertRefused(JSON.createArrayNode().add(1).add("x"), "'prompt[1]' must be a token id");
        assertRefused(JSON.createArrayNode().add(1.5), "'prompt[0]' must be a token id");
        assertRefused(JSON.createArrayNode().add("one").add("two"), "holds 2 prompts");
        assertRefused(
                JSON.createArrayNode()
                        .add(JSON.createArrayNode().add(1))
                        .add(JSON.createArrayNode().add(2)),
                "holds 2 prompts");
        assertRefused(JSON.createArrayNode(), "non-empty list of token ids");
    }

    @Test
    void echoWithLogprobsScoresEveryPromptTokenAsTheModelDoes() throws Exception {
        int[] ids = tiny.oracle().promptTokens(PROMPT);
        double[] expected = tiny.oracle().promptLogprobs(ids);
        GreedyOracle.Continuation greedy = tiny.oracle().greedy(PROMPT, 3);
        ObjectNode request =
                greedyRequest(3).put("prompt", PROMPT).put("echo", true).put("logprobs", 2);
        JsonNode choice = completeOk(request).at("/choices/0");

        assertThat(choice.get("text").asString()).isEqualTo(PROMPT + greedy.text(3));
        JsonNode logprobs = choice.get("logprobs");
        JsonNode values = logprobs.get("token_logprobs");
        assertThat(values.size()).isEqualTo(ids.length + 3);
        assertThat(values.get(0).isNull()).isTrue();
        assertThat(logprobs.get("top_logprobs").get(0).isNull()).isTrue();
        for (int i = 1; i < values.size(); i++) {
            assertThat(values.get(i).asDouble()).isLessThanOrEqualTo(0);
            JsonNode top = logprobs.get("top_logprobs").get(i);
            double best = top.properties().iterator().next().getValue().asDouble();
            assertThat(best).isGreaterThanOrEqualTo(values.get(i).asDouble() - 1e-9);
            if (i < ids.length) {
                assertThat(values.get(i).asDouble()).as("prompt token %d", i).isCloseTo(expected[i], within(1e-4));
            } else {
                // Greedy: the generated token is its position's most likely one.
                assertThat(values.get(i).asDouble()).isCloseTo(best, within(1e-9));
                assertThat(values.get(i).asDouble()).isCloseTo(greedy.logprobs().get(i - ids.length), within(1e-4));
            }
        }
        JsonNode offsets = logprobs.get("text_offset");
        assertThat(offsets.get(ids.length).asInt()).isEqualTo(PROMPT.length());
        String text = choice.get("text").asString();
        // The first word's piece carries the space SentencePiece puts before the text; the prompt has none.
        assertThat(offsets.get(1).asInt()).isZero();
        for (int i = 2; i < values.size(); i++) {
            assertThat(text.substring(offsets.get(i).asInt()))
                    .startsWith(logprobs.get("tokens").get(i).asString());
        }
    }

    @Test
    void aContinuationScoredInThePromptHasTheLogprobsItWasGeneratedWith() throws Exception {
        JsonNode generated = completeOk(greedyRequest(4).put("prompt", PROMPT).put("logprobs", 0));
        double generatedSum = 0;
        for (JsonNode value : generated.at("/choices/0/logprobs/token_logprobs")) {
            generatedSum += value.asDouble();
        }
        GreedyOracle.Continuation greedy = tiny.oracle().greedy(PROMPT, 4);
        int[] prompt = tiny.oracle().promptTokens(PROMPT);
        int[] whole = Arrays.copyOf(prompt, prompt.length + 4);
        for (int i = 0; i < 4; i++) {
            whole[prompt.length + i] = greedy.tokens().get(i);
        }
        JsonNode scored =
                completeOk(greedyRequest(1).put("echo", true).put("logprobs", 0).set("prompt", ids(whole)));
        JsonNode values = scored.at("/choices/0/logprobs/token_logprobs");
        double scoredSum = 0;
        for (int i = prompt.length; i < whole.length; i++) {
            scoredSum += values.get(i).asDouble();
        }
        assertThat(scoredSum).isCloseTo(generatedSum, within(1e-3)).isLessThanOrEqualTo(0);
    }

    @Test
    void aStreamedEchoOpensWithThePromptAndItsLogprobs() throws Exception {
        int[] ids = tiny.oracle().promptTokens(PROMPT);
        GreedyOracle.Continuation greedy = tiny.oracle().greedy(PROMPT, 3);
        for (boolean logprobs : new boolean[] {true, false}) {
            ObjectNode request =
                    greedyRequest(3).put("prompt", PROMPT).put("echo", true).put("stream", true);
            if (logprobs) {
                request.put("logprobs", 1);
            }
            List<JsonNode> chunks = tiny.worker().postForChunks("/v1/completions", request.toString());
            assertThat(chunks.getFirst().at("/choices/0/text").asString()).isEqualTo(PROMPT);
            StringBuilder text = new StringBuilder();
            List<String> tokens = new ArrayList<>();
            for (JsonNode chunk : chunks) {
                text.append(chunk.at("/choices/0/text").asString());
                JsonNode listed = chunk.at("/choices/0/logprobs/tokens");
                listed.forEach(token -> tokens.add(token.asString()));
            }
            assertThat(text.toString()).isEqualTo(PROMPT + greedy.text(3));
            if (logprobs) {
                assertThat(chunks.getFirst().at("/choices/0/logprobs/tokens").size())
                        .isEqualTo(ids.length);
                assertThat(chunks.getFirst()
                                .at("/choices/0/logprobs/token_logprobs")
                                .get(0)
                                .isNull())
                        .isTrue();
                assertThat(tokens).hasSize(ids.length + 3);
            }
        }
    }

    private static void assertRefused(JsonNode prompt, String message) throws Exception {
        HttpResponse<String> response = complete(greedyRequest(1).set("prompt", prompt));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.get("message").asString()).contains(message);
        assertThat(error.get("param").asString()).isEqualTo("prompt");
        assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
    }

    private static ObjectNode greedyRequest(int maxTokens) {
        return JSON.createObjectNode()
                .put("max_tokens", maxTokens)
                .put("temperature", 0)
                .put("ignore_eos", true);
    }

    private static JsonNode ids(int[] tokens) {
        var array = JSON.createArrayNode();
        Arrays.stream(tokens).forEach(array::add);
        return array;
    }

    private static HttpResponse<String> complete(ObjectNode request) throws Exception {
        return tiny.worker().post("/v1/completions", request.toString());
    }

    private static JsonNode completeOk(ObjectNode request) throws Exception {
        return tiny.worker().postForJson("/v1/completions", request.toString());
    }
}
