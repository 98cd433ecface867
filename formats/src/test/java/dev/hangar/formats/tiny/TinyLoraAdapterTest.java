package dev.hangar.formats.tiny;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.formats.gguf.GgufFile;
import dev.hangar.formats.gguf.GgufModelInfo;
import dev.hangar.formats.gguf.GgufReader;
import dev.hangar.formats.gguf.GgufTensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TinyLoraAdapterTest {
    private static final TinyModel BASE = TinyModel.ofSize("100k", 42);

    @TempDir
    Path dir;

    @Test
    void adapterReadsBackAsALoraForTheLlamaArchitecture() throws IOException {
        Path file = dir.resolve("adapter.gguf");
        new TinyLoraAdapter(BASE, 4, 8f, 7).writeGguf(file);

        GgufModelInfo info = GgufModelInfo.of(GgufReader.read(file));

        assertThat(info.loraAdapter())
                .contains(new GgufModelInfo.LoraAdapter(Optional.of("llama"), OptionalDouble.of(8.0)));
    }

    @Test
    void eachProjectionOfTheBaseGetsAPairWhoseShapesMultiplyToTheWeights() throws IOException {
        Path baseFile = dir.resolve("base.gguf");
        Path file = dir.resolve("adapter.gguf");
        BASE.writeGguf(baseFile, GgmlType.F16);
        TinyLoraAdapter.of(BASE, 7).writeGguf(file);
        Map<String, GgufTensorInfo> base = byName(GgufReader.read(baseFile));
        Map<String, GgufTensorInfo> adapter = byName(GgufReader.read(file));

        int projectionsPerLayer = 7;
        assertThat(adapter).hasSize(2 * projectionsPerLayer * BASE.shape().layers());
        for (var entry : adapter.entrySet()) {
            if (!entry.getKey().endsWith(".lora_a")) {
                continue;
            }
            String weight = entry.getKey().substring(0, entry.getKey().length() - ".lora_a".length());
            GgufTensorInfo a = entry.getValue();
            GgufTensorInfo b = adapter.get(weight + ".lora_b");
            GgufTensorInfo w = base.get(weight);
            assertThat(w).as(weight).isNotNull();
            assertThat(b).as(weight + ".lora_b").isNotNull();
            // llama.cpp's checks: A's input width and B's output height are W's; A's rank is B's.
            assertThat(a.dimensions().get(0)).isEqualTo(w.dimensions().get(0));
            assertThat(b.dimensions().get(1)).isEqualTo(w.dimensions().get(1));
            assertThat(a.dimensions().get(1)).isEqualTo(b.dimensions().get(0)).isEqualTo(4L);
            assertThat(a.type()).isEqualTo(GgmlType.F32);
        }
    }

    @Test
    void sameSeedWritesTheSameBytesAndAnotherSeedOthers() throws IOException {
        Path one = dir.resolve("one.gguf");
        Path again = dir.resolve("again.gguf");
        Path other = dir.resolve("other.gguf");
        TinyLoraAdapter.of(BASE, 1).writeGguf(one);
        TinyLoraAdapter.of(BASE, 1).writeGguf(again);
        TinyLoraAdapter.of(BASE, 2).writeGguf(other);

        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(one));
        assertThat(Files.readAllBytes(other)).isNotEqualTo(Files.readAllBytes(one));
    }

    private static Map<String, GgufTensorInfo> byName(GgufFile file) {
        return file.tensors().stream().collect(Collectors.toMap(GgufTensorInfo::name, Function.identity()));
    }
}
