package dev.hangar.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.formats.tiny.TinyModel;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One real worker process on a generated tiny model, answering the OpenAI API. */
class WorkerServesOpenAiIT {
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;

    static WorkerProcess worker;

    @BeforeAll
    static void startWorker() throws Exception {
        Path model = dir.resolve("tiny.gguf");
        TinyModel.ofSize("100k", 42).writeGguf(model, GgmlType.F16);
        worker = WorkerProcess.start(model, dir, "--parallel", "2", "--served-model-name", "tiny");
        worker.awaitReady();
    }

    @AfterAll
    static void stopWorker() throws Exception {
        worker.close();
    }

    @Test
    void chatCompletionReturnsTextWithUsageCountedByTheModelsTokenizer() throws Exception {
        JsonNode answer = ok(worker.post("/v1/chat/completions", """
                {"model":"tiny","messages":[{"role":"user","content":"hello there"}],
                 "max_tokens":8,"ignore_eos":true,"seed":3}"""));
        // The same text through the raw completion route: ChatML markers are single tokens, plus BOS.
        JsonNode raw = ok(worker.post("/v1/completions", """
                {"prompt":"<|im_start|>user\\nhello there<|im_end|>\\n<|im_start|>assistant\\n","max_tokens":1}"""));

        assertThat(answer.at("/object").asString()).isEqualTo("chat.completion");
        assertThat(answer.at("/choices/0/message/role").asString()).isEqualTo("assistant");
        assertThat(answer.at("/choices/0/message/content").asString()).isNotEmpty();
        assertThat(answer.at("/choices/0/finish_reason").asString()).isEqualTo("length");
        assertThat(answer.at("/usage/completion_tokens").asInt()).isEqualTo(8);
        assertThat(answer.at("/usage/prompt_tokens").asInt())
                .isEqualTo(raw.at("/usage/prompt_tokens").asInt());
        assertThat(answer.at("/usage/total_tokens").asInt())
                .isEqualTo(answer.at("/usage/prompt_tokens").asInt() + 8);
    }

    @Test
    void budgetEndedCompletionCountsEveryTokenEvenWhenTokensSplitMultiByteCharacters() throws Exception {
        // The random tiny model samples byte tokens freely: these 100 tokens hold multi-byte characters that
        // llama.cpp streams as 94 outputs (each character's tokens merged into one).
        JsonNode answer = ok(worker.post("/v1/completions", """
                {"prompt":"hello","max_tokens":100,"ignore_eos":true,"seed":7}"""));

        assertThat(answer.at("/choices/0/text").asString()).containsPattern("[^\\x00-\\x7F]");
        assertThat(answer.at("/usage/completion_tokens").asInt()).isEqualTo(100);
        assertThat(answer.at("/choices/0/finish_reason").asString()).isEqualTo("length");
    }

    @Test
    void streamingSendsRoleChunkDeltasFinishReasonUsageThenDone() throws Exception {
        HttpResponse<String> response = worker.post("/v1/chat/completions", """
                {"messages":[{"role":"user","content":"hi"}],"max_tokens":6,"ignore_eos":true,"seed":1,
                 "stream":true,"stream_options":{"include_usage":true}}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        List<String> data = dataLines(response.body());
        assertThat(data.getLast()).isEqualTo("[DONE]");
        List<JsonNode> chunks =
                data.subList(0, data.size() - 1).stream().map(JSON::readTree).toList();
        assertThat(chunks.getFirst().at("/choices/0/delta/role").asString()).isEqualTo("assistant");
        JsonNode finish = chunks.get(chunks.size() - 2);
        assertThat(finish.at("/choices/0/finish_reason").asString()).isEqualTo("length");
        JsonNode usage = chunks.getLast();
        assertThat(usage.at("/choices").size()).isZero();
        assertThat(usage.at("/usage/completion_tokens").asInt()).isEqualTo(6);
        StringBuilder text = new StringBuilder();
        chunks.subList(1, chunks.size() - 2).forEach(chunk -> {
            assertThat(chunk.at("/object").asString()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.at("/choices/0/finish_reason").isNull()).isTrue();
            text.append(chunk.at("/choices/0/delta/content").asString());
        });
        assertThat(text).isNotEmpty();
    }

    @Test
    void streamOpensWithTheFirstTokenInItsFirstWriteThenOneWritePerTokenAndOneForTheEnd() throws Exception {
        // Chunked transfer encoding shows the worker's writes: each flush is one chunk.
        List<String> writes = chunkedWrites("/v1/chat/completions", """
                {"messages":[{"role":"user","content":"hi"}],"max_tokens":6,"ignore_eos":true,"seed":1,
                 "stream":true,"stream_options":{"include_usage":true}}""");

        // Six tokens make at least two outputs: llama.cpp merges only the tokens of one character.
        List<String> opening = dataLines(writes.getFirst());
        assertThat(opening).hasSize(2);
        assertThat(JSON.readTree(opening.get(0)).at("/choices/0/delta/role").asString())
                .isEqualTo("assistant");
        assertThat(JSON.readTree(opening.get(1)).at("/choices/0/delta/content").asString())
                .isNotEmpty();
        assertThat(writes.subList(1, writes.size() - 1))
                .isNotEmpty()
                .allSatisfy(write -> assertThat(dataLines(write)).hasSize(1));
        List<String> end = dataLines(writes.getLast());
        assertThat(end).hasSize(3);
        assertThat(JSON.readTree(end.get(0)).at("/choices/0/finish_reason").asString())
                .isEqualTo("length");
        assertThat(JSON.readTree(end.get(1)).at("/usage/completion_tokens").asInt())
                .isEqualTo(6);
        assertThat(end.get(2)).isEqualTo("[DONE]");
    }

    @Test
    void sameSeedGivesTheSameSampledText() throws Exception {
        String request = """
                {"prompt":"once upon a time","max_tokens":20,"temperature":1.0,"seed":1234,"ignore_eos":true}""";

        String first = ok(worker.post("/v1/completions", request))
                .at("/choices/0/text")
                .asString();
        String second = ok(worker.post("/v1/completions", request))
                .at("/choices/0/text")
                .asString();
        String otherSeed = ok(worker.post("/v1/completions", request.replace("1234", "99")))
                .at("/choices/0/text")
                .asString();

        assertThat(second).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void stopStringEndsTheTextBeforeIt() throws Exception {
        String request = """
                {"prompt":"the model","max_tokens":40,"temperature":0,"ignore_eos":true%s}""";
        String full = ok(worker.post("/v1/completions", request.formatted("")))
                .at("/choices/0/text")
                .asString();
        String stop = full.substring(full.length() / 2, full.length() / 2 + 3);

        JsonNode stopped =
                ok(worker.post("/v1/completions", request.formatted(",\"stop\":" + JSON.writeValueAsString(stop))));

        assertThat(stopped.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
        assertThat(stopped.at("/choices/0/text").asString())
                .isEqualTo(full.substring(0, full.indexOf(stop)))
                .doesNotContain(stop);
    }

    @Test
    void jsonObjectResponseFormatYieldsParsableJson() throws Exception {
        JsonNode answer = ok(worker.post("/v1/chat/completions", """
                {"messages":[{"role":"user","content":"give json"}],"max_tokens":300,"temperature":0,
                 "response_format":{"type":"json_object"}}"""));

        String content = answer.at("/choices/0/message/content").asString();
        assertThat(answer.at("/choices/0/finish_reason").asString()).as(content).isEqualTo("stop");
        assertThat(JSON.readTree(content).isObject()).as(content).isTrue();
    }

    @Test
    void jsonSchemaResponseFormatYieldsAnObjectWithTheRequiredField() throws Exception {
        JsonNode answer = ok(worker.post("/v1/chat/completions", """
                {"messages":[{"role":"user","content":"name a city"}],"max_tokens":200,"temperature":0,
                 "response_format":{"type":"json_schema","json_schema":{"name":"city","schema":{
                   "type":"object","properties":{"city":{"type":"string","maxLength":12}},
                   "required":["city"],"additionalProperties":false}}}}"""));

        String content = answer.at("/choices/0/message/content").asString();
        assertThat(answer.at("/choices/0/finish_reason").asString()).as(content).isEqualTo("stop");
        assertThat(JSON.readTree(content).get("city").isString()).as(content).isTrue();
    }

    @Test
    void aJsonSchemaTheGrammarCannotFollowIs400InOpenAisShapeNamingTheKeyword() throws Exception {
        HttpResponse<String> response = worker.post("/v1/chat/completions", """
                {"messages":[{"role":"user","content":"hi"}],"max_tokens":5,
                 "response_format":{"type":"json_schema","json_schema":{"name":"odd","schema":{
                   "type":"object","properties":{"n":{"type":"integer","multipleOf":3}}}}}}""");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.get("param").asString()).isEqualTo("response_format");
        assertThat(error.get("message").asString()).contains("multipleOf").contains("#/properties/n");
    }

    @Test
    void streamingCompletionSendsTheSameTextAsTheWholeAnswerThenUsageAndDone() throws Exception {
        String request = """
                {"prompt":"the model","max_tokens":12,"temperature":0,"ignore_eos":true%s}""";
        String whole = ok(worker.post("/v1/completions", request.formatted("")))
                .at("/choices/0/text")
                .asString();

        HttpResponse<String> response = worker.post(
                "/v1/completions", request.formatted(",\"stream\":true,\"stream_options\":{\"include_usage\":true}"));

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> data = dataLines(response.body());
        assertThat(data.getLast()).isEqualTo("[DONE]");
        List<JsonNode> chunks =
                data.subList(0, data.size() - 1).stream().map(JSON::readTree).toList();
        StringBuilder text = new StringBuilder();
        chunks.subList(0, chunks.size() - 1).forEach(chunk -> {
            assertThat(chunk.at("/object").asString()).isEqualTo("text_completion");
            text.append(chunk.at("/choices/0/text").asString());
        });
        assertThat(text.toString()).isEqualTo(whole);
        assertThat(chunks.get(chunks.size() - 2).at("/choices/0/finish_reason").asString())
                .isEqualTo("length");
        assertThat(chunks.getLast().at("/usage/completion_tokens").asInt()).isEqualTo(12);
    }

    @Test
    void embeddingsHaveTheModelsDimensionAndAreDeterministic() throws Exception {
        String request = """
                {"model":"tiny","input":["hello world","something else"]}""";

        JsonNode first = ok(worker.post("/v1/embeddings", request));
        JsonNode second = ok(worker.post("/v1/embeddings", request));
        JsonNode base64 = ok(worker.post("/v1/embeddings", request.replace("}", ",\"encoding_format\":\"base64\"}")));

        assertThat(first.at("/data").size()).isEqualTo(2);
        assertThat(first.at("/data/0/embedding").size()).isEqualTo(32);
        assertThat(second.at("/data")).isEqualTo(first.at("/data"));
        assertThat(first.at("/data/1/embedding")).isNotEqualTo(first.at("/data/0/embedding"));
        assertThat(first.at("/usage/prompt_tokens").asInt()).isPositive();
        float[] decoded = decode(base64.at("/data/0/embedding").asString());
        assertThat(decoded).hasSize(32);
        assertThat(decoded[0]).isEqualTo(first.at("/data/0/embedding/0").floatValue());
    }

    @Test
    void promptLongerThanTheContextIs400SayingTheNumbers() throws Exception {
        String longPrompt = "hello world ".repeat(3000);

        HttpResponse<String> response =
                worker.post("/v1/completions", "{\"prompt\":\"" + longPrompt + "\",\"max_tokens\":10}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.get("code").asString()).isEqualTo("context_length_exceeded");
        assertThat(error.get("message").asString())
                .containsPattern("the prompt has \\d{4} tokens")
                .contains("2048 tokens per request");
    }

    @Test
    void moreThanOneChoiceIsRejectedClearly() throws Exception {
        HttpResponse<String> response = worker.post("/v1/chat/completions", """
                {"messages":[{"role":"user","content":"hi"}],"n":2}""");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).at("/error/param").asString()).isEqualTo("n");
    }

    @Test
    void modelsInfoAndMetricsDescribeTheWorker() throws Exception {
        JsonNode models = ok(worker.get("/v1/models"));
        JsonNode info = ok(worker.get("/info"));
        String metrics = worker.get("/metrics").body();

        assertThat(models.at("/data/0/id").asString()).isEqualTo("tiny");
        assertThat(info.at("/model/architecture").asString()).isEqualTo("llama");
        assertThat(info.at("/model/embedding_length").asInt()).isEqualTo(32);
        assertThat(info.at("/engine/parallel").asInt()).isEqualTo(2);
        assertThat(metrics)
                .contains("hangar_worker_requests_total{route=\"/v1/models\",status=\"200\"}")
                .contains("hangar_worker_slots_total 2")
                .contains("hangar_worker_time_to_first_token_seconds_bucket");
    }

    @Test
    void predictMapsInputsAndParametersToACompletion() throws Exception {
        JsonNode answer = ok(worker.post("/predict", """
                {"inputs":"hello","parameters":{"max_new_tokens":4,"do_sample":false}}"""));

        assertThat(answer.get("generated_text").isString()).isTrue();
        assertThat(answer.at("/details/prompt_tokens").asInt())
                .as("BOS and ▁hello")
                .isEqualTo(2);
    }

    @Test
    void llamaCppInfoLogStaysOffStderr() throws Exception {
        ok(worker.post("/v1/completions", """
                {"prompt":"hello","max_tokens":2}"""));

        assertThat(java.nio.file.Files.readString(worker.stderr))
                .doesNotContain("llama_model_loader")
                .doesNotContain("print_timing")
                .doesNotContain("all slots are idle");
    }

    /** The chunks of a chunked answer to a POST of {@code json}, read from the socket as they were framed. */
    private static List<String> chunkedWrites(String path, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", worker.uri(path).getPort())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            List<String> head = new ArrayList<>();
            for (String line = line(in); !line.isEmpty(); line = line(in)) {
                head.add(line.toLowerCase(Locale.ROOT));
            }
            assertThat(head.getFirst()).startsWith("http/1.1 200");
            assertThat(head).contains("transfer-encoding: chunked");
            List<String> chunks = new ArrayList<>();
            for (int size = Integer.parseInt(line(in), 16); size > 0; size = Integer.parseInt(line(in), 16)) {
                byte[] chunk = new byte[size];
                in.readFully(chunk);
                assertThat(line(in)).isEmpty();
                chunks.add(new String(chunk, StandardCharsets.UTF_8));
            }
            return chunks;
        }
    }

    private static String line(DataInputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("the worker closed the connection mid-line");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static List<String> dataLines(String eventStream) {
        List<String> data = new ArrayList<>();
        for (String line : eventStream.split("\n")) {
            if (line.startsWith("data: ")) {
                data.add(line.substring("data: ".length()));
            }
        }
        return data;
    }

    private static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static float[] decode(String base64) {
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(
                        java.util.Base64.getDecoder().decode(base64))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = bytes.getFloat();
        }
        return values;
    }
}
