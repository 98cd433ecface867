package dev.hangar.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibraryCacheTest {

    @TempDir
    Path root;

    @Test
    void theLibraryIsExtractedOnceIntoADirectoryNamedAfterItsBuildAndReusedAfterwards() throws Exception {
        NativeLibraryCache cache = new NativeLibraryCache(root);

        Path dir = cache.directory().orElseThrow();
        Path library = dir.resolve(System.mapLibraryName("jllama"));
        FileTime marked = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(library, marked);
        Path again = cache.directory().orElseThrow();

        assertThat(dir.getParent()).isEqualTo(root);
        assertThat(dir.getFileName().toString()).matches("[0-9a-f]+-" + Files.size(library));
        assertThat(Files.size(library)).isGreaterThan(1_000_000);
        assertThat(again).isEqualTo(dir);
        assertThat(Files.getLastModifiedTime(library)).as("not written again").isEqualTo(marked);
        try (var files = Files.list(dir)) {
            assertThat(files).as("no partial copy left behind").containsExactly(library);
        }
    }
}
