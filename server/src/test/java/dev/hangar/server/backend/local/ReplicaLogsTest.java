package dev.hangar.server.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangar.server.home.StartupProblem;
import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** What a user sees of a replica's log: rotated files, the last lines, and new lines as they come. */
class ReplicaLogsTest {

    @TempDir
    Path dir;

    private final ReplicaLogs logs = new ReplicaLogs(DataSize.ofBytes(100), 2);

    @Test
    void rotationKeepsTheConfiguredNumberOfOlderFiles() throws IOException {
        Path log = dir.resolve("replica.log");
        for (int round = 1; round <= 3; round++) {
            Files.writeString(log, ("round " + round + "\n").repeat(20));
            assertThat(logs.rotateIfLarge(log)).isTrue();
        }

        assertThat(log).isEmptyFile();
        assertThat(Files.readString(dir.resolve("replica.log.1"))).startsWith("round 3\n");
        assertThat(Files.readString(dir.resolve("replica.log.2"))).startsWith("round 2\n");
        assertThat(dir.resolve("replica.log.3")).doesNotExist();
    }

    @Test
    void aSmallLogIsLeftAlone() throws IOException {
        Path log = Files.writeString(dir.resolve("replica.log"), "short\n");

        assertThat(logs.rotateIfLarge(log)).isFalse();
        assertThat(log).hasContent("short");
        assertThat(logs.rotateIfLarge(dir.resolve("missing.log"))).isFalse();
    }

    @Test
    void aProcessAppendingThroughTheRotationWritesAtTheStartOfTheEmptiedFile() throws IOException {
        Path log = dir.resolve("replica.log");
        try (var writer = new FileOutputStream(log.toFile(), true)) {
            writer.write("x".repeat(200).getBytes(StandardCharsets.UTF_8));
            logs.rotateIfLarge(log);
            writer.write("after rotation\n".getBytes(StandardCharsets.UTF_8));
        }

        assertThat(log).hasContent("after rotation");
        assertThat(dir.resolve("replica.log.1")).hasContent("x".repeat(200));
    }

    @Test
    void tailOfALargeLogHasItsLastLines() throws IOException {
        Path log = dir.resolve("big.log");
        try (BufferedWriter writer = Files.newBufferedWriter(log)) {
            for (int i = 1; i <= 200_000; i++) {
                writer.write("line " + i + " of the worker's output\n");
            }
        }

        assertThat(logs.tail(log, 3))
                .containsExactly(
                        "line 199998 of the worker's output",
                        "line 199999 of the worker's output",
                        "line 200000 of the worker's output");
    }

    @Test
    void tailKeepsALastLineWithoutNewlineAndEmptyLines() throws IOException {
        Path log = Files.writeString(dir.resolve("replica.log"), "one\r\n\nthree\nfour");

        assertThat(logs.tail(log, 3)).containsExactly("", "three", "four");
        assertThat(logs.tail(log, 10)).containsExactly("one", "", "three", "four");
    }

    @Test
    void tailOfAMissingOrEmptyLogIsEmpty() throws IOException {
        assertThat(logs.tail(dir.resolve("missing.log"), 10)).isEmpty();
        assertThat(logs.tail(Files.createFile(dir.resolve("empty.log")), 10)).isEmpty();
    }

    @Test
    void tailKeepsTheStartOfALongLine() throws IOException {
        String longLine = "the start" + "x".repeat(ReplicaLogs.MAX_LINE_BYTES * 3) + "the end";
        Path log = Files.writeString(dir.resolve("replica.log"), "before\n" + longLine + "\nafter\n");

        List<String> tail = logs.tail(log, 2);

        assertThat(tail).hasSize(2);
        assertThat(tail.getFirst().length()).isEqualTo(ReplicaLogs.MAX_LINE_BYTES + 1);
        assertThat(tail.getFirst()).startsWith("the start").endsWith("x…");
        assertThat(tail.getLast()).isEqualTo("after");
    }

    @Test
    void tailOfOneHugeLineIsItsEnd() throws IOException {
        Path log = Files.writeString(dir.resolve("replica.log"), "the start" + "x".repeat(5_000_000) + "the end");

        List<String> tail = logs.tail(log, 5);

        assertThat(tail).hasSize(1);
        assertThat(tail.getFirst().length()).isEqualTo(ReplicaLogs.MAX_LINE_BYTES + 1);
        assertThat(tail.getFirst()).startsWith("…x").endsWith("the end");
    }

    @Test
    void followReturnsCompleteLinesAsTheyAreWritten() throws IOException {
        Path log = Files.writeString(dir.resolve("replica.log"), "old line\n");
        LogFollow follow = logs.follow(log, Files.size(log));

        assertThat(follow.poll()).isEmpty();
        append(log, "first\nsecond, half");
        assertThat(follow.poll()).containsExactly("first");
        append(log, " done\n");
        assertThat(follow.poll()).containsExactly("second, half done");
        assertThat(follow.offset()).isEqualTo(Files.size(log));
    }

    @Test
    void followStartsOverWhenTheLogIsRotated() throws IOException {
        Path log = Files.writeString(dir.resolve("replica.log"), "x".repeat(150) + "\n");
        LogFollow follow = logs.follow(log, 0);
        assertThat(follow.poll()).hasSize(1);

        logs.rotateIfLarge(log);
        append(log, "after rotation\n");

        assertThat(follow.poll()).containsExactly("after rotation");
    }

    @Test
    void followSplitsARunawayLineInsteadOfWaitingForItsEnd() throws IOException {
        Path log = Files.writeString(dir.resolve("replica.log"), "y".repeat(ReplicaLogs.MAX_LINE_BYTES * 2 + 10));
        LogFollow follow = logs.follow(log, 0);

        assertThat(follow.poll())
                .hasSize(2)
                .allSatisfy(piece -> assertThat(piece).hasSize(ReplicaLogs.MAX_LINE_BYTES));
        append(log, "\n");
        assertThat(follow.poll()).containsExactly("y".repeat(10));
    }

    @Test
    void followWaitsForAMissingLog() throws IOException {
        Path log = dir.resolve("replica.log");
        LogFollow follow = logs.follow(log, 0);

        assertThat(follow.poll()).isEmpty();
        append(log, "started\n");
        assertThat(follow.poll()).containsExactly("started");
    }

    @Test
    void settingsThatCannotRotateKeepTheServerFromStarting() {
        assertThatThrownBy(() -> new ReplicaLogs(DataSize.ofMegabytes(10), 0))
                .isInstanceOf(StartupProblem.class)
                .hasMessageContaining("HANGAR_REPLICA_LOG_FILES=0");
        assertThatThrownBy(() -> new ReplicaLogs(DataSize.ofBytes(0), 3)).isInstanceOf(StartupProblem.class);
    }

    private static void append(Path log, String text) throws IOException {
        Files.writeString(log, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
