package dev.hangar.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hangar.formats.tiny.TinyVocabulary;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Logprobs in both APIs' shapes: each token's log-probability is the model's (checked against the test's own
 * log-softmax of llama.cpp's logits), and at temperature 0 the chosen token is the first of its alternatives.
 */
class WorkerReturnsLogprobsIT {
    static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static final ServedTinyModel tiny = new ServedTinyModel("--parallel", "2");

    @Test
    void completionLogprobsAreTheModelsAndTheChosenTokenIsTheTopOne() throws Exception {
        String prompt = "once upon a time";
        JsonNode answer = tiny.worker()
                .postForJson(
                        "/v1/completions",
                        JSON.createObjectNode()
                                .put("prompt", prompt)
                                .put("max_tokens", 6)
                                .put("temperature", 0)
                                .put("ignore_eos", true)
                                .put("logprobs", 3)
                                .toString());
        JsonNode logprobs = answer.at("/choices/0/logprobs");
        GreedyOracle.Continuation greedy = tiny.oracle().greedy(prompt, 6);
        assertThat(greedy.ended()).isFalse();
        assertThat(logprobs.get("token_logprobs").size()).isEqualTo(6);
        double sum = 0;
        for (int i = 0; i < 6; i++) {
            double logprob = logprobs.get("token_logprobs").get(i).asDouble();
            sum += logprob;
            assertThat(logprob).isCloseTo(greedy.logprobs().get(i), within(1e-4));
            assertThat(logprobs.get("tokens").get(i).asString()).isEqualTo(greedy.piece(i));
            JsonNode top = logprobs.get("top_logprobs").get(i);
            assertThat(top.size()).isBetween(1, 3);
            assertThat(top.properties().iterator().next().getValue().asDouble()).isCloseTo(logprob, within(1e-9));
        }
        assertThat(sum).isLessThanOrEqualTo(0);
        assertThat(String.join(
                        "",
                        logprobs.get("tokens")
                                .valueStream()
                                .map(JsonNode::asString)
                                .toList()))
                .isEqualTo(answer.at("/choices/0/text").asString());
    }

    @Test
    void chatLogprobsListEachTokenWithItsBytesAndAlternatives() throws Exception {
        String request = """
                {"messages":[{"role":"user","content":"hi"}],"max_tokens":5,"temperature":0,"ignore_eos":true,
                 "logprobs":true,"top_logprobs":2%s}""";
        JsonNode answer = tiny.worker().postForJson("/v1/chat/completions", request.formatted(""));
        JsonNode content = answer.at("/choices/0/logprobs/content");
        assertThat(content.size())
                .isEqualTo(answer.at("/usage/completion_tokens").asInt())
                .isEqualTo(5);
        for (JsonNode token : content) {
            assertThat(token.get("logprob").asDouble()).isLessThanOrEqualTo(0);
            byte[] bytes = new byte[token.get("bytes").size()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) token.get("bytes").get(i).asInt();
            }
            assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(token.get("token").asString());
            JsonNode top = token.get("top_logprobs");
            assertThat(top.size()).isEqualTo(2);
            assertThat(top.get(0).get("token").asString())
                    .isEqualTo(token.get("token").asString());
            assertThat(top.get(0).get("logprob").asDouble())
                    .isEqualTo(token.get("logprob").asDouble());
            assertThat(top.get(1).get("logprob").asDouble())
                    .isLessThanOrEqualTo(top.get(0).get("logprob").asDouble());
        }

        HttpResponse<String> streamed =
                tiny.worker().post("/v1/chat/completions", request.formatted(",\"stream\":true"));
        int streamedTokens = 0;
        for (String line : streamed.body().split("\n")) {
            if (line.startsWith("data: {")) {
                JsonNode logprobs = JSON.readTree(line.substring(6)).at("/choices/0/logprobs/content");
                streamedTokens += logprobs.isArray() ? logprobs.size() : 0;
            }
        }
        assertThat(streamedTokens).isEqualTo(5);
        HttpResponse<String> bad = tiny.worker()
                .post("/v1/chat/completions", request.formatted("").replace("true,\"top", "\"yes\",\"top"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"param\":\"logprobs\"");
    }

    @Test
    void aStopStringEndsTheLogprobsWhereItEndsTheText() throws Exception {
        String prompt = "the model said";
        GreedyOracle.Continuation greedy = tiny.oracle().greedy(prompt, 16);
        // A stop string that starts inside a token: its first character is sent, the rest and the stop are not.
        int start = 0;
        int cut = -1;
        String stop = null;
        String text = greedy.text(16);
        for (int k = 1; k < 15 && stop == null; k++) {
            start += greedy.piece(k - 1).length();
            String candidate = text.substring(start + 1, Math.min(text.length(), start + 3));
            if (greedy.piece(k).length() >= 2
                    && candidate.length() == 2
                    && candidate.chars().allMatch(c -> c >= ' ' && c < 127)
                    && text.indexOf(candidate) == start + 1) {
                stop = candidate;
                cut = k;
            }
        }
        assertThat(stop).as("a stop string inside one of %s", greedy.text(16)).isNotNull();
        String content = greedy.text(16).substring(0, start + 1);
        String request = JSON.createObjectNode()
                .put("prompt", prompt)
                .put("max_tokens", 16)
                .put("temperature", 0)
                .put("ignore_eos", true)
                .put("logprobs", 1)
                .put("stop", stop)
                .toString();
        JsonNode answer = tiny.worker().postForJson("/v1/completions", request);
        assertThat(answer.at("/choices/0/text").asString()).isEqualTo(content);
        assertThat(answer.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
        JsonNode logprobs = answer.at("/choices/0/logprobs");
        assertThat(joined(logprobs.get("tokens"))).isEqualTo(content);
        assertThat(logprobs.get("token_logprobs").size()).isEqualTo(cut + 1);
        for (int i = 0; i <= cut; i++) {
            assertThat(logprobs.get("token_logprobs").get(i).asDouble())
                    .isCloseTo(greedy.logprobs().get(i), within(1e-4));
        }
        assertThat(logprobs.get("tokens").get(cut).asString())
                .isEqualTo(greedy.piece(cut).substring(0, 1));

        StringBuilder streamedText = new StringBuilder();
        StringBuilder streamedTokens = new StringBuilder();
        for (JsonNode chunk : tiny.worker()
                .postForChunks("/v1/completions", request.replace("\"logprobs\"", "\"stream\":true,\"logprobs\""))) {
            streamedText.append(chunk.at("/choices/0/text").asString());
            streamedTokens.append(joined(chunk.at("/choices/0/logprobs/tokens")));
        }
        assertThat(streamedText.toString()).isEqualTo(content);
        assertThat(streamedTokens.toString()).isEqualTo(content);
    }

    @Test
    void anEndOfGenerationTokenHasNoEntryAndTheRestMatchTheText() throws Exception {
        for (int bias = 1; bias <= 20; bias++) {
            Map<Integer, Float> biases = Map.of(TinyVocabulary.EOS_ID, (float) bias);
            for (String prompt : WorkerCountsTokensExactlyIT.PROMPTS) {
                GreedyOracle.Continuation greedy = tiny.oracle().greedy(prompt, 64, biases);
                if (greedy.ended() && greedy.tokens().size() > 2) {
                    assertEndOfGenerationEnding(prompt, bias, greedy);
                    return;
                }
            }
        }
        throw new AssertionError("no bias up to 20 made a greedy continuation end with the end-of-generation token");
    }

    private static void assertEndOfGenerationEnding(String prompt, int bias, GreedyOracle.Continuation greedy)
            throws Exception {
        ObjectNode body = JSON.createObjectNode()
                .put("prompt", prompt)
                .put("max_tokens", 64)
                .put("temperature", 0)
                .put("logprobs", 1);
        body.putObject("logit_bias").put(String.valueOf(TinyVocabulary.EOS_ID), bias);
        JsonNode answer = tiny.worker().postForJson("/v1/completions", body.toString());
        int generated = greedy.tokens().size();
        assertThat(answer.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
        assertThat(answer.at("/usage/completion_tokens").asInt()).isEqualTo(generated);
        JsonNode logprobs = answer.at("/choices/0/logprobs");
        assertThat(logprobs.get("tokens").size()).isEqualTo(generated - 1);
        assertThat(joined(logprobs.get("tokens")))
                .isEqualTo(answer.at("/choices/0/text").asString())
                .isEqualTo(greedy.text(generated - 1));
    }

    private static String joined(JsonNode tokens) {
        StringBuilder text = new StringBuilder();
        tokens.forEach(token -> text.append(token.asString()));
        return text.toString();
    }
}
