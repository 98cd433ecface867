package dev.hangar.formats.tiny;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangar.formats.gguf.GgufModelInfo;
import dev.hangar.formats.gguf.GgufReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TinyModelMakerTest {
    @TempDir
    Path dir;

    @Test
    void writesTheGgufTheArgumentsDescribe() throws IOException {
        Path out = dir.resolve("tiny.gguf");

        TinyModelMaker.make(List.of("--size", "100k", "--type", "q4_0", "--seed", "7", "--out", out.toString()));

        GgufModelInfo info = GgufModelInfo.of(GgufReader.read(out));
        assertThat(info.quantization()).contains(new GgufModelInfo.Quantization("Q4_0", false));
        assertThat(info.name()).contains("hangar-tiny-llama-97K");
    }

    @Test
    void writesAHfDirectoryForTheSafetensorsFormat() throws IOException {
        Path out = dir.resolve("tiny");

        TinyModelMaker.make(List.of("--size", "100k", "--format", "safetensors", "--out", out.toString()));

        assertThat(out).isDirectoryContaining("glob:**/model.safetensors").isDirectoryContaining("glob:**/config.json");
    }

    @Test
    void quantizedSafetensorsAreRefusedWithASentence() {
        assertThatThrownBy(() -> TinyModelMaker.make(
                        List.of("--format", "safetensors", "--type", "Q4_0", "--out", dir.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("write it with the GGUF format instead");
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> TinyModelMaker.make(List.of("--sise", "1M"))).hasMessage("unknown option '--sise'");
        assertThatThrownBy(() -> TinyModelMaker.make(List.of("--size"))).hasMessage("--size needs a value");
        assertThatThrownBy(() -> TinyModelMaker.make(List.of("--size", "1M"))).hasMessage("--out is required");
        assertThatThrownBy(() -> TinyModelMaker.make(List.of("--out", "x", "--type", "Q9")))
                .hasMessageContaining("--type must be");
        assertThatThrownBy(() -> TinyModelMaker.make(List.of("--out", "x", "--format", "onnx")))
                .hasMessageContaining("--format must be gguf or safetensors, not 'onnx'");
        assertThatThrownBy(() -> TinyModelMaker.make(List.of("--out", "x", "--seed", "abc")))
                .hasMessageContaining("--seed must be a whole number");
    }
}
