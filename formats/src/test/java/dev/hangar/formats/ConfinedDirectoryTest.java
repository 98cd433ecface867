package dev.hangar.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfinedDirectoryTest {
    @TempDir
    Path root;

    @Test
    void missingFileIsEmptyAndPresentFileResolves() throws IOException {
        Files.writeString(root.resolve("config.json"), "{}");
        ConfinedDirectory directory = ConfinedDirectory.of(root);

        assertThat(directory.file("absent.json", "test")).isEmpty();
        assertThat(directory.file("config.json", "test"))
                .contains(root.toRealPath().resolve("config.json"));
    }

    @Test
    void namesThatAreNotPlainRelativePathsAreRefused() throws IOException {
        ConfinedDirectory directory = ConfinedDirectory.of(root);

        for (String name : new String[] {"", "/etc/passwd", "a/../b", "./a", "a//b", "..\\a", "C:a", "a/.."}) {
            assertThatThrownBy(() -> directory.file(name, "index"))
                    .as(name)
                    .isInstanceOf(InvalidModelFile.class)
                    .hasMessageContaining("must be a plain relative path");
        }
    }

    @Test
    void directoryIsNotARegularFile() throws IOException {
        Files.createDirectory(root.resolve("model.safetensors"));

        assertThatThrownBy(() -> ConfinedDirectory.of(root).file("model.safetensors", "index"))
                .isInstanceOf(InvalidModelFile.class)
                .hasMessageContaining("is not a regular file");
    }

    @Test
    void cacheSnapshotLinksIntoBlobsAreAllowedWhenTheRepositoryFolderIsTheRoot() throws IOException {
        Path blob =
                Files.writeString(Files.createDirectories(root.resolve("blobs")).resolve("abc123"), "{}");
        Path snapshot = Files.createDirectories(root.resolve("snapshots/0123"));
        Files.createSymbolicLink(snapshot.resolve("config.json"), Path.of("../../blobs/abc123"));

        assertThat(ConfinedDirectory.of(snapshot, root).file("config.json", "test"))
                .contains(blob.toRealPath());
        assertThatThrownBy(() -> ConfinedDirectory.of(snapshot).file("config.json", "test"))
                .isInstanceOf(InvalidModelFile.class)
                .hasMessageContaining("outside the model directory");
    }
}
