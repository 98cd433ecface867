package dev.hangar.server.cli;

import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.formats.tiny.TinyModel;
import dev.hangar.server.core.ByteSizes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hangar models make-tiny}: writes a real llama model with random weights, locally, no server needed. */
@Command(
        name = "make-tiny",
        mixinStandardHelpOptions = true,
        description = "Write a llama model with random weights (for tests and benchmarks) that real runtimes load.")
final class MakeTinyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "Output: a .gguf file, or a directory for --format safetensors.")
    Path out;

    @Option(names = "--format", defaultValue = "gguf", description = "gguf or safetensors (default ${DEFAULT-VALUE}).")
    String format;

    @Option(
            names = "--size",
            defaultValue = "1M",
            description = "Parameter count to aim at: 100k, 1M, 10M, 85M, 100M (default ${DEFAULT-VALUE}).")
    String size;

    @Option(
            names = "--type",
            defaultValue = "F16",
            description =
                    "F16, BF16, F32, Q8_0 or Q4_0 (GGUF); F16, BF16 or F32 (safetensors). Default ${DEFAULT-VALUE}.")
    String type;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Random seed; the same seed writes the same bytes (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
        GgmlType ggmlType;
        try {
            ggmlType = GgmlType.valueOf(type.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CliFailure("--type must be F16, BF16, F32, Q8_0 or Q4_0, not '" + type + "'");
        }
        TinyModel model;
        try {
            model = TinyModel.ofSize(size, seed);
            long started = System.nanoTime();
            switch (format.toLowerCase(Locale.ROOT)) {
                case "gguf" -> model.writeGguf(out, ggmlType);
                case "safetensors" -> model.writeHfDirectory(out, ggmlType);
                default -> throw new CliFailure("--format must be gguf or safetensors, not '" + format + "'");
            }
            long size = Files.size(out);
            if (Files.isDirectory(out)) {
                try (var files = Files.walk(out)) {
                    size = files.filter(Files::isRegularFile)
                            .mapToLong(p -> p.toFile().length())
                            .sum();
                }
            }
            spec.commandLine()
                    .getOut()
                    .printf(
                            "wrote %s: %s, %s parameters, %s, %s (random weights) in %d ms%n",
                            out,
                            model.name(),
                            ByteSizes.count(model.shape().parameterCount()),
                            ggmlType,
                            ByteSizes.bytes(size),
                            (System.nanoTime() - started) / 1_000_000);
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IllegalArgumentException e) {
            throw new CliFailure(e.getMessage());
        }
    }
}
