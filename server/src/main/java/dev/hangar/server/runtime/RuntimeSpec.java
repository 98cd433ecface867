package dev.hangar.server.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A runtime Hangar can deploy models on: what it accepts (model formats, tasks, devices), how to
 * tell it is installed, its engine-argument schema, and how to launch it.
 *
 * @param probe the command whose success means the runtime is installed, printing its version
 * @param launchable false while Hangar cannot start it yet; {@code notLaunchableReason} says why
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
        Launcher launcher,
        Optional<String> notLaunchableReason) {

    public RuntimeSpec {
        formats = Set.copyOf(formats);
        tasks = Set.copyOf(tasks);
        devices = Set.copyOf(devices);
        probe = List.copyOf(probe);
        engineArgs = List.copyOf(engineArgs);
    }

    public Optional<EngineArg> arg(String name) {
        return engineArgs.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** The process for one replica; a pure function of the request. */
    public LaunchSpec launch(LaunchRequest request) {
        return launcher.launch(this, request);
    }

    public boolean accepts(String format, String task) {
        return formats.contains(format) && (task == null || tasks.contains(task));
    }

    /** Turns a launch request into the process to start; a pure function of its input. */
    @FunctionalInterface
    public interface Launcher {
        LaunchSpec launch(RuntimeSpec runtime, LaunchRequest request);
    }
}
