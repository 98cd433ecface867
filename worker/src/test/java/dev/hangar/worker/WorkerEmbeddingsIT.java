package dev.hangar.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.formats.tiny.TinyModel;
import dev.hangar.worker.llama.ContextSettings;
import dev.hangar.worker.llama.LlamaBatch;
import dev.hangar.worker.llama.LlamaContext;
import dev.hangar.worker.llama.LlamaLibrary;
import dev.hangar.worker.llama.LlamaModel;
import dev.hangar.worker.llama.PoolingType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code --pooling mean}: each input's vector is the mean of its token states, normalised to unit length, with many
 * inputs in one request. The expected vectors are computed here, through the binding, from per-token embeddings.
 */
class WorkerEmbeddingsIT {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final List<String> INPUTS = List.of(
            "the quick brown fox",
            "hello",
            "what is this thing we have",
            "a",
            "once upon a time there was one",
            "say it",
            "we will see",
            "in the end",
            "one more",
            "and the last one");

    @TempDir
    static Path dir;

    static Path model;
    static WorkerProcess worker;

    @BeforeAll
    static void start() throws Exception {
        model = dir.resolve("tiny.gguf");
        TinyModel.ofSize("100k", 42).writeGguf(model, GgmlType.F32);
        worker = WorkerProcess.start(model, dir, "--pooling", "mean", "--parallel", "2");
        worker.awaitReady();
    }

    @AfterAll
    static void stop() throws Exception {
        worker.close();
    }

    @Test
    void meanPooledVectorsAreTheNormalisedMeanOfTheTokenEmbeddings() throws Exception {
        var request = JSON.createObjectNode();
        var input = request.putArray("input");
        INPUTS.forEach(input::add);
        var response = worker.post("/v1/embeddings", request.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode data = JSON.readTree(response.body()).get("data");
        assertThat(data.size()).isEqualTo(INPUTS.size());
        int tokens = 0;
        try (LlamaModel loaded = LlamaModel.load(LlamaLibrary.loadConfigured(), model);
                LlamaContext context =
                        LlamaContext.create(loaded, new ContextSettings(512, 512, 512, 1, 1, true, PoolingType.NONE));
                LlamaBatch batch = LlamaBatch.allocate(LlamaLibrary.loadConfigured(), 512)) {
            for (int n = 0; n < INPUTS.size(); n++) {
                int[] prompt = loaded.vocab().tokenize(INPUTS.get(n), true, true);
                tokens += prompt.length;
                batch.clear();
                for (int i = 0; i < prompt.length; i++) {
                    batch.add(prompt[i], i, 0, true);
                }
                context.decode(batch);
                double[] mean = new double[loaded.embeddingLength()];
                for (int i = 0; i < prompt.length; i++) {
                    float[] token = context.tokenEmbedding(i);
                    for (int d = 0; d < mean.length; d++) {
                        mean[d] += token[d] / (double) prompt.length;
                    }
                }
                context.memory().removeSequence(0);
                double norm =
                        Math.sqrt(java.util.Arrays.stream(mean).map(v -> v * v).sum());
                JsonNode vector = data.get(n).get("embedding");
                assertThat(data.get(n).get("index").asInt()).isEqualTo(n);
                assertThat(vector.size()).isEqualTo(mean.length);
                for (int d = 0; d < mean.length; d++) {
                    assertThat(vector.get(d).asDouble())
                            .as("input %d, dimension %d", n, d)
                            .isCloseTo(mean[d] / norm, within(1e-4));
                }
            }
        }
        assertThat(JSON.readTree(response.body()).at("/usage/prompt_tokens").asInt())
                .isEqualTo(tokens);
        assertThat(JSON.readTree(worker.get("/info").body())
                        .at("/engine/pooling")
                        .asString())
                .isEqualTo("mean");
    }
}
