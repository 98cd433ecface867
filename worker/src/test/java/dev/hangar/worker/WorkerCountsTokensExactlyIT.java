package dev.hangar.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.formats.tiny.TinyVocabulary;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code usage} and {@code finish_reason} are exact for every way a generation ends (the budget, the end-of-sequence
 * token, a stop string), streamed or not, alone or among 8 concurrent streams. The expectations come from the test's
 * own greedy decode ({@link GreedyOracle}) and from the worker's {@code /tokenize}, never from the answers.
 */
class WorkerCountsTokensExactlyIT {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final List<String> PROMPTS = List.of(
            "once upon a time",
            "the model",
            "hello",
            "what is it",
            "we have one",
            "a new day",
            "say this",
            "in the end");

    @RegisterExtension
    static final ServedTinyModel tiny = new ServedTinyModel("--parallel", "8");

    static Expected budget;
    static Expected endOfSequence;
    static Expected stopString;

    /** A request and what it must return. */
    record Expected(String body, String text, int promptTokens, int completionTokens, String finishReason) {}

    @BeforeAll
    static void expect() {
        budget = budgetEnding();
        endOfSequence = endOfSequenceEnding();
        stopString = stopStringEnding();
    }

    /** A prompt whose greedy continuation runs past 24 tokens without an end-of-sequence token. */
    static Expected budgetEnding() {
        for (String prompt : PROMPTS) {
            GreedyOracle.Continuation greedy = tiny.oracle().greedy(prompt, 24);
            if (!greedy.ended()) {
                return new Expected(body(prompt, 24, null), greedy.text(24), greedy.promptTokens(), 24, "length");
            }
        }
        throw new IllegalStateException("every prompt ends within 24 tokens");
    }

    /**
     * A prompt whose greedy continuation ends with the end-of-sequence token after at least 4 tokens, made likely
     * enough by a {@code logit_bias} on it (a random-weight model alone rarely gets there).
     */
    static Expected endOfSequenceEnding() {
        for (int bias = 1; bias <= 20; bias++) {
            Map<Integer, Float> biases = Map.of(TinyVocabulary.EOS_ID, (float) bias);
            for (String prompt : PROMPTS) {
                GreedyOracle.Continuation greedy = tiny.oracle().greedy(prompt, 64, biases);
                int count = greedy.tokens().size();
                if (greedy.ended() && count > 4) {
                    ObjectNode body = (ObjectNode) JSON.readTree(body(prompt, 64, null));
                    body.putObject("logit_bias").put(String.valueOf(TinyVocabulary.EOS_ID), bias);
                    return new Expected(body.toString(), greedy.text(count - 1), greedy.promptTokens(), count, "stop");
                }
            }
        }
        throw new IllegalStateException("no prompt's greedy continuation reaches an end-of-sequence token");
    }

    /**
     * A stop string made of the last character of one token and the first of the next, so it is split across
     * tokens; the generation ends at the token that completes its first appearance.
     */
    static Expected stopStringEnding() {
        for (String prompt : PROMPTS) {
            GreedyOracle.Continuation greedy = tiny.oracle().greedy(prompt, 48);
            for (int k = 4; k + 1 < greedy.tokens().size() - 1; k++) {
                String left = greedy.piece(k);
                String right = greedy.piece(k + 1);
                if (left.isEmpty() || right.isEmpty() || !printable(left) || !printable(right)) {
                    continue;
                }
                String stop = left.substring(left.length() - 1) + right.charAt(0);
                for (int j = 0; j < greedy.tokens().size(); j++) {
                    String text = greedy.text(j + 1);
                    int at = text.indexOf(stop);
                    if (at >= 0) {
                        return new Expected(
                                body(prompt, 48, stop), text.substring(0, at), greedy.promptTokens(), j + 1, "stop");
                    }
                }
            }
        }
        throw new IllegalStateException("no stop string found in the greedy continuations");
    }

    @Test
    void eachEndingIsExactWhenServedAlone() throws Exception {
        for (Expected expected : List.of(budget, endOfSequence, stopString)) {
            check(expected, false);
            check(expected, true);
        }
    }

    @Test
    void eachEndingIsExactAmongEightConcurrentStreamsAndMatchesTheSingleStreamOutput() throws Exception {
        List<Expected> cases =
                List.of(budget, endOfSequence, stopString, budget, endOfSequence, stopString, budget, endOfSequence);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> answers = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < cases.size(); i++) {
                Expected expected = cases.get(i);
                boolean stream = i % 2 == 0;
                answers.add(clients.submit((Callable<Void>) () -> {
                    go.await();
                    check(expected, stream);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> answer : answers) {
                answer.get();
            }
        }
    }

    @Test
    void tokenizeCountsThePromptAsItIsDecodedAndDetokenizeGivesTheTextBack() throws Exception {
        String prompt = "the quick brown fox";
        JsonNode tokens = tiny.worker()
                .postForJson(
                        "/tokenize",
                        JSON.createObjectNode()
                                .put("content", prompt)
                                .put("add_special", true)
                                .toString())
                .get("tokens");
        int[] expected = tiny.oracle().promptTokens(prompt);
        assertThat(tokens.size()).isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(tokens.get(i).asInt()).isEqualTo(expected[i]);
        }
        JsonNode text = tiny.worker().postForJson("/detokenize", "{\"tokens\":" + tokens + "}");
        assertThat(text.get("content").asString().strip()).isEqualTo(prompt);
        HttpResponse<String> bad = tiny.worker().post("/detokenize", "{\"tokens\":[1, 999999]}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("tokens[1]");
    }

    private static void check(Expected expected, boolean stream) throws Exception {
        ObjectNode request = (ObjectNode) JSON.readTree(expected.body());
        if (stream) {
            request.put("stream", true).putObject("stream_options").put("include_usage", true);
        }
        String body = request.toString();
        HttpResponse<String> response = tiny.worker().post("/v1/completions", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String text;
        String finish;
        JsonNode usage;
        if (stream) {
            StringBuilder streamed = new StringBuilder();
            finish = null;
            usage = null;
            for (String line : response.body().split("\n")) {
                if (!line.startsWith("data: {")) {
                    continue;
                }
                JsonNode chunk = JSON.readTree(line.substring("data: ".length()));
                JsonNode choice = chunk.at("/choices/0");
                if (!choice.isMissingNode()) {
                    streamed.append(choice.path("text").asString(""));
                    if (!choice.path("finish_reason").isNull()) {
                        finish = choice.path("finish_reason").asString();
                    }
                }
                if (chunk.hasNonNull("usage")) {
                    usage = chunk.get("usage");
                }
            }
            text = streamed.toString();
        } else {
            JsonNode answer = JSON.readTree(response.body());
            text = answer.at("/choices/0/text").asString();
            finish = answer.at("/choices/0/finish_reason").asString();
            usage = answer.get("usage");
        }
        String what = (stream ? "streamed " : "whole ") + expected.body();
        assertThat(text).as(what).isEqualTo(expected.text());
        assertThat(finish).as(what).isEqualTo(expected.finishReason());
        assertThat(usage.get("prompt_tokens").asInt()).as(what).isEqualTo(expected.promptTokens());
        assertThat(usage.get("completion_tokens").asInt()).as(what).isEqualTo(expected.completionTokens());
    }

    private static String body(String prompt, int maxTokens, String stop) {
        var body = JSON.createObjectNode()
                .put("prompt", prompt)
                .put("max_tokens", maxTokens)
                .put("temperature", 0);
        if (stop != null) {
            body.put("stop", stop);
        }
        return body.toString();
    }

    private static boolean printable(String text) {
        return text.chars().allMatch(c -> c >= 0x20 && c < 0x7F);
    }
}
