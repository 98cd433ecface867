package dev.hangar.bench;

import dev.hangar.formats.TensorData;
import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.formats.gguf.GgufFile;
import dev.hangar.formats.gguf.GgufReader;
import dev.hangar.formats.gguf.GgufValue;
import dev.hangar.formats.gguf.GgufValueType;
import dev.hangar.formats.gguf.GgufWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading the metadata of a 1 GiB GGUF with a Llama-3-sized tokenizer (128,256 tokens, scores,
 * types and 280,000 merges in the header) against the baseline of reading the same header bytes
 * with a plain {@link FileChannel} and doing nothing with them. The ratio is the parser's cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GgufMetadataBenchmark {

    private static final int VOCAB = 128_256;
    private static final int MERGES = 280_000;
    private static final long TENSOR_BYTES = 1L << 30;

    private Path file;
    private long headerBytes;

    @Setup(Level.Trial)
    public void writeModel() throws IOException {
        file = Files.createTempFile("hangar-bench", ".gguf");
        List<GgufValue> tokens = new ArrayList<>(VOCAB);
        List<GgufValue> scores = new ArrayList<>(VOCAB);
        List<GgufValue> types = new ArrayList<>(VOCAB);
        for (int i = 0; i < VOCAB; i++) {
            tokens.add(new GgufValue.Str("Ġtoken" + i));
            scores.add(new GgufValue.Float32(-i));
            types.add(new GgufValue.Int32(1));
        }
        List<GgufValue> merges = new ArrayList<>(MERGES);
        for (int i = 0; i < MERGES; i++) {
            merges.add(new GgufValue.Str("Ġt" + i + " ok" + i));
        }
        long elements = TENSOR_BYTES / 2;
        new GgufWriter()
                .put("general.architecture", new GgufValue.Str("llama"))
                .put("general.file_type", new GgufValue.UInt32(1))
                .put("llama.context_length", new GgufValue.UInt32(8192))
                .put("llama.embedding_length", new GgufValue.UInt32(4096))
                .put("llama.block_count", new GgufValue.UInt32(32))
                .put("llama.attention.head_count", new GgufValue.UInt32(32))
                .put("llama.attention.head_count_kv", new GgufValue.UInt32(8))
                .put("tokenizer.ggml.model", new GgufValue.Str("gpt2"))
                .put("tokenizer.ggml.tokens", new GgufValue.Array(GgufValueType.STRING, tokens))
                .put("tokenizer.ggml.scores", new GgufValue.Array(GgufValueType.FLOAT32, scores))
                .put("tokenizer.ggml.token_type", new GgufValue.Array(GgufValueType.INT32, types))
                .put("tokenizer.ggml.merges", new GgufValue.Array(GgufValueType.STRING, merges))
                .addTensor(
                        "token_embd.weight",
                        GgmlType.F16,
                        List.of(4096L, elements / 4096),
                        TensorData.streamed(TENSOR_BYTES, out -> {
                            byte[] zeros = new byte[1 << 20];
                            for (long written = 0; written < TENSOR_BYTES; written += zeros.length) {
                                out.write(zeros);
                            }
                        }))
                .writeTo(file);
        // Also leaves the header in the page cache, where both benchmarks then read it from.
        headerBytes = GgufReader.read(file).dataStart();
        System.out.printf("%n%s: %d bytes, header %d bytes%n", file, Files.size(file), headerBytes);
    }

    @TearDown(Level.Trial)
    public void removeModel() throws IOException {
        Files.deleteIfExists(file);
    }

    @Benchmark
    public GgufFile readMetadata() throws IOException {
        return GgufReader.read(file);
    }

    @Benchmark
    public long readHeaderBytesBaseline() throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            long read = 0;
            while (read < headerBytes) {
                // The last read stops at the header's end, so the baseline reads exactly the bytes the parser needs.
                buffer.clear().limit((int) Math.min(buffer.capacity(), headerBytes - read));
                int n = channel.read(buffer, read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            return read;
        }
    }
}
