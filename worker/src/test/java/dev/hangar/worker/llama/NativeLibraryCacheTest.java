package dev.hangar.worker.llama;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibraryCacheTest {

    @TempDir
    Path root;

    private final NativeBundle bundle = NativeBundle.forThisPlatform()
            .orElseThrow(() -> new AssertionError("the build bundles llama.cpp for the platform the tests run on"));

    @Test
    void theBundleIsExtractedOnceIntoAFolderNamedAfterItsReleaseAndContentAndReusedAfterwards() throws Exception {
        NativeLibraryCache cache = new NativeLibraryCache(root);

        Path dir = cache.directory(bundle);
        Path library = dir.resolve(bundle.library());
        FileTime marked = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(library, marked);
        Path again = cache.directory(bundle);

        assertThat(dir.getParent()).isEqualTo(root);
        assertThat(dir.getFileName().toString())
                .isEqualTo("llama-" + bundle.release() + "-" + bundle.sha256().substring(0, 16));
        assertThat(again).isEqualTo(dir);
        assertThat(Files.getLastModifiedTime(library)).as("not written again").isEqualTo(marked);
        try (var files = Files.list(root)) {
            assertThat(files).as("no partial copy left behind").containsExactly(dir);
        }
    }

    @Test
    void theExtractedFilesAreTheJarsBytesUnderTheirOwnNames() throws Exception {
        Path dir = new NativeLibraryCache(root).directory(bundle);

        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrderElementsOf(bundle.files());
        }
        for (String file : bundle.files()) {
            try (InputStream in = NativeLibraryCacheTest.class.getResourceAsStream(bundle.resource(file))) {
                assertThat(sha256(Files.readAllBytes(dir.resolve(file))))
                        .as(file)
                        .isEqualTo(sha256(in.readAllBytes()));
            }
        }
    }

    @Test
    void aFolderAnotherWorkerRenamedIntoPlaceFirstIsUsedAndTheOwnCopyDropped() throws Exception {
        NativeBundle other = new NativeBundle(
                bundle.platform(),
                bundle.release(),
                bundle.npmPackage(),
                bundle.library(),
                List.of(bundle.library()),
                bundle.sha256());
        Path winner = Files.createDirectories(root.resolve(other.folderName()));
        Files.writeString(winner.resolve("marker"), "first");

        Path dir = new NativeLibraryCache(root).directory(other);

        assertThat(dir).isEqualTo(winner);
        try (var files = Files.list(root)) {
            assertThat(files).containsExactly(winner);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
