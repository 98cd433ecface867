package dev.hangar.formats.tiny;

import dev.hangar.formats.gguf.GgmlType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Command line for writing a tiny model: {@code --size 1M --type Q8_0 --format gguf --seed 42 --out model.gguf}.
 * {@code --format safetensors} writes a Hugging Face directory at {@code --out} instead.
 */
public final class TinyModelMaker {
    static final String USAGE = "usage: --out PATH [--size 1M] [--type F16|BF16|F32|Q8_0|Q4_0]"
            + " [--format gguf|safetensors] [--seed 42]";

    private static final Set<String> OPTIONS = Set.of("--out", "--size", "--type", "--format", "--seed");

    private TinyModelMaker() {}

    public static void main(String[] args) throws IOException {
        try {
            Path written = make(List.of(args));
            System.out.println("wrote " + written);
        } catch (IllegalArgumentException badArguments) {
            System.err.println(badArguments.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        }
    }

    /**
     * Writes the model the arguments describe and returns where.
     *
     * @throws IllegalArgumentException with a sentence naming the bad argument
     */
    public static Path make(List<String> args) throws IOException {
        Map<String, String> options = parse(args);
        if (!options.containsKey("--out")) {
            throw new IllegalArgumentException("--out is required");
        }
        Path out = Path.of(options.get("--out"));
        TinyModel model =
                TinyModel.ofSize(options.getOrDefault("--size", "1M"), seed(options.getOrDefault("--seed", "42")));
        GgmlType type = type(options.getOrDefault("--type", "F16"));
        switch (options.getOrDefault("--format", "gguf").toLowerCase(Locale.ROOT)) {
            case "gguf" -> model.writeGguf(out, type);
            case "safetensors" -> model.writeHfDirectory(out, type);
            default ->
                throw new IllegalArgumentException(
                        "--format must be gguf or safetensors, not '" + options.get("--format") + "'");
        }
        return out;
    }

    private static Map<String, String> parse(List<String> args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            String name = args.get(i);
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown option '" + name + "'");
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            options.put(name, args.get(i + 1));
        }
        return options;
    }

    private static long seed(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("--seed must be a whole number, not '" + text + "'");
        }
    }

    private static GgmlType type(String text) {
        try {
            return GgmlType.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException("--type must be F16, BF16, F32, Q8_0 or Q4_0, not '" + text + "'");
        }
    }
}
