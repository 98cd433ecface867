package dev.hangar.server.registry;

import dev.hangar.formats.InvalidModelFile;
import dev.hangar.formats.gguf.GgufFile;
import dev.hangar.formats.gguf.GgufModelInfo;
import dev.hangar.formats.gguf.GgufReader;
import dev.hangar.formats.gguf.GgufTensorInfo;
import dev.hangar.formats.safetensors.SafetensorsFile;
import dev.hangar.formats.safetensors.SafetensorsReader;
import dev.hangar.formats.safetensors.SafetensorsTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.springframework.stereotype.Component;

/**
 * Reads what a model is from its files' headers (never the weights): a GGUF file, or a
 * safetensors file. Any header the readers refuse makes the import fail with the reader's reason.
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
        String name = file.getFileName().toString().toLowerCase();
        if (name.endsWith(".gguf") || startsWithGgufMagic(file)) {
            return gguf(file);
        }
        if (name.endsWith(".safetensors")) {
            return safetensors(List.of(file));
        }
        throw new InvalidModelFile(
                "neither a GGUF nor a safetensors file (by name and first bytes)",
                file.getFileName().toString());
    }

    private ModelFacts inspectDirectory(Path root, List<Path> files) throws IOException {
        List<Path> ggufs = files.stream()
                .filter(f -> f.getFileName().toString().toLowerCase().endsWith(".gguf"))
                .toList();
        if (ggufs.size() == 1) {
            return gguf(ggufs.getFirst());
        }
        if (ggufs.size() > 1) {
            throw new InvalidModelFile(
                    "the directory holds " + ggufs.size() + " GGUF files; register the one you want by its file path",
                    root.toString());
        }
        List<Path> shards = files.stream()
                .filter(f -> f.getFileName().toString().toLowerCase().endsWith(".safetensors"))
                .toList();
        if (shards.isEmpty()) {
            throw new InvalidModelFile("the directory holds no .gguf or .safetensors file", root.toString());
        }
        return safetensors(shards);
    }

    private static ModelFacts gguf(Path file) throws IOException {
        GgufFile parsed = GgufReader.read(file);
        GgufModelInfo info = GgufModelInfo.of(parsed);
        long parameters = parsed.tensors().stream()
                .mapToLong(GgufTensorInfo::elementCount)
                .sum();
        return new ModelFacts(
                ModelFormat.GGUF,
                info.architecture().orElse(null),
                parameters,
                boxed(info.contextLength()),
                boxed(info.embeddingLength()),
                boxed(info.blockCount()),
                boxed(info.headCount()),
                boxed(info.headCountKv()),
                info.quantization().map(GgufModelInfo.Quantization::name).orElse(null),
                info.tokenizerModel().orElse(null),
                boxed(info.vocabSize()),
                info.chatTemplate().orElse(null),
                info.license().orElse(null),
                info.loraAdapter()
                        .flatMap(GgufModelInfo.LoraAdapter::baseArchitecture)
                        .orElse(null));
    }

    private static ModelFacts safetensors(List<Path> shards) throws IOException {
        long parameters = 0;
        Map<String, Long> bytesByDtype = new java.util.HashMap<>();
        for (Path shard : shards) {
            SafetensorsFile parsed = SafetensorsReader.read(shard);
            for (SafetensorsTensor tensor : parsed.tensors()) {
                long elements = tensor.shape().stream().reduce(1L, Math::multiplyExact);
                parameters += elements;
                bytesByDtype.merge(tensor.dtype().name(), tensor.byteSize(), Long::sum);
            }
        }
        String dtype = bytesByDtype.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse(null);
        return new ModelFacts(
                ModelFormat.SAFETENSORS,
                null,
                parameters,
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
