package dev.hangar.worker;

import dev.hangar.worker.WorkerOptions.LoraOption;
import dev.hangar.worker.llama.LlamaLibrary;
import dev.hangar.worker.llama.NativeLibraryCache;
import dev.hangar.worker.llama.PoolingType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Parses {@code hangar worker} arguments by hand: the option set is small and flat, and a start that has to stay well
 * under a second gains nothing from loading a reflective CLI framework.
 */
public final class WorkerCommandLine {
    public static final String USAGE = """
            Usage: hangar worker --model FILE.gguf --port N [options]

              --model FILE            GGUF model to serve (required)
              --port N                port to listen on, 0 for any free port (required)
              --host ADDRESS          address to bind (default 127.0.0.1)
              --ctx-size N            total context of all slots (default: the model's, at most 4096, for each slot)
              --parallel N            requests generated at once, each in its own slot (default 1)
              --threads N             most CPU threads a decode uses: one or all, whichever is faster now
                                      (default: available processors)
              --batch-size N          logical batch size for prompt processing (default 2048)
              --no-embeddings         do not serve /v1/embeddings
              --pooling TYPE          embedding pooling: mean, cls, last, or rank for a reranker's /v1/rerank
                                      (default: the model's, else last)
              --lora NAME=FILE[:scale]  load a LoRA adapter that requests select as model
                                      'MODEL:NAME' (repeatable; scale defaults to 1.0; without
                                      NAME= the file name without .gguf names it)
              --served-model-name N   the model name clients use (default: the file name)
              --api-key KEY           require 'Authorization: Bearer KEY' on every route but /health
                                      (default: $HANGAR_REPLICA_TOKEN, which Hangar sets for its replicas)
              --drain-seconds N       on SIGTERM, how long in-flight requests may finish (default 30)
              --queue-size N          requests that may wait for a slot before 429 (default 4 x parallel)
              --queue-timeout-seconds N  longest wait for a slot before 503 (default 60)
              --parent-pid PID        exit as on SIGTERM once process PID has ended (Hangar's helper
                                      workers; its replicas do not use it: they outlive a server restart)
              --help                  show this help

            Environment: HANGAR_LLAMA_LIBRARY=FILE runs on that libllama (your own build, e.g. with CUDA)
            instead of the llama.cpp libraries the worker carries.
            """;

    private WorkerCommandLine() {}

    /** The variable Hangar passes a replica's token in: the worker's API key unless {@code --api-key} is given. */
    static final String REPLICA_TOKEN = "HANGAR_REPLICA_TOKEN";

    /** @throws UsageException with a sentence a person can act on */
    public static WorkerOptions parse(List<String> args) {
        return parse(args, System.getenv());
    }

    /**
     * @param environment where {@link #REPLICA_TOKEN} is read (in the environment rather than on the
     *     command line, a replica's token is not shown to every user of the machine by {@code ps}), and
     *     {@code XDG_CACHE_HOME}, the user's cache directory by the XDG convention
     */
    static WorkerOptions parse(List<String> args, Map<String, String> environment) {
        Path model = null;
        String host = "127.0.0.1";
        Integer port = null;
        OptionalInt ctxSize = OptionalInt.empty();
        int parallel = 1;
        int threads = Runtime.getRuntime().availableProcessors();
        int batchSize = 2048;
        boolean embeddings = true;
        Optional<PoolingType> pooling = Optional.empty();
        List<LoraOption> loras = new ArrayList<>();
        Optional<String> servedName = Optional.empty();
        Optional<String> apiKey =
                Optional.ofNullable(environment.get(REPLICA_TOKEN)).filter(token -> !token.isBlank());
        int drainSeconds = 30;
        Integer queueSize = null;
        int queueTimeoutSeconds = 60;
        OptionalLong parentPid = OptionalLong.empty();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            boolean inline = arg.contains("=");
            if (name.equals("--no-embeddings")) {
                embeddings = false;
                continue;
            }
            String value = inline ? arg.substring(arg.indexOf('=') + 1) : valueAfter(args, i++, name);
            switch (name) {
                case "--model" -> model = Path.of(value);
                case "--host" -> host = value;
                case "--port" -> port = integer(name, value, 0, 65535);
                case "--ctx-size" -> ctxSize = OptionalInt.of(integer(name, value, 16, 1 << 24));
                case "--parallel" -> parallel = integer(name, value, 1, 256);
                case "--threads" -> threads = integer(name, value, 1, 1024);
                case "--batch-size" -> batchSize = integer(name, value, 1, 1 << 20);
                case "--pooling" -> pooling = Optional.of(pooling(value));
                case "--lora" -> loras.add(lora(value, loras));
                case "--served-model-name" -> servedName = Optional.of(nonBlank(name, value));
                case "--api-key" -> apiKey = Optional.of(nonBlank(name, value));
                case "--drain-seconds" -> drainSeconds = integer(name, value, 0, 3600);
                case "--queue-size" -> queueSize = integer(name, value, 0, 100_000);
                case "--queue-timeout-seconds" -> queueTimeoutSeconds = integer(name, value, 1, 3600);
                case "--parent-pid" -> parentPid = OptionalLong.of(integer(name, value, 1, Integer.MAX_VALUE));
                default -> throw new UsageException("unknown option " + name + " (see --help)");
            }
        }
        if (model == null) {
            throw new UsageException("--model FILE.gguf is required");
        }
        if (port == null) {
            throw new UsageException("--port N is required");
        }
        if (!Files.isRegularFile(model)) {
            throw new UsageException("--model " + model + ": no such file");
        }
        if (ctxSize.isPresent() && ctxSize.getAsInt() / parallel < 16) {
            throw new UsageException("--ctx-size " + ctxSize.getAsInt()
                    + " leaves fewer than 16 tokens for each of the " + parallel + " slots");
        }
        return new WorkerOptions(
                model,
                host,
                port,
                ctxSize,
                parallel,
                threads,
                batchSize,
                embeddings,
                pooling,
                loras,
                servedName,
                apiKey,
                Duration.ofSeconds(drainSeconds),
                queueSize == null ? 4 * parallel : queueSize,
                Duration.ofSeconds(queueTimeoutSeconds),
                NativeLibraryCache.userCacheDirectory(environment),
                Optional.ofNullable(environment.get(LlamaLibrary.LOCATION_VARIABLE))
                        .filter(path -> !path.isBlank())
                        .map(Path::of),
                parentPid);
    }

    private static String valueAfter(List<String> args, int index, String name) {
        if (!name.startsWith("--")) {
            throw new UsageException("unexpected argument '" + name + "' (options start with --; see --help)");
        }
        if (index + 1 >= args.size()) {
            throw new UsageException(name + " needs a value");
        }
        return args.get(index + 1);
    }

    private static int integer(String name, String value, int min, int max) {
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed < min || parsed > max) {
                throw new UsageException(name + " must be between " + min + " and " + max + ", not " + parsed);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a whole number, not '" + value + "'");
        }
    }

    private static String nonBlank(String name, String value) {
        if (value.isBlank()) {
            throw new UsageException(name + " must not be empty");
        }
        return value;
    }

    private static PoolingType pooling(String value) {
        return switch (value) {
            case "mean" -> PoolingType.MEAN;
            case "cls" -> PoolingType.CLS;
            case "last" -> PoolingType.LAST;
            case "rank" -> PoolingType.RANK;
            default -> throw new UsageException("--pooling must be mean, cls, last or rank, not '" + value + "'");
        };
    }

    private static LoraOption lora(String value, List<LoraOption> earlier) {
        String name = null;
        String spec = value;
        int equals = value.indexOf('=');
        if (equals > 0 && AdapterName.isValid(value.substring(0, equals))) {
            name = value.substring(0, equals);
            spec = value.substring(equals + 1);
        }
        int colon = spec.lastIndexOf(':');
        String file = spec;
        float scale = 1.0f;
        if (colon > 0) {
            try {
                scale = Float.parseFloat(spec.substring(colon + 1));
                file = spec.substring(0, colon);
            } catch (NumberFormatException e) {
                // The colon belongs to the path (no scale given), e.g. a Windows drive or an odd file name.
                file = spec;
            }
        }
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new UsageException("--lora " + file + ": no such file");
        }
        if (name == null) {
            name = AdapterName.ofFile(path)
                    .orElseThrow(() -> new UsageException("--lora " + value
                            + ": the file name does not make an adapter name; write --lora NAME=" + value));
        }
        String chosen = name;
        if (earlier.stream().anyMatch(lora -> lora.name().equals(chosen))) {
            throw new UsageException("--lora " + value + ": another adapter is already named '" + chosen + "'");
        }
        return new LoraOption(name, path, scale);
    }
}
