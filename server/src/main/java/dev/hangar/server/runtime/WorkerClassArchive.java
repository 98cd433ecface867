package dev.hangar.server.runtime;

import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.formats.tiny.TinyModel;
import dev.hangar.server.core.FileTrees;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A class archive (the JDK's class data sharing) for the built-in worker's JVM, which halves a replica's start: the
 * classes a worker needs before it listens (the JSON mapper, the HTTP server, the GGUF reader) come mapped from the
 * archive instead of being read, verified and linked on every start ({@code bench/worker}).
 *
 * <p>An archive only fits the JDK and the exact worker jar it was recorded with, so one is kept per pair, in the user's
 * cache directory. It is recorded once, in the background, the first time a launch asks for it: a worker on a
 * generated one-layer model answers a streamed chat and an embedding and is stopped, and its JVM writes the archive at
 * exit under a temporary name, which is moved into place only when that worker exited cleanly. Until then, and if
 * recording fails (said once in the log), workers start without one.
 */
public class WorkerClassArchive {

    private static final Logger log = LoggerFactory.getLogger(WorkerClassArchive.class);
    private static final Duration TRAINING_LIMIT = Duration.ofMinutes(2);

    private final Optional<Path> dir;
    private final Set<Path> recordingOrFailed = ConcurrentHashMap.newKeySet();

    WorkerClassArchive(Optional<Path> dir) {
        this.dir = dir;
    }

    /** Archives in {@code dir} ({@code hangar.runtime.class-archives}: the user's cache directory's {@code hangar/classes}). */
    public static WorkerClassArchive in(Path dir) {
        return new WorkerClassArchive(Optional.of(dir));
    }

    /** Never an archive (workers start as plain {@code java -jar}). */
    public static WorkerClassArchive none() {
        return new WorkerClassArchive(Optional.empty());
    }

    /**
     * The archive for workers started by {@code java} from {@code jar}, when it is recorded; otherwise empty, and its
     * recording is started unless it is under way or already failed.
     */
    public Optional<Path> forWorker(Path java, Path jar) {
        if (dir.isEmpty()) {
            return Optional.empty();
        }
        Path archive;
        try {
            archive = dir.get().resolve(archiveName(jar));
        } catch (IOException e) {
            return Optional.empty();
        }
        if (Files.isRegularFile(archive)) {
            return Optional.of(archive);
        }
        if (recordingOrFailed.add(archive)) {
            Thread.ofVirtual().name("worker-class-archive").start(() -> recordOrSayWhy(java, jar, archive));
        }
        return Optional.empty();
    }

    /**
     * Names the jar's place, the JDK build (this JVM's: workers run on the server's {@code java}) and the jar's size and
     * time: {@code hangar-worker-<place>-jdk<version>-<size>-<time>.jsa}.
     */
    static String archiveName(Path jar) throws IOException {
        String jdk = Runtime.version().toString().replaceAll("[^A-Za-z0-9.]", "_");
        return placePrefix(jar) + "jdk" + jdk + "-" + Files.size(jar) + "-"
                + Files.getLastModifiedTime(jar).toMillis() + ".jsa";
    }

    /** What the archives of every build of the jar at this place start with. */
    private static String placePrefix(Path jar) {
        return "hangar-worker-"
                + Integer.toHexString(jar.toAbsolutePath().normalize().hashCode()) + "-";
    }

    private void recordOrSayWhy(Path java, Path jar, Path archive) {
        long started = System.nanoTime();
        try {
            record(java, jar, archive);
            log.info(
                    "recorded the built-in worker's class archive {} in {} ms; replicas started from now on use it",
                    archive,
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
        } catch (IOException e) {
            log.warn(
                    "built-in workers start without a class archive (slower by about half a second): {}",
                    e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void record(Path java, Path jar, Path archive) throws IOException, InterruptedException {
        Files.createDirectories(archive.getParent());
        removePartsOfEndedServers(archive.getParent());
        Path work = Files.createTempDirectory("hangar-worker-training-");
        Path partial = archive.resolveSibling(
                archive.getFileName() + "." + ProcessHandle.current().pid() + ".part");
        try {
            Path model = work.resolve("training.gguf");
            TinyModel.ofSize("100k", 1).writeGguf(model, GgmlType.F16);
            Path output = work.resolve("worker.log");
            int port = freePort();
            Process worker = new ProcessBuilder(
                            java.toString(),
                            "-XX:ArchiveClassesAtExit=" + partial,
                            "-jar",
                            jar.toString(),
                            "--model",
                            model.toString(),
                            "--port",
                            String.valueOf(port),
                            "--threads",
                            "1",
                            "--ctx-size",
                            "256",
                            "--parent-pid", // it exits with this server, even one killed while it records
                            String.valueOf(ProcessHandle.current().pid()))
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            try {
                exercise(worker, port);
            } finally {
                worker.destroy(); // SIGTERM: the worker drains and exits 0, and its JVM writes the archive
                if (!worker.waitFor(TRAINING_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                    worker.destroyForcibly();
                }
            }
            int exit = worker.waitFor();
            if (exit != 0 || !Files.isRegularFile(partial) || Files.size(partial) == 0) {
                throw new IOException("the training worker exited with " + exit + " and no archive; its output: "
                        + lastLines(output));
            }
            Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            removeEarlierBuilds(jar, archive);
        } finally {
            Files.deleteIfExists(partial);
            FileTrees.delete(work);
        }
    }

    /** Waits for the worker to be ready, then loads the request path's classes with a streamed chat and an embedding. */
    private static void exercise(Process worker, int port) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            URI base = URI.create("http://127.0.0.1:" + port);
            long deadline = System.nanoTime() + TRAINING_LIMIT.toNanos();
            while (!healthy(http, base)) {
                if (!worker.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("the training worker did not become ready");
                }
                Thread.sleep(20);
            }
            for (var call : List.of(
                    new String[] {
                        "/v1/chat/completions",
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":4,\"stream\":true}"
                    },
                    new String[] {"/v1/embeddings", "{\"input\":\"hi\"}"})) {
                HttpResponse<String> answer = http.send(
                        HttpRequest.newBuilder(base.resolve(call[0]))
                                .timeout(TRAINING_LIMIT)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(call[1]))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    throw new IOException(call[0] + " answered " + answer.statusCode() + ": " + answer.body());
                }
            }
        }
    }

    private static boolean healthy(HttpClient http, URI base) throws InterruptedException {
        try {
            return http.send(
                                    HttpRequest.newBuilder(base.resolve("/health"))
                                            .timeout(Duration.ofSeconds(2))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException notListeningYet) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String lastLines(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }

    /**
     * A server killed while it recorded leaves its training worker's archive, written when that worker
     * exited with it, under the temporary name with the server's pid: removed once that process is gone.
     */
    private static void removePartsOfEndedServers(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path part : files.filter(p -> p.getFileName().toString().endsWith(".part"))
                    .toList()) {
                String name = part.getFileName().toString();
                String pid = name.substring(0, name.length() - ".part".length());
                pid = pid.substring(pid.lastIndexOf('.') + 1);
                boolean alive = pid.matches("[0-9]{1,18}")
                        && ProcessHandle.of(Long.parseLong(pid))
                                .map(ProcessHandle::isAlive)
                                .orElse(false);
                if (!alive) {
                    Files.deleteIfExists(part);
                }
            }
        }
    }

    /** Archives of this jar's earlier builds (or other JDKs) are about 10 MB each and no use once it is rebuilt. */
    private static void removeEarlierBuilds(Path jar, Path archive) throws IOException {
        String prefix = placePrefix(jar);
        try (Stream<Path> siblings = Files.list(archive.getParent())) {
            for (Path old : siblings.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .filter(p -> p.getFileName().toString().endsWith(".jsa"))
                    .filter(p -> !p.equals(archive))
                    .toList()) {
                Files.deleteIfExists(old);
            }
        }
    }
}
