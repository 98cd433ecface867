package dev.hangar.server.reconcile;

import dev.hangar.server.runtime.EngineArg;
import dev.hangar.server.runtime.LaunchRequest;
import dev.hangar.server.runtime.LaunchSpec;
import dev.hangar.server.runtime.RuntimeSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How every replica of one endpoint generation is launched; only the port and the replica's own
 * directory differ between replicas.
 *
 * @param servedName the name clients send as {@code model}: the endpoint's name
 * @param embeddings whether the smoke request is an embedding rather than a one-token completion
 * @param worker the built-in worker's java and jar; null when this machine has none
 * @param directory the endpoint's directory, holding each replica's working directory
 */
record LaunchPlan(
        RuntimeSpec runtime,
        Path modelPath,
        Map<String, Object> engineArgs,
        String servedName,
        int gpus,
        int threads,
        Map<String, String> env,
        boolean embeddings,
        LaunchRequest.BuiltInWorker worker,
        Path directory,
        Map<String, Path> adapters) {

    private static final String DRAIN = "drain-seconds";
    static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
    private static final Duration KILL_MARGIN = Duration.ofSeconds(5);

    LaunchPlan {
        engineArgs = Map.copyOf(engineArgs);
        env = Map.copyOf(env);
        adapters = Map.copyOf(adapters);
    }

    /** @param token the replica's token, which the runtime is told to require from its callers */
    LaunchSpec spec(String host, int port, String replicaId, String token) {
        LaunchSpec spec = runtime.launch(new LaunchRequest(
                modelPath,
                servedName,
                engineArgs,
                host,
                port,
                gpus,
                threads,
                directory.resolve(replicaId),
                worker,
                token));
        return adapters.isEmpty() ? spec : spec.withArguments(loraArguments());
    }

    /** The built-in worker's {@code --lora NAME=FILE} for each adapter, in name order. */
    private List<String> loraArguments() {
        List<String> arguments = new ArrayList<>();
        new TreeMap<>(adapters).forEach((name, file) -> {
            arguments.add("--lora");
            arguments.add(name + "=" + file);
        });
        return arguments;
    }

    /** How long a stopping replica may drain before it is killed: its drain period (if it has one) and a margin. */
    Duration stopGrace() {
        return stopGrace(runtime, engineArgs);
    }

    static Duration stopGrace(RuntimeSpec runtime, Map<String, Object> engineArgs) {
        Object drain = engineArgs.containsKey(DRAIN)
                ? engineArgs.get(DRAIN)
                : runtime.arg(DRAIN).map(EngineArg::defaultValue).orElse(null);
        return drain instanceof Number seconds
                ? Duration.ofSeconds(seconds.longValue()).plus(KILL_MARGIN)
                : DEFAULT_GRACE;
    }
}
