package dev.hangar.server.registry;

import static dev.hangar.server.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.formats.tiny.TinyModel;
import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.ServerTest;
import dev.hangar.server.support.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Registering local models: the import lifecycle, metadata from the files, path rules, visibility. */
class ModelRegistryIT extends ServerTest {

    @Autowired
    ModelImporter importer;

    private static Path modelsDir() {
        return SOURCES.resolve("sources");
    }

    private ApiClient.Response register(ApiClient client, String name, Path path) {
        return client.postJson(
                "/api/v1/models",
                "{\"name\":\"" + name + "\",\"source\":{\"type\":\"local\",\"path\":\"" + path + "\"}}");
    }

    private JsonNode awaitStatus(ApiClient client, String id, String status) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> client.get("/api/v1/models/" + id)
                                .json()
                                .get("status")
                                .asString(),
                        s -> s.equals(status));
        return client.get("/api/v1/models/" + id).json();
    }

    @Test
    void ggufImportBecomesReadyWithMetadataReadFromTheFile() throws Exception {
        Path file = TestModels.gguf(modelsDir().resolve(unique("tiny") + ".gguf"));
        String name = unique("tiny-llama");

        var created = register(admin(), name, file);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("status").asString()).isEqualTo("importing");
        assertThat(created.raw().headers().firstValue("Location"))
                .hasValueSatisfying(
                        l -> assertThat(l).endsWith(created.json().get("id").asString()));
        JsonNode model = awaitStatus(admin(), created.json().get("id").asString(), "ready");
        assertThat(model.get("name").asString()).isEqualTo(name);
        assertThat(model.get("format").asString()).isEqualTo("gguf");
        assertThat(model.get("architecture").asString()).isEqualTo("llama");
        assertThat(model.get("parameterCount").asLong()).isEqualTo(64 * 32 + 32);
        assertThat(model.get("contextLength").asLong()).isEqualTo(2048);
        assertThat(model.get("layers").asLong()).isEqualTo(1);
        assertThat(model.get("heads").asLong()).isEqualTo(4);
        assertThat(model.get("kvHeads").asLong()).isEqualTo(2);
        assertThat(model.get("quantization").asString()).isNotBlank();
        assertThat(model.get("chatTemplate").asString()).isEqualTo("{{ messages }}");
        assertThat(model.get("license").asString()).isEqualTo("apache-2.0");
        assertThat(model.get("task").asString()).isEqualTo("text-generation");
        assertThat(model.get("visibility").asString()).isEqualTo("private");
        assertThat(model.get("owner").asString()).isEqualTo("admin");
        assertThat(model.get("sizeBytes").asLong()).isEqualTo(Files.size(file));
        assertThat(model.at("/files/0/name").asString())
                .isEqualTo(file.getFileName().toString());

        String expectedSha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> admin().get("/api/v1/models/" + model.get("id").asString())
                                .json()
                                .at("/files/0/sha256")
                                .asString(""),
                        expectedSha::equals);

        JsonNode events = admin().get("/api/v1/models/" + name + "/events").json();
        assertThat(events.valueStream().map(e -> e.get("status").asString()))
                .containsExactly("importing", "scanning", "ready");
        assertThat(events.get(2).get("reason").asString()).contains("virus scan");
        assertThat(events.valueStream().map(e -> e.get("code").asString()))
                .containsExactly("import.requested", "model.headersRead", "list.notes");
        assertThat(events.get(0).get("params").get("user").asString()).isEqualTo("admin");
        assertThat(events.get(0).get("params").get("path").asString()).isEqualTo(file.toString());
        assertThat(events.get(0).get("reason").asString()).isEqualTo("import of " + file + " requested by admin");
        JsonNode facts = events.get(1).get("params").get("facts");
        assertThat(facts.get("code").asString()).isEqualTo("list.items");
        assertThat(facts.get("params").get("first").get("params").get("detail").asString())
                .isEqualTo("gguf");
        assertThat(events.get(2).get("params").get("first").get("code").asString())
                .isEqualTo("scan.headersValid");
        assertThat(model.get("statusReasonCode").asString()).isEqualTo("list.notes");
    }

    @Test
    void safetensorsFileImportCountsParametersFromTheHeader() {
        Path file = TestModels.safetensors(modelsDir().resolve(unique("weights") + ".safetensors"));

        String id = register(admin(), unique("st"), file).json().get("id").asString();

        JsonNode model = awaitStatus(admin(), id, "ready");
        assertThat(model.get("format").asString()).isEqualTo("safetensors");
        assertThat(model.get("parameterCount").asLong()).isEqualTo(128);
        assertThat(model.get("quantization").asString()).isEqualTo("F16");
    }

    @Test
    void brokenFileFailsWithTheReaderReason() throws Exception {
        Path file = modelsDir().resolve(unique("broken") + ".gguf");
        Files.createDirectories(file.getParent());
        Files.write(file, "GGUF\u0003\u0000\u0000\u0000 truncated".getBytes());

        String id = register(admin(), unique("broken"), file).json().get("id").asString();

        JsonNode model = awaitStatus(admin(), id, "failed");
        assertThat(model.get("statusReason").asString()).contains("not a valid model file");
        assertThat(model.get("statusReasonCode").asString()).isEqualTo("model.invalidFile");
        String problem = model.get("statusReasonParams").get("problem").asString();
        assertThat(model.get("statusReason").asString()).isEqualTo("not a valid model file: " + problem);
        JsonNode failed = admin().get("/api/v1/models/" + id + "/events").json().get(1);
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("code").asString()).isEqualTo("model.invalidFile");
    }

    @Test
    void pathsThatAreNotAllowedAreRefusedBeforeAnythingIsRecorded() throws Exception {
        Path outside = Files.createTempDirectory(Path.of("/var/tmp"), "hangar-outside");
        Path outsideModel = TestModels.gguf(outside.resolve("m.gguf"));
        Path link = modelsDir().resolve(unique("link") + ".gguf");
        Files.createDirectories(modelsDir());
        Files.createSymbolicLink(link, outsideModel);
        Path fifo = modelsDir().resolve(unique("fifo"));
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor())
                .isZero();
        long before = admin().get("/api/v1/models?size=500").json().get("total").asLong();

        assertProblem(register(admin(), unique("rel"), Path.of("relative/m.gguf")), 400, "validation");
        assertProblem(register(admin(), unique("missing"), modelsDir().resolve("nope.gguf")), 400, "validation");
        assertProblem(
                register(admin(), unique("dots"), Path.of(modelsDir() + "/../sources/x.gguf")), 400, "validation");
        assertProblem(register(admin(), unique("outside"), outsideModel), 403, "forbidden");
        assertProblem(register(admin(), unique("symlink"), link), 403, "forbidden");
        assertProblem(register(admin(), unique("device"), Path.of("/dev/zero")), 403, "forbidden");
        assertProblem(register(admin(), unique("fifo"), fifo), 400, "validation");
        assertProblem(register(admin(), unique("secret"), HOME.resolve("admin-api-key")), 403, "forbidden");
        assertProblem(register(admin(), unique("db"), HOME.resolve("db")), 403, "forbidden");

        assertThat(admin().get("/api/v1/models?size=500").json().get("total").asLong())
                .isEqualTo(before);
    }

    @Test
    void sourcesNotAvailableYetAndUnknownSourceTypesAreClear400s() {
        var hub = admin().postJson(
                        "/api/v1/models", "{\"name\":\"h\",\"source\":{\"type\":\"hub\",\"repo\":\"org/model\"}}");
        var unknown =
                admin().postJson("/api/v1/models", "{\"name\":\"h\",\"source\":{\"type\":\"ftp\",\"path\":\"/x\"}}");
        var missing = admin().postJson("/api/v1/models", "{\"name\":\"h\"}");

        assertProblem(hub, 400, "validation");
        assertThat(hub.json().get("detail").asString()).contains("not available yet");
        assertProblem(unknown, 400, "validation");
        assertThat(unknown.json().at("/errors/0/field").asString()).startsWith("source");
        assertProblem(missing, 400, "validation");
    }

    @Test
    void sameNameTwiceForOneOwnerIsAConflictNamingTheExistingModel() {
        Path file = TestModels.gguf(modelsDir().resolve(unique("dup") + ".gguf"));
        String name = unique("dup");
        String first = register(admin(), name, file).json().get("id").asString();

        var second = register(admin(), name, file);

        assertProblem(second, 409, "conflict");
        assertThat(second.json().get("existingId").asString()).isEqualTo(first);
    }

    @Test
    void privateModelIsInvisibleToAnotherUserUntilMadePublic() {
        Path file = TestModels.gguf(modelsDir().resolve(unique("private") + ".gguf"));
        String name = unique("secret-model");
        String id = register(admin(), name, file).json().get("id").asString();
        awaitStatus(admin(), id, "ready");
        ApiClient other = userWithKey(unique("eve"));

        assertProblem(other.get("/api/v1/models/" + id), 404, "not-found");
        assertThat(other.get("/api/v1/models?q=" + name).json().get("total").asLong())
                .isZero();

        assertThat(admin().send(admin().request("/api/v1/models/" + id)
                                .header("Content-Type", "application/json")
                                .method(
                                        "PATCH",
                                        java.net.http.HttpRequest.BodyPublishers.ofString(
                                                "{\"visibility\":\"public\"}")))
                        .status())
                .isEqualTo(200);

        assertThat(other.get("/api/v1/models/" + name).json().get("id").asString())
                .isEqualTo(id);
        assertThat(other.get("/api/v1/models?visibility=public&q=" + name)
                        .json()
                        .get("total")
                        .asLong())
                .isEqualTo(1);
        assertProblem(other.delete("/api/v1/models/" + id), 403, "forbidden");
    }

    @Test
    void listFiltersByFormatAndText() {
        String tag = unique("filter");
        String gguf = register(admin(), tag + "-a", TestModels.gguf(modelsDir().resolve(tag + ".gguf")))
                .json()
                .get("id")
                .asString();
        String st = register(
                        admin(), tag + "-b", TestModels.safetensors(modelsDir().resolve(tag + ".safetensors")))
                .json()
                .get("id")
                .asString();
        awaitStatus(admin(), gguf, "ready");
        awaitStatus(admin(), st, "ready");

        JsonNode ggufOnly =
                admin().get("/api/v1/models?q=" + tag + "&format=gguf").json();
        JsonNode both = admin().get("/api/v1/models?q=" + tag + "&sort=name").json();

        assertThat(ggufOnly.get("total").asLong()).isEqualTo(1);
        assertThat(ggufOnly.at("/items/0/id").asString()).isEqualTo(gguf);
        assertThat(both.get("items").valueStream().map(m -> m.get("id").asString()))
                .containsExactly(gguf, st);
        assertProblem(admin().get("/api/v1/models?format=onnx"), 400, "validation");
    }

    @Test
    void fileChangedAfterImportMarksTheModelFailedAndReimportRecovers() throws Exception {
        Path file = TestModels.gguf(modelsDir().resolve(unique("changing") + ".gguf"));
        String id = register(admin(), unique("changing"), file).json().get("id").asString();
        awaitStatus(admin(), id, "ready");

        Files.write(file, "GGUF garbage".getBytes());
        importer.verifyReady();

        JsonNode failed = admin().get("/api/v1/models/" + id).json();
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("statusReason").asString()).contains("changed after import");

        TestModels.gguf(file);
        assertThat(admin().postJson("/api/v1/models/" + id + "/reimport", "").status())
                .isEqualTo(202);
        awaitStatus(admin(), id, "ready");
    }

    @Test
    void deletingAModelLeavesItsFilesInPlace() {
        Path file = TestModels.gguf(modelsDir().resolve(unique("keep") + ".gguf"));
        String id = register(admin(), unique("keep"), file).json().get("id").asString();
        awaitStatus(admin(), id, "ready");

        assertThat(admin().delete("/api/v1/models/" + id).status()).isEqualTo(204);

        assertProblem(admin().get("/api/v1/models/" + id), 404, "not-found");
        assertThat(file).exists();
    }

    @Test
    void userWhoOwnsModelsCannotBeDeletedUntilTheyAreGone() {
        String owner = unique("owner");
        ApiClient user = userWithKey(owner);
        String id = register(user, unique("owned"), TestModels.gguf(modelsDir().resolve(unique("owned") + ".gguf")))
                .json()
                .get("id")
                .asString();

        assertProblem(admin().delete("/api/v1/users/" + owner), 409, "conflict");
        assertThat(user.get("/api/v1/models/" + id).status()).isEqualTo(200);

        assertThat(user.delete("/api/v1/models/" + id).status()).isEqualTo(204);
        assertThat(admin().delete("/api/v1/users/" + owner).status()).isEqualTo(204);
    }

    @Test
    void hfDirectoryImportReadsConfigTokenizerAndChatTemplate() throws Exception {
        Path dir = modelsDir().resolve(unique("hf-tiny"));
        TinyModel.ofSize("100k", 7).writeHfDirectory(dir, GgmlType.F16);

        String id = register(admin(), unique("hf"), dir).json().get("id").asString();

        JsonNode model = awaitStatus(admin(), id, "ready");
        assertThat(model.get("format").asString()).isEqualTo("safetensors");
        assertThat(model.get("architecture").asString()).isEqualTo("llama");
        assertThat(model.get("contextLength").asLong()).isPositive();
        assertThat(model.get("tokenizer").asString()).isEqualTo("llama");
        assertThat(model.get("chatTemplate").asString()).contains("<|im_start|>");
        assertThat(model.get("files").valueStream().map(f -> f.get("name").asString()))
                .contains("config.json", "model.safetensors", "tokenizer.json");
    }

    @Test
    void directoryWithAMaliciousPickleIsQuarantinedNamingTheCall() throws Exception {
        Path dir = modelsDir().resolve(unique("evil"));
        TinyModel.ofSize("100k", 3).writeHfDirectory(dir, GgmlType.F16);
        byte[] command = "echo owned".getBytes();
        var pickle = new java.io.ByteArrayOutputStream();
        pickle.write(new byte[] {(byte) 0x80, 2});
        pickle.write("cos\nsystem\n".getBytes());
        pickle.write('X');
        pickle.write(new byte[] {(byte) command.length, 0, 0, 0});
        pickle.write(command);
        pickle.write(new byte[] {(byte) 0x85, 'R', '.'});
        Files.write(dir.resolve("training_args.bin"), pickle.toByteArray());

        String id = register(admin(), unique("evil"), dir).json().get("id").asString();

        JsonNode model = awaitStatus(admin(), id, "quarantined");
        assertThat(model.get("statusReason").asString())
                .contains("unsafe pickle")
                .contains("os.system");
    }

    @Test
    void tinyModelGgufImportsWithItsTokenizerAndChatTemplate() throws Exception {
        Path file = Files.createDirectories(modelsDir()).resolve(unique("tiny-q8") + ".gguf");
        TinyModel.ofSize("100k", 5).writeGguf(file, GgmlType.Q8_0);

        String id = register(admin(), unique("tiny-q8"), file).json().get("id").asString();

        JsonNode model = awaitStatus(admin(), id, "ready");
        assertThat(model.get("quantization").asString()).isEqualTo("Q8_0");
        assertThat(model.get("vocabSize").asLong())
                .isEqualTo(TinyModel.ofSize("100k", 5).vocabulary().size());
        assertThat(model.get("parameterCount").asLong())
                .isEqualTo(TinyModel.ofSize("100k", 5).shape().parameterCount());
    }

    @Test
    void uploadedModelIsResumableImportedAndDeletedWithItsFiles() throws Exception {
        Path file = Files.createDirectories(modelsDir()).resolve(unique("up") + ".gguf");
        TinyModel.ofSize("1M", 9).writeGguf(file, GgmlType.F16);
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes.length).as("larger than the JSON body limit").isGreaterThan(1024 * 1024);
        var created = admin().postJson(
                        "/api/v1/models", "{\"name\":\"" + unique("uploaded") + "\",\"source\":{\"type\":\"upload\"}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertProblem(admin().postJson("/api/v1/models/" + id + "/upload/complete", ""), 409, "conflict");

        int half = bytes.length / 2;
        assertThat(put(id, "model.gguf", 0, java.util.Arrays.copyOf(bytes, half))
                        .status())
                .isEqualTo(200);
        assertThat(admin().get("/api/v1/models/" + id + "/upload")
                        .json()
                        .at("/files/0/sizeBytes")
                        .asLong())
                .isEqualTo(half);
        assertProblem(put(id, "model.gguf", 0, bytes), 409, "conflict");
        assertProblem(put(id, "../escape.gguf", 0, bytes), 400, "bad-request");
        assertProblem(put(id, "bad%20name!.gguf", 0, bytes), 400, "validation");
        var rest = put(id, "model.gguf", half, java.util.Arrays.copyOfRange(bytes, half, bytes.length));
        assertThat(rest.json().get("received").asLong()).isEqualTo(bytes.length);

        assertThat(admin().postJson("/api/v1/models/" + id + "/upload/complete", "")
                        .status())
                .isEqualTo(202);
        JsonNode model = awaitStatus(admin(), id, "ready");
        assertThat(model.at("/source/type").asString()).isEqualTo("upload");
        assertThat(model.get("sizeBytes").asLong()).isEqualTo(bytes.length);
        Path stored = Path.of(model.at("/source/path").asString());
        assertThat(stored.resolve("model.gguf")).hasBinaryContent(bytes);
        assertProblem(put(id, "model.gguf", bytes.length, new byte[1]), 409, "conflict");

        assertThat(admin().delete("/api/v1/models/" + id).status()).isEqualTo(204);
        assertThat(stored).doesNotExist();
    }

    private ApiClient.Response put(String id, String file, long offset, byte[] body) {
        return admin().send(admin().request("/api/v1/models/" + id + "/files/" + file + "?offset=" + offset)
                .header("Content-Type", "application/octet-stream")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)));
    }
}
