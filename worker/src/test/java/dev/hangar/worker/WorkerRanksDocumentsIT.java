package dev.hangar.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.formats.tiny.TinyModel;
import dev.hangar.formats.tiny.TinyReranker;
import dev.hangar.worker.llama.ContextSettings;
import dev.hangar.worker.llama.LlamaBatch;
import dev.hangar.worker.llama.LlamaContext;
import dev.hangar.worker.llama.LlamaLibrary;
import dev.hangar.worker.llama.LlamaModel;
import dev.hangar.worker.llama.PoolingType;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /v1/rerank} on a tiny reranker (a qwen3-architecture model with a two-label classification head and rank
 * pooling in its file): each score is the head's first label's probability for the pair's last token state, which the
 * test computes itself from that state (read through the binding without pooling) and the head's weights.
 */
class WorkerRanksDocumentsIT {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String QUERY = "what is the model";
    static final List<String> DOCUMENTS =
            List.of("the model is a test", "hello there", "once upon a time", "what is it we have");
    static final TinyReranker RERANKER = new TinyReranker(TinyModel.ofSize("100k", 42));

    @TempDir
    static Path dir;

    static Path model;
    static WorkerProcess worker;

    @BeforeAll
    static void start() throws Exception {
        model = dir.resolve("reranker.gguf");
        RERANKER.writeGguf(model, GgmlType.F32);
        worker = WorkerProcess.start(model, dir, "--parallel", "2");
        worker.awaitReady();
    }

    @AfterAll
    static void stop() throws Exception {
        worker.close();
    }

    @Test
    void documentsComeMostRelevantFirstWithTheHeadsScores() throws Exception {
        double[] expected = new double[DOCUMENTS.size()];
        int tokens = 0;
        float[][] head = RERANKER.head();
        try (LlamaModel loaded = LlamaModel.load(LlamaLibrary.loadConfigured(), model);
                LlamaContext context =
                        LlamaContext.create(loaded, new ContextSettings(512, 512, 512, 1, 1, true, PoolingType.NONE));
                LlamaBatch batch = LlamaBatch.allocate(LlamaLibrary.loadConfigured(), 512)) {
            for (int n = 0; n < DOCUMENTS.size(); n++) {
                // llama.cpp's server's pair for a vocabulary that adds BOS and neither EOS nor SEP: BOS query document.
                int[] pair = IntStream.concat(
                                IntStream.of(loaded.vocab().bos()),
                                IntStream.concat(
                                        IntStream.of(loaded.vocab().tokenize(QUERY, false, false)),
                                        IntStream.of(loaded.vocab().tokenize(DOCUMENTS.get(n), false, false))))
                        .toArray();
                tokens += pair.length;
                batch.clear();
                for (int i = 0; i < pair.length; i++) {
                    batch.add(pair[i], i, 0, i == pair.length - 1);
                }
                context.decode(batch);
                float[] state = context.tokenEmbedding(pair.length - 1);
                context.memory().removeSequence(0);
                double yes = dot(head[0], state);
                double no = dot(head[1], state);
                expected[n] = 1 / (1 + Math.exp(no - yes));
            }
        }
        ObjectNode request =
                JSON.createObjectNode().put("query", QUERY).put("top_n", 3).put("return_documents", true);
        DOCUMENTS.forEach(request.putArray("documents")::add);
        JsonNode answer = ok(worker.post("/v1/rerank", request.toString()));

        List<Integer> order = IntStream.range(0, DOCUMENTS.size())
                .boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> expected[i]).reversed())
                .toList();
        JsonNode results = answer.get("results");
        assertThat(results.size()).isEqualTo(3);
        for (int rank = 0; rank < 3; rank++) {
            JsonNode result = results.get(rank);
            int index = order.get(rank);
            assertThat(result.get("index").asInt()).isEqualTo(index);
            assertThat(result.get("relevance_score").asDouble()).isCloseTo(expected[index], within(1e-4));
            assertThat(result.at("/document/text").asString()).isEqualTo(DOCUMENTS.get(index));
        }
        assertThat(answer.at("/usage/prompt_tokens").asInt()).isEqualTo(tokens);
        assertThat(expected[order.get(0)]).isGreaterThan(expected[order.get(3)]);
    }

    @Test
    void aRerankerDoesNotEmbedAndBadRequestsNameTheirField() throws Exception {
        HttpResponse<String> embedding = worker.post("/v1/embeddings", "{\"input\":\"hello\"}");
        assertThat(embedding.statusCode()).isEqualTo(400);
        assertThat(embedding.body()).contains("/v1/rerank");
        assertRefused("{\"documents\":[\"a\"]}", "query");
        assertRefused("{\"query\":\"q\",\"documents\":[]}", "documents");
        assertRefused("{\"query\":\"q\",\"documents\":[\"a\",3]}", "documents");
        assertRefused("{\"query\":\"q\",\"documents\":[\"a\"],\"top_n\":0}", "top_n");
    }

    @Test
    void aModelWithoutRankPoolingIsRefusedClearly() throws Exception {
        Path plain = dir.resolve("plain.gguf");
        TinyModel.ofSize("100k", 42).writeGguf(plain, GgmlType.F16);
        try (WorkerProcess other = WorkerProcess.start(plain, dir).awaitReady()) {
            HttpResponse<String> answer = other.post("/v1/rerank", "{\"query\":\"q\",\"documents\":[\"a\",\"b\"]}");
            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(answer.body()).at("/error/message").asString())
                    .contains("does not rank")
                    .contains("rank pooling")
                    .contains("pools last embeddings");
        }
        try (WorkerProcess forced = WorkerProcess.start(plain, dir, "--pooling", "rank")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !forced.process.isAlive());
            assertThat(forced.process.exitValue()).isNotZero();
            assertThat(Files.readString(forced.stderr)).contains("no classification head");
        }
    }

    private static void assertRefused(String body, String field) throws Exception {
        HttpResponse<String> answer = worker.post("/v1/rerank", body);
        assertThat(answer.statusCode()).as(body).isEqualTo(400);
        assertThat(JSON.readTree(answer.body()).at("/error/param").asString()).isEqualTo(field);
    }

    private static double dot(float[] row, float[] state) {
        double sum = 0;
        for (int i = 0; i < row.length; i++) {
            sum += (double) row[i] * state[i];
        }
        return sum;
    }

    private static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
