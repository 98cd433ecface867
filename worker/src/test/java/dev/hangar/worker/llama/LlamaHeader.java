package dev.hangar.worker.llama;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The C headers of the llama.cpp release the worker bundles, obtained as a fresh machine can: npm fetches the
 * node-llama-cpp package pinned in {@code native/package.json} ({@code llamaHeader}: version and integrity, checked
 * here against the tarball's own SHA-512), whose {@code llama/gitRelease.bundle} is a git bundle of that release's
 * source; {@code git clone} unpacks it. Kept under {@code target/llama-header/<version>/} (and the tarball in npm's
 * cache), so it is done once per clean build and fetched once per machine.
 */
final class LlamaHeader {
    private static final Path MODULE = Path.of("").toAbsolutePath();

    private LlamaHeader() {}

    /** The cloned source: {@code include/llama.h}, {@code ggml/include/*.h}. */
    static Path source() throws IOException, InterruptedException {
        JsonNode pin = JsonMapper.builder()
                .build()
                .readTree(MODULE.resolve("native/package.json").toFile())
                .get("llamaHeader");
        String version = pin.get("version").asString();
        Path dir = MODULE.resolve("target/llama-header").resolve(version);
        Path source = dir.resolve("llama.cpp");
        Path done = dir.resolve("complete");
        if (Files.exists(done)) {
            return source;
        }
        deleteRecursively(dir);
        Files.createDirectories(dir);
        String spec = pin.get("package").asString() + "@" + version;
        run(dir, "npm", "pack", spec, "--pack-destination", dir.toString(), "--prefer-offline", "--silent");
        Path tarball;
        try (var files = Files.list(dir)) {
            tarball = files.filter(f -> f.toString().endsWith(".tgz"))
                    .findFirst()
                    .orElseThrow(() -> new IOException("npm pack " + spec + " left no tarball in " + dir));
        }
        String integrity = "sha512-" + Base64.getEncoder().encodeToString(sha512(tarball));
        if (!integrity.equals(pin.get("integrity").asString())) {
            throw new IOException(spec + "'s tarball has integrity " + integrity + ", not the pinned "
                    + pin.get("integrity").asString());
        }
        run(
                dir,
                "tar",
                "xzf",
                tarball.toString(),
                "package/llama/gitRelease.bundle",
                "package/llama/llama.cpp.info.json");
        run(
                dir,
                "git",
                "clone",
                "--quiet",
                dir.resolve("package/llama/gitRelease.bundle").toString(),
                source.toString());
        Files.copy(dir.resolve("package/llama/llama.cpp.info.json"), dir.resolve("llama.cpp.info.json"));
        deleteRecursively(dir.resolve("package"));
        Files.delete(tarball);
        Files.createFile(done);
        return source;
    }

    /** The llama.cpp release the headers are of, as node-llama-cpp records it ({@code llama.cpp.info.json}'s tag). */
    static String release() throws IOException, InterruptedException {
        Path info = source().resolveSibling("llama.cpp.info.json");
        return JsonMapper.builder().build().readTree(info.toFile()).get("tag").asString();
    }

    /** Runs a command in {@code dir}; its output goes to the test's log. */
    static String run(Path dir, String... command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("llama-header-", ".log");
        try {
            Process process = new ProcessBuilder(new ArrayList<>(List.of(command)))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in 10 minutes");
            }
            String text = Files.readString(output);
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static byte[] sha512(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-512");
            try (var in = Files.newInputStream(file)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
