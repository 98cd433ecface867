package dev.hangar.server.registry;

import dev.hangar.formats.InvalidModelFile;
import dev.hangar.formats.ModelMetadata;
import dev.hangar.formats.gguf.GgufModelInfo;
import dev.hangar.formats.gguf.GgufReader;
import dev.hangar.formats.hf.HfModelDirectoryReader;
import dev.hangar.formats.safetensors.SafetensorsCheckpoint;
import dev.hangar.formats.safetensors.SafetensorsReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.springframework.stereotype.Component;

/**
 * Reads what a model is from its files' headers (never the weights): a GGUF file (alone or the
 * only one in a directory), an HF model or LoRA adapter directory, or a bare safetensors file. Any header the readers refuse makes the import fail with the reader's reason.
 */
@Component
class ModelInspector {

    /** What an import learned: the facts, the files (relative names and sizes), and their total size. */
    record Inspection(ModelFacts facts, List<ModelFile> files, long sizeBytes) {}

    private final LocalPathPolicy paths;

    ModelInspector(LocalPathPolicy paths) {
        this.paths = paths;
    }

    Inspection inspect(Path root) throws IOException {
        List<Path> files = paths.files(root);
        List<ModelFile> listed = new ArrayList<>();
        long total = 0;
        for (Path file : files) {
            long size = Files.size(file);
            total += size;
            listed.add(new ModelFile(
                    Files.isDirectory(root)
                            ? root.relativize(file).toString()
                            : file.getFileName().toString(),
                    size,
                    null));
        }
        ModelFacts facts;
        if (Files.isRegularFile(root)) {
            facts = inspectFile(root);
        } else {
            facts = inspectDirectory(root, files);
        }
        return new Inspection(facts, listed, total);
    }

    private ModelFacts inspectFile(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gguf") || startsWithGgufMagic(file)) {
            return gguf(file);
        }
        if (name.endsWith(".safetensors")) {
            return safetensors(file);
        }
        throw new InvalidModelFile(
                "neither a GGUF nor a safetensors file (by name and first bytes)",
                file.getFileName().toString());
    }

    private ModelFacts inspectDirectory(Path root, List<Path> files) throws IOException {
        List<Path> ggufs = files.stream()
                .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gguf"))
                .toList();
        if (ggufs.size() == 1) {
            return gguf(ggufs.getFirst());
        }
        if (ggufs.size() > 1) {
            throw new InvalidModelFile(
                    "the directory holds " + ggufs.size() + " GGUF files; register the one you want by its file path",
                    root.toString());
        }
        return facts(HfModelDirectoryReader.read(root));
    }

    private static ModelFacts gguf(Path file) throws IOException {
        return facts(GgufModelInfo.of(GgufReader.read(file)).toMetadata());
    }

    /** A bare safetensors file: no config beside it, so only what its header tells. */
    private static ModelFacts safetensors(Path file) throws IOException {
        SafetensorsCheckpoint checkpoint =
                SafetensorsCheckpoint.ofSingleFile(file.getFileName().toString(), SafetensorsReader.read(file));
        Map<String, Long> bytesByDtype = new HashMap<>();
        checkpoint
                .tensors()
                .forEach(t ->
                        bytesByDtype.merge(t.tensor().dtype().name(), t.tensor().byteSize(), Long::sum));
        String dtype = bytesByDtype.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse(null);
        return new ModelFacts(
                ModelFormat.SAFETENSORS,
                null,
                checkpoint.parameterCount(),
                null,
                null,
                null,
                null,
                null,
                dtype,
                null,
                null,
                null,
                null,
                null);
    }

    private static ModelFacts facts(ModelMetadata metadata) {
        return new ModelFacts(
                metadata.format() == ModelMetadata.ModelFormat.GGUF ? ModelFormat.GGUF : ModelFormat.SAFETENSORS,
                metadata.architecture().orElse(null),
                metadata.parameterCount(),
                boxed(metadata.contextLength()),
                boxed(metadata.embeddingLength()),
                boxed(metadata.layerCount()),
                boxed(metadata.headCount()),
                boxed(metadata.kvHeadCount()),
                metadata.quantization().map(ModelMetadata.Quantization::name).orElse(null),
                metadata.tokenizerModel().orElse(null),
                boxed(metadata.vocabSize()),
                metadata.chatTemplate().orElse(null),
                metadata.license().orElse(null),
                metadata.adapter()
                        .map(a -> a.baseModel().or(a::baseArchitecture).orElse("unknown base"))
                        .orElse(null));
    }

    private static boolean startsWithGgufMagic(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'G' && magic[1] == 'G' && magic[2] == 'U' && magic[3] == 'F';
        }
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }
}
