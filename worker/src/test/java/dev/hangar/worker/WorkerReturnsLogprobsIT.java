package dev.hangar.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
}
