package dev.hangar.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.formats.gguf.GgufModelInfo;
import dev.hangar.formats.gguf.GgufReader;
import dev.hangar.formats.tiny.TinyModel;
import dev.hangar.server.core.ByteSizes;
import dev.hangar.server.support.ServerTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code hangar models …} run as a user runs it, against a real server. */
class ModelsCliIT extends ServerTest {

    private HangarCli.Run hangar(String... args) {
        return args[1].equals("make-tiny") ? HangarCli.local(args) : new HangarCli(baseUrl(), adminKey()).run(args);
    }

    @Test
    void makeTinyWritesAGgufTheRegistryImportsListsShowsAndRemoves() throws Exception {
        Path file = SOURCES.resolve("cli").resolve(unique("tiny") + ".gguf");
        Files.createDirectories(file.getParent());
        String name = unique("cli-tiny");

        HangarCli.Run made = hangar("models", "make-tiny", file.toString(), "--size", "100k", "--type", "Q8_0");
        assertThat(made.exit()).as(made.err()).isZero();
        assertThat(made.out()).contains("random weights");
        GgufModelInfo info = GgufModelInfo.of(GgufReader.read(file));
        assertThat(info.quantization())
                .hasValueSatisfying(q -> assertThat(q.name()).isEqualTo("Q8_0"));

        HangarCli.Run imported = hangar("models", "import", name, file.toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.out())
                .contains("importing")
                .contains("scanning")
                .contains(name + " is ready")
                .contains("llama");

        HangarCli.Run list = hangar("models", "list", "-q", name);
        assertThat(list.out()).contains("NAME").contains(name).contains("ready").contains("gguf");

        HangarCli.Run show = hangar("models", "show", name);
        assertThat(show.out())
                .contains("architecture     llama")
                .contains("chatTemplate     present")
                .contains(file.getFileName().toString());

        HangarCli.Run removed = hangar("models", "rm", name);
        assertThat(removed.exit()).isZero();
        assertThat(hangar("models", "show", name).exit()).isEqualTo(1);
    }

    @Test
    void importWithUploadSendsADirectoryWithProgressAndTheModelBecomesReady() throws Exception {
        Path dir = SOURCES.resolve("cli").resolve(unique("hf-upload"));
        TinyModel.ofSize("1M", 4).writeHfDirectory(dir, GgmlType.F16);
        String name = unique("uploaded");

        HangarCli.Run run = hangar("models", "import", name, dir.toString(), "--upload");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("model.safetensors").contains("100%");
        assertThat(run.out()).contains(name + " is ready");
        assertThat(hangar("models", "show", name).out()).contains("config.json").contains("tokenizer.json");
    }

    @Test
    void anUploadCutMidwayResumesFromTheServersOffsetWhenTheCommandRunsAgain() throws Exception {
        Path file = Files.createTempDirectory("hangar-cli-cut").resolve("model.gguf");
        TinyModel.ofSize("2M", 5).writeGguf(file, GgmlType.F16);
        byte[] original = Files.readAllBytes(file);
        String name = unique("cut");
        var created =
                admin().postJson("/api/v1/models", "{\"name\":\"" + name + "\",\"source\":{\"type\":\"upload\"}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();

        int cutAt = original.length / 3;
        sendThenDropTheConnection(id, "model.gguf", original, cutAt);
        long kept = awaitStoredBytes(id);
        assertThat(kept)
                .as("bytes the server kept from the cut transfer")
                .isPositive()
                .isLessThanOrEqualTo(cutAt);

        HangarCli.Run resumed = hangar("models", "import", name, file.toString(), "--upload");

        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("resuming the upload of " + name).contains(name + " is ready");
        assertThat(resumed.err())
                .contains("model.gguf: the server has " + ByteSizes.bytes(kept) + " (" + kept + " bytes)")
                .contains("100%");
        JsonNode model = admin().get("/api/v1/models/" + name).json();
        assertThat(model.get("id").asString())
                .as("the same model, not a new one")
                .isEqualTo(id);
        Path stored = Path.of(model.at("/source/path").asString()).resolve("model.gguf");
        assertThat(sha256(Files.readAllBytes(stored))).isEqualTo(sha256(original));
    }

    /** A client whose connection breaks: declares the whole file, sends {@code cutAt} bytes of it, and closes. */
    private void sendThenDropTheConnection(String id, String file, byte[] bytes, int cutAt) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /api/v1/models/" + id + "/files/" + file + "?offset=0 HTTP/1.1\r\n"
                            + "Host: localhost:" + port + "\r\n"
                            + "Authorization: Bearer " + adminKey() + "\r\n"
                            + "Content-Type: application/octet-stream\r\n"
                            + "Content-Length: " + bytes.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes, 0, cutAt);
            out.flush();
        }
    }

    /** Waits until the server has settled what it kept of a dropped transfer: the same count twice in a row. */
    private long awaitStoredBytes(String id) throws InterruptedException {
        long previous = -1;
        for (int i = 0; i < 100; i++) {
            JsonNode files =
                    admin().get("/api/v1/models/" + id + "/upload").json().get("files");
            long now = files.isEmpty() ? 0 : files.get(0).get("sizeBytes").asLong();
            if (now > 0 && now == previous) {
                return now;
            }
            previous = now;
            Thread.sleep(200);
        }
        throw new AssertionError("the server kept nothing of the cut transfer");
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void importOfAPathTheServerDoesNotRegisterInPlaceUploadsIt() throws Exception {
        Path outsideTheRoots = Files.createTempDirectory("hangar-cli-home");
        Path file = outsideTheRoots.resolve("tiny.gguf");
        TinyModel.ofSize("100k", 3).writeGguf(file, GgmlType.Q8_0);
        String name = unique("quickstart");

        HangarCli.Run run = hangar("models", "import", name, file.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("does not register " + file + " in place; uploading it instead");
        assertThat(run.out()).contains(name + " is ready");
        assertThat(hangar("models", "show", name).out()).contains("/models/mdl_");
    }

    @Test
    void errorsAreTheServersSentenceAndExitNonZero() {
        HangarCli.Run missing = hangar("models", "show", "no-such-model");
        HangarCli.Run badType =
                hangar("models", "make-tiny", HOME.resolve("x.gguf").toString(), "--type", "Q3_K");

        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err())
                .contains("No model 'no-such-model'")
                .contains("HTTP 404")
                .doesNotContain("Exception");
        assertThat(badType.exit()).isEqualTo(1);
        assertThat(badType.err()).contains("not Q3_K").doesNotContain("Exception");
    }

    @Test
    void unreachableServerSaysSo() {
        HangarCli.Run run = new HangarCli("http://127.0.0.1:1", "x").run("models", "list");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("Cannot reach Hangar at http://127.0.0.1:1");
    }
}
