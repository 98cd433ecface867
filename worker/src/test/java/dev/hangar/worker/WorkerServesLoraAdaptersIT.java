package dev.hangar.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.formats.tiny.TinyLoraAdapter;
import dev.hangar.formats.tiny.TinyModel;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * LoRA adapters on one base: selected per request by {@code model} ({@code tiny:NAME}) or {@code lora}, loaded and
 * unloaded while the worker serves, each request answered with its own adapter's weights even when requests of
 * different adapters run at once. Expected answers come from the test's own llama.cpp decode ({@link GreedyOracle})
 * with the same adapter file applied, or from the same request run alone.
 */
class WorkerServesLoraAdaptersIT {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final TinyModel BASE = TinyModel.ofSize("100k", 42);
    static final String PROMPT = "once upon a time the model said hello";
    static final int TOKENS = 12;

    @TempDir
    static Path dir;

    static Path baseFile;
    static Path alpha;
    static Path beta;
    static Path gamma;
    static WorkerProcess worker;
    static GreedyOracle oracle;

    @BeforeAll
    static void start() throws Exception {
        baseFile = dir.resolve("tiny.gguf");
        BASE.writeGguf(baseFile, GgmlType.F16);
        alpha = dir.resolve("alpha.gguf");
        beta = dir.resolve("beta.gguf");
        gamma = dir.resolve("gamma.gguf");
        TinyLoraAdapter.of(BASE, 1).writeGguf(alpha);
        TinyLoraAdapter.of(BASE, 2).writeGguf(beta);
        TinyLoraAdapter.of(BASE, 3).writeGguf(gamma);
        worker = WorkerProcess.start(
                baseFile, dir, "--parallel", "4", "--lora", "alpha=" + alpha, "--lora", "beta=" + beta + ":1.0");
        oracle = GreedyOracle.open(baseFile);
        worker.awaitReady();
    }

    @AfterAll
    static void stop() throws Exception {
        worker.close();
        oracle.close();
    }

    @Test
    void anAdapterChangesTheAnswerAndUnloadingItRestoresTheBaseAnswerExactly() throws Exception {
        String base = text(complete("tiny", PROMPT));
        assertThat(base).isEqualTo(oracleText(PROMPT));
        loadAdapter("gamma", gamma, 200);

        JsonNode adapted = complete("tiny:gamma", PROMPT);

        oracle.useAdapter(gamma, 1f);
        String expected = oracleText(PROMPT);
        oracle.useBase();
        assertThat(text(adapted)).isEqualTo(expected).isNotEqualTo(base);
        assertThat(adapted.at("/usage/prompt_tokens_details/cached_tokens").asInt())
                .as("cells the base computed for the same prompt are not the adapter's")
                .isZero();
        assertThat(text(complete("tiny", PROMPT))).as("the base is untouched").isEqualTo(base);

        HttpResponse<String> unloaded = delete("/adapters/gamma");
        assertThat(unloaded.statusCode()).as(unloaded.body()).isEqualTo(200);

        assertThat(text(complete("tiny", PROMPT))).isEqualTo(base);
        HttpResponse<String> gone = post(request("tiny:gamma", PROMPT));
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(gone.body()).at("/error/code").asString()).isEqualTo("model_not_found");
        assertThat(JSON.readTree(gone.body()).at("/error/message").asString()).contains("gamma");
    }

    @Test
    void theLoraFieldChoosesAdaptersWithScales() throws Exception {
        oracle.useAdapter(beta, 0.5f);
        String halfBeta = oracleText(PROMPT);
        oracle.useBase();
        String base = oracleText(PROMPT);

        var half = request("tiny", PROMPT);
        half.putArray("lora").addObject().put("name", "beta").put("scale", 0.5);
        var off = request("tiny", PROMPT);
        off.putArray("lora").addObject().put("name", "beta").put("scale", 0);

        assertThat(text(ok(post(half)))).isEqualTo(halfBeta);
        assertThat(text(ok(post(off)))).as("scale 0 is the base").isEqualTo(base);
        var unknown = request("tiny", PROMPT);
        unknown.putArray("lora").addObject().put("name", "nope");
        HttpResponse<String> refused = post(unknown);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("nope").contains("alpha").contains("beta");
    }

    @Test
    void modelsListTheBaseAndEachLoadedAdapter() throws Exception {
        JsonNode models = JSON.readTree(worker.get("/v1/models").body());

        List<String> ids = new ArrayList<>();
        models.get("data").forEach(model -> ids.add(model.get("id").asString()));
        assertThat(ids).startsWith("tiny").contains("tiny:alpha", "tiny:beta");
        HttpResponse<String> one = worker.get("/v1/models/tiny:alpha");
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(one.body()).get("parent").asString()).isEqualTo("tiny");
    }

    @Test
    void aBrokenAdapterFileIsRefusedWithLlamaCppsReasonAndTheWorkerKeepsServing() throws Exception {
        Path garbage = dir.resolve("garbage.gguf");
        Files.write(garbage, "GGUF but not really a file at all".getBytes(StandardCharsets.UTF_8));
        Path otherBase = dir.resolve("other-base-lora.gguf");
        TinyLoraAdapter.of(TinyModel.ofSize("1M", 42), 1).writeGguf(otherBase);
        String base = text(complete("tiny", PROMPT));

        HttpResponse<String> notGguf = postAdapter("garbage", garbage);
        HttpResponse<String> wrongBase = postAdapter("wrong", otherBase);
        HttpResponse<String> aModel = postAdapter("model", baseFile);

        for (HttpResponse<String> refused : List.of(notGguf, wrongBase, aModel)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(JSON.readTree(refused.body()).at("/error/message").asString())
                    .contains("could not load the LoRA adapter");
        }
        assertThat(JSON.readTree(wrongBase.body()).at("/error/message").asString())
                .contains("wrong base model");
        assertThat(JSON.readTree(aModel.body()).at("/error/message").asString())
                .contains("general.type to be 'adapter'");
        assertThat(worker.healthStatus()).isEqualTo(200);
        assertThat(text(complete("tiny", PROMPT))).isEqualTo(base);
        assertThat(JSON.readTree(worker.get("/adapters").body()).get("data").size())
                .isGreaterThanOrEqualTo(2)
                .isLessThanOrEqualTo(3);
    }

    @Test
    void anAdapterInUseIsNotUnloadedUntilItsRequestsEnd() throws Exception {
        loadAdapter("busy", gamma, 200);
        var streaming = request("tiny:busy", PROMPT).put("stream", true).put("max_tokens", 2000);
        streaming.put("ignore_eos", true);
        HttpResponse<InputStream> stream = worker.http.send(
                HttpRequest.newBuilder(worker.uri("/v1/completions"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(streaming.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertThat(events.readLine()).startsWith("data: ");

            HttpResponse<String> refused = delete("/adapters/busy");

            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
            assertThat(refused.body()).contains("in use by 1 request");
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> delete("/adapters/busy").statusCode() == 200);
    }

    @Test
    void twoAdaptersAlternatingAtFourStreamsEachGetTheirOwnAnswer() throws Exception {
        List<String> prompts = List.of(PROMPT, "we have one new day and the model said");
        List<String> models = List.of("tiny:alpha", "tiny:beta");
        Map<String, String> alone = new HashMap<>();
        for (String prompt : prompts) {
            for (String model : models) {
                alone.put(model + "|" + prompt, text(complete(model, prompt)));
            }
        }
        assertThat(alone.get("tiny:alpha|" + PROMPT)).isNotEqualTo(alone.get("tiny:beta|" + PROMPT));

        List<String> keys = new ArrayList<>();
        List<Future<String>> answers = new ArrayList<>();
        try (ExecutorService streams = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 16; i++) {
                String model = models.get(i % 2);
                String prompt = prompts.get((i / 2) % 2);
                keys.add(model + "|" + prompt);
                answers.add(streams.submit(() -> text(complete(model, prompt))));
            }
        }

        for (int i = 0; i < keys.size(); i++) {
            assertThat(answers.get(i).get()).as(keys.get(i)).isEqualTo(alone.get(keys.get(i)));
        }
    }

    private static String oracleText(String prompt) {
        GreedyOracle.Continuation cold = oracle.greedy(prompt, TOKENS);
        return cold.text(cold.tokens().size() - (cold.ended() ? 1 : 0));
    }

    private static void loadAdapter(String name, Path file, int status) throws Exception {
        HttpResponse<String> loaded = postAdapter(name, file);
        assertThat(loaded.statusCode()).as(loaded.body()).isEqualTo(status == 200 ? 201 : status);
    }

    private static HttpResponse<String> postAdapter(String name, Path file) throws Exception {
        return worker.post(
                "/adapters",
                JSON.createObjectNode()
                        .put("name", name)
                        .put("path", file.toString())
                        .toString());
    }

    private static HttpResponse<String> delete(String path) throws Exception {
        return worker.http.send(
                HttpRequest.newBuilder(worker.uri(path))
                        .timeout(Duration.ofSeconds(30))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static tools.jackson.databind.node.ObjectNode request(String model, String prompt) {
        return JSON.createObjectNode()
                .put("model", model)
                .put("prompt", prompt)
                .put("max_tokens", TOKENS)
                .put("temperature", 0);
    }

    private static HttpResponse<String> post(tools.jackson.databind.node.ObjectNode body) throws Exception {
        return worker.post("/v1/completions", body.toString());
    }

    private static JsonNode complete(String model, String prompt) throws Exception {
        return ok(post(request(model, prompt)));
    }

    private static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String text(JsonNode completion) {
        return completion.at("/choices/0/text").asString();
    }
}
