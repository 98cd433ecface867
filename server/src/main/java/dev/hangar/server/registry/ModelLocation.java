package dev.hangar.server.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Where a registered model's files are on this machine, and which path a runtime is given. */
public final class ModelLocation {

    private ModelLocation() {}

    /** The file or directory the model was registered from (for uploads, its directory in the store). */
    public static Path root(Model model) {
        return Path.of(model.source().path());
    }

    /**
     * What a runtime loads: a GGUF model's weights file (in a directory, its largest {@code .gguf},
     * so a projector or adapter beside it is not picked), or a safetensors checkpoint's directory.
     */
    public static Path launchPath(Model model) {
        Path root = root(model);
        if (!Files.isDirectory(root) || model.facts() == null || model.facts().format() != ModelFormat.GGUF) {
            return root;
        }
        return model.files().stream()
                .filter(f -> f.name().endsWith(".gguf"))
                .max(Comparator.comparingLong(ModelFile::sizeBytes))
                .map(f -> root.resolve(f.name()))
                .orElse(root);
    }

    /** One of the model's recorded files on disk: names are relative to a directory root; a file root is its only file. */
    public static Path file(Model model, ModelFile file) {
        Path root = root(model);
        return Files.isDirectory(root) ? root.resolve(file.name()) : root;
    }
}
