package dev.hangar.server.dataset;

import static dev.hangar.server.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.ServerTest;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Registering local JSONL and CSV datasets: rows, columns and schema read in the background, path rules, visibility, filters. */
class DatasetRegistryIT extends ServerTest {

    private static final String CHAT_ROW =
            "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"hello\"}]}\n";

    @Autowired
    DatasetImporter importer;

    private static Path write(String name, String content) throws Exception {
        Path file = SOURCES.resolve("datasets").resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private ApiClient.Response register(ApiClient client, String name, Path path, String extra) {
        return client.postJson(
                "/api/v1/datasets",
                "{\"name\":\"" + name + "\",\"source\":{\"type\":\"local\",\"path\":\"" + path + "\"}" + extra + "}");
    }

    private String registered(ApiClient client, String name, Path path) {
        var created = register(client, name, path, "");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private JsonNode awaitStatus(ApiClient client, String id, String status) {
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> client.get("/api/v1/datasets/" + id)
                                .json()
                                .get("status")
                                .asString(),
                        status::equals);
        return client.get("/api/v1/datasets/" + id).json();
    }

    @Test
    void jsonlChatDatasetBecomesReadyWithRowsColumnsAndSchema() throws Exception {
        String row = CHAT_ROW.replace("]}", "],\"id\":7}");
        Path file = write(unique("chat") + ".jsonl", row.repeat(3) + CHAT_ROW);
        String name = unique("chat");

        var created = register(admin(), name, file, "");

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("status").asString()).isEqualTo("importing");
        assertThat(created.raw().headers().firstValue("Location"))
                .hasValue("/api/v1/datasets/" + created.json().get("id").asString());
        JsonNode dataset = awaitStatus(admin(), created.json().get("id").asString(), "ready");
        assertThat(dataset.get("format").asString()).isEqualTo("jsonl");
        assertThat(dataset.get("schema").asString()).isEqualTo("chat");
        assertThat(dataset.get("rows").asLong()).isEqualTo(4);
        assertThat(dataset.get("columns").valueStream().map(JsonNode::asString)).containsExactly("messages", "id");
        assertThat(dataset.get("sizeBytes").asLong()).isEqualTo(Files.size(file));
        assertThat(dataset.get("visibility").asString()).isEqualTo("private");
        assertThat(dataset.at("/files/0/name").asString())
                .isEqualTo(file.getFileName().toString());
        assertThat(dataset.at("/files/0/rows").asLong()).isEqualTo(4);
        JsonNode events = admin().get("/api/v1/datasets/" + name + "/events").json();
        assertThat(events.valueStream().map(e -> e.get("status").asString())).containsExactly("importing", "ready");
        assertThat(events.get(1).get("reason").asString()).contains("4 rows").contains("schema chat");
    }

    @Test
    void messagesThatAreNotRoleAndContentListsAreNotAChat() throws Exception {
        Path file = write(unique("not-chat") + ".jsonl", CHAT_ROW + "{\"messages\":[\"hi\"]}\n");

        JsonNode dataset = awaitStatus(admin(), registered(admin(), unique("not-chat"), file), "ready");

        assertThat(dataset.get("schema").asString()).isEqualTo("tabular");
    }

    @Test
    void csvWithQuotedCommasAndNewlinesCountsRecordsNotLines() throws Exception {
        Path file = write(
                unique("pairs") + ".csv",
                "instruction,input,output\r\n\"Add, then explain\",\"1\r\n2\",\"3\"\r\n\"Say \"\"hi\"\"\",,hi\r\n");

        JsonNode dataset = awaitStatus(admin(), registered(admin(), unique("pairs"), file), "ready");

        assertThat(dataset.get("format").asString()).isEqualTo("csv");
        assertThat(dataset.get("rows").asLong()).isEqualTo(2);
        assertThat(dataset.get("columns").valueStream().map(JsonNode::asString))
                .containsExactly("instruction", "input", "output");
        assertThat(dataset.get("schema").asString()).isEqualTo("instruction");
    }

    @Test
    void malformedJsonlFailsNamingTheLine() throws Exception {
        Path file = write(unique("bad") + ".jsonl", "{\"text\":\"a\"}\n{\"text\":\"b\"}\n\"just a string\"\n");

        JsonNode dataset = awaitStatus(admin(), registered(admin(), unique("bad"), file), "failed");

        assertThat(dataset.get("statusReason").asString())
                .contains(file.getFileName().toString())
                .contains("line 3 is not a JSON object");
    }

    @Test
    void raggedCsvRowFailsNamingTheRow() throws Exception {
        Path file = write(unique("ragged") + ".csv", "text,label\nok,1\nmissing label\n");

        JsonNode dataset = awaitStatus(admin(), registered(admin(), unique("ragged"), file), "failed");

        assertThat(dataset.get("statusReason").asString()).contains("row 2 (line 3) has 1 field(s), the header has 2");
    }

    @Test
    void directoryOfSplitsReportsRowsPerFile() throws Exception {
        Path dir = SOURCES.resolve("datasets").resolve(unique("splits"));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("train.jsonl"), "{\"text\":\"a\"}\n".repeat(5));
        Files.writeString(dir.resolve("validation.jsonl"), "{\"text\":\"b\"}\n".repeat(2));
        Files.writeString(dir.resolve("README.md"), "# not data\n");

        JsonNode dataset = awaitStatus(admin(), registered(admin(), unique("splits"), dir), "ready");

        assertThat(dataset.get("rows").asLong()).isEqualTo(7);
        assertThat(dataset.get("schema").asString()).isEqualTo("text");
        assertThat(dataset.get("files")
                        .valueStream()
                        .map(f -> f.get("name").asString() + "=" + f.get("rows").asLong()))
                .containsExactly("train.jsonl=5", "validation.jsonl=2");
    }

    @Test
    void pathsAndFormatsThatCannotBeRegisteredAreRefusedBeforeAnythingIsRecorded() throws Exception {
        Path outside = Files.createTempDirectory(Path.of("/var/tmp"), "hangar-outside");
        Path outsideFile = Files.writeString(outside.resolve("d.jsonl"), CHAT_ROW);
        Path text = write(unique("notes") + ".txt", "hello\n");
        long before =
                admin().get("/api/v1/datasets?size=500").json().get("total").asLong();

        assertProblem(register(admin(), unique("rel"), Path.of("relative/d.jsonl"), ""), 400, "validation");
        assertProblem(register(admin(), unique("missing"), SOURCES.resolve("nope.jsonl"), ""), 400, "validation");
        assertProblem(register(admin(), unique("outside"), outsideFile, ""), 403, "forbidden");
        var extension = register(admin(), unique("txt"), text, "");
        assertProblem(extension, 400, "validation");
        assertThat(extension.json().get("detail").asString()).contains("format");
        assertProblem(register(admin(), unique("parquet"), text, ",\"format\":\"parquet\""), 400, "validation");
        assertProblem(
                admin().postJson(
                                "/api/v1/datasets",
                                "{\"name\":\"x\",\"source\":{\"type\":\"hub\",\"path\":\"" + text + "\"}}"),
                400,
                "validation");

        assertThat(admin().get("/api/v1/datasets?size=500").json().get("total").asLong())
                .isEqualTo(before);
    }

    @Test
    void namedFormatOverridesTheExtension() throws Exception {
        Path file = write(unique("lines") + ".txt", "{\"prompt\":\"p\",\"completion\":\"c\"}\n");

        var created = register(admin(), unique("lines"), file, ",\"format\":\"jsonl\"");

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode dataset = awaitStatus(admin(), created.json().get("id").asString(), "ready");
        assertThat(dataset.get("schema").asString()).isEqualTo("instruction");
    }

    @Test
    void sameNameTwiceForOneOwnerIsAConflictNamingTheExistingDataset() throws Exception {
        Path file = write(unique("dup") + ".jsonl", CHAT_ROW);
        String name = unique("dup");
        String first = registered(admin(), name, file);

        var second = register(admin(), name, file, "");

        assertProblem(second, 409, "conflict");
        assertThat(second.json().get("existingId").asString()).isEqualTo(first);
    }

    @Test
    void privateDatasetIsInvisibleToAnotherUserUntilMadePublic() throws Exception {
        String name = unique("secret-data");
        String id = registered(admin(), name, write(name + ".jsonl", CHAT_ROW));
        ApiClient other = userWithKey(unique("eve"));

        assertProblem(other.get("/api/v1/datasets/" + id), 404, "not-found");
        assertProblem(other.get("/api/v1/datasets/" + id + "/events"), 404, "not-found");
        assertThat(other.get("/api/v1/datasets?q=" + name).json().get("total").asLong())
                .isZero();

        var patched =
                patch(admin(), "/api/v1/datasets/" + id, "{\"visibility\":\"public\",\"description\":\"shared\"}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);

        assertThat(other.get("/api/v1/datasets/" + name)
                        .json()
                        .get("description")
                        .asString())
                .isEqualTo("shared");
        assertProblem(patch(other, "/api/v1/datasets/" + id, "{\"description\":\"mine\"}"), 403, "forbidden");
        assertProblem(other.delete("/api/v1/datasets/" + id), 403, "forbidden");
    }

    @Test
    void anotherUserCannotSeeAPublicDatasetsPath() throws Exception {
        String name = unique("shared-data");
        Path file = write(name + ".jsonl", CHAT_ROW);
        var created = register(admin(), name, file, ",\"visibility\":\"public\"");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        awaitStatus(admin(), id, "ready");
        ApiClient other = userWithKey(unique("reader"));

        JsonNode seen = other.get("/api/v1/datasets/" + id).json();
        assertThat(seen.get("name").asString()).isEqualTo(name);
        assertThat(seen.get("rows").asLong()).isEqualTo(1);
        assertThat(seen.get("source").get("type").asString()).isEqualTo("local");
        assertThat(seen.get("source").has("path")).isFalse();
        assertThat(other.get("/api/v1/datasets?q=" + name).body())
                .contains(name)
                .doesNotContain(SOURCES.toString());
        assertProblem(other.get("/api/v1/datasets/" + id + "/events"), 403, "forbidden");
        assertThat(admin().get("/api/v1/datasets/" + id)
                        .json()
                        .get("source")
                        .get("path")
                        .asString())
                .isEqualTo(file.toString());
        assertThat(admin().get("/api/v1/datasets/" + id + "/events").body()).contains(file.toString());
    }

    @Test
    void aUserCannotSquatAPublicDatasetsName() throws Exception {
        String name = unique("famous-data");
        Path file = write(name + ".jsonl", CHAT_ROW);
        assertThat(register(admin(), name, file, ",\"visibility\":\"public\"").status())
                .isEqualTo(201);
        ApiClient other = userWithKey(unique("squatter"));
        // The admin grants roots to users in this test server, so the squatter could register the file.
        var squat = register(other, name, file, "");
        assertProblem(squat, 409, "conflict");
        assertThat(squat.json().get("detail").asString()).contains(name, "public dataset");

        String later = unique("later-data");
        Path laterFile = write(later + ".jsonl", CHAT_ROW);
        String mine = registered(other, later, laterFile);
        assertThat(register(admin(), later, laterFile, ",\"visibility\":\"public\"")
                        .status())
                .isEqualTo(201);
        assertProblem(patch(other, "/api/v1/datasets/" + mine, "{\"visibility\":\"public\"}"), 409, "conflict");
        assertThat(other.get("/api/v1/datasets/" + mine)
                        .json()
                        .get("visibility")
                        .asString())
                .isEqualTo("private");
    }

    @Test
    void listFiltersByFormatSchemaStatusAndText() throws Exception {
        String tag = unique("filter");
        String chat = registered(admin(), tag + "-chat", write(tag + "-chat.jsonl", CHAT_ROW));
        String csv = registered(admin(), tag + "-csv", write(tag + ".csv", "text\nhello\n"));
        String broken = registered(admin(), tag + "-broken", write(tag + "-broken.jsonl", "[]\n"));
        awaitStatus(admin(), chat, "ready");
        awaitStatus(admin(), csv, "ready");
        awaitStatus(admin(), broken, "failed");

        assertThat(ids("/api/v1/datasets?q=" + tag + "&sort=name")).containsExactly(broken, chat, csv);
        assertThat(ids("/api/v1/datasets?q=" + tag + "&format=csv")).containsExactly(csv);
        assertThat(ids("/api/v1/datasets?q=" + tag + "&schema=chat")).containsExactly(chat);
        assertThat(ids("/api/v1/datasets?q=" + tag + "&status=failed")).containsExactly(broken);
        assertThat(ids("/api/v1/datasets?q=" + tag + "&visibility=public")).isEmpty();
        assertThat(ids("/api/v1/datasets?q=" + tag + "&sort=name&size=1&page=1"))
                .containsExactly(chat);
        assertProblem(admin().get("/api/v1/datasets?schema=images"), 400, "validation");
    }

    @Test
    void fileChangedAfterImportFailsAtTheNextCheckAndReimportRecovers() throws Exception {
        Path file = write(unique("changing") + ".jsonl", CHAT_ROW);
        String id = registered(admin(), unique("changing"), file);
        awaitStatus(admin(), id, "ready");

        importer.verifyReady();
        assertThat(admin().get("/api/v1/datasets/" + id).json().get("status").asString())
                .isEqualTo("ready");

        Files.writeString(file, CHAT_ROW.repeat(2));
        importer.verifyReady();

        JsonNode failed = admin().get("/api/v1/datasets/" + id).json();
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("statusReason").asString()).contains("changed after import");
        assertThat(admin().postJson("/api/v1/datasets/" + id + "/reimport", "").status())
                .isEqualTo(202);
        assertThat(awaitStatus(admin(), id, "ready").get("rows").asLong()).isEqualTo(2);
    }

    @Test
    void deletingADatasetLeavesItsFilesInPlace() throws Exception {
        Path file = write(unique("keep") + ".csv", "text\nkeep me\n");
        String id = registered(admin(), unique("keep"), file);

        assertThat(admin().delete("/api/v1/datasets/" + id).status()).isEqualTo(204);

        assertProblem(admin().get("/api/v1/datasets/" + id), 404, "not-found");
        assertThat(file).exists();
    }

    private java.util.List<String> ids(String path) {
        var answer = admin().get(path);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json()
                .get("items")
                .valueStream()
                .map(d -> d.get("id").asString())
                .toList();
    }

    private static ApiClient.Response patch(ApiClient client, String path, String json) {
        return client.send(client.request(path)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }
}
