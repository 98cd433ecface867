package dev.hangar.server.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a helper program (nvidia-smi, a runtime's version probe, a virus scanner) with a deadline:
 * its output goes to a temporary file, so a chatty program never blocks on a full pipe and a hung
 * one is killed at the deadline instead of holding the caller forever.
 */
public final class BoundedProcess {

    /** How it ended: its exit code (empty when it was killed at the deadline) and the start of its output. */
    public record Outcome(Optional<Integer> exitCode, String output) {
        public boolean succeeded() {
            return exitCode.isPresent() && exitCode.get() == 0;
        }
    }

    private BoundedProcess() {}

    public static Outcome run(List<String> command, Duration timeout, int maxOutputBytes) throws IOException {
        Path output = Files.createTempFile("hangar-process", ".out");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            boolean finished;
            try {
                finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + command.getFirst());
            }
            if (!finished) {
                process.destroyForcibly();
            }
            byte[] bytes;
            try (var in = Files.newInputStream(output)) {
                bytes = in.readNBytes(maxOutputBytes);
            }
            return new Outcome(
                    finished ? Optional.of(process.exitValue()) : Optional.empty(),
                    new String(bytes, StandardCharsets.UTF_8).strip());
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
