package dev.hangar.server.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A runtime Hangar can deploy models on: what it accepts (model formats, tasks, devices), how to
 * tell it is installed, its engine-argument schema, and how to launch it; read from its runtime
 * file ({@link RuntimeFileReader}).
 *
 * @param probe the command whose success means the runtime is installed, printing its version
 * @param launchTemplate how a replica starts; empty for a router and while {@code notLaunchableReason}
 *     says why Hangar cannot start it yet
 * @param concurrencyArg the engine argument that sets how many requests one replica serves at once
 *     (its slots); null where there is none
 */
public record RuntimeSpec(
        String name,
        String displayName,
        boolean builtIn,
        Set<String> formats,
        Set<String> tasks,
        Set<String> devices,
        List<String> probe,
        String healthPath,
        Duration readinessTimeout,
        List<EngineArg> engineArgs,
        Optional<LaunchTemplate> launchTemplate,
        Optional<String> notLaunchableReason,
        String concurrencyArg) {

    /** The runtime of router endpoints, which forward to an external OpenAI-compatible provider instead of running replicas. */
    public static final String ROUTER = "openai-compatible";

    public RuntimeSpec {
        formats = Set.copyOf(formats);
        tasks = Set.copyOf(tasks);
        devices = Set.copyOf(devices);
        probe = List.copyOf(probe);
        engineArgs = List.copyOf(engineArgs);
    }

    /**
     * The message code of {@code notLaunchableReason}, {@code runtimeReason.<runtime>.notLaunchable}:
     * the UI's copy of the catalog holds the built-in runtimes' reasons under it, each translated.
     */
    public Optional<String> notLaunchableReasonCode() {
        return notLaunchableReason.map(reason -> "runtimeReason." + name + ".notLaunchable");
    }

    /** Whether endpoints on it are routers: no replicas of their own, an external provider behind them. */
    public boolean router() {
        return name.equals(ROUTER);
    }

    public Optional<EngineArg> arg(String name) {
        return engineArgs.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /**
     * How many requests one replica serves at once with these engine arguments (the argument's value,
     * else its default); empty where the runtime has no such argument or leaves it to its own default.
     */
    public OptionalInt slotsPerReplica(Map<String, Object> engineArgs) {
        if (concurrencyArg == null) {
            return OptionalInt.empty();
        }
        Object value = engineArgs.get(concurrencyArg);
        if (value == null) {
            value = arg(concurrencyArg).map(EngineArg::defaultValue).orElse(null);
        }
        return value instanceof Number number ? OptionalInt.of(number.intValue()) : OptionalInt.empty();
    }

    /** The process for one replica; a pure function of the request. */
    public LaunchSpec launch(LaunchRequest request) {
        return launchTemplate
                .orElseThrow(() -> new IllegalStateException(
                        router() ? "a router endpoint starts no process" : name + " is not launchable yet"))
                .render(this, request);
    }

    public boolean accepts(String format, String task) {
        return formats.contains(format) && (task == null || tasks.contains(task));
    }
}
