package dev.hangar.server.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The process that serves one replica: its command line, environment and working directory, the
 * files to write before it starts, commands to run once it answers (Ollama's {@code create}),
 * and how to tell it is ready.
 */
public record LaunchSpec(
        List<String> argv,
        Map<String, String> env,
        Path workDir,
        Map<String, String> files,
        List<List<String>> afterStart,
        String healthPath,
        Duration readinessTimeout) {

    public LaunchSpec {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
        files = Map.copyOf(files);
        afterStart = afterStart.stream().map(List::copyOf).toList();
    }

    /** The same launch with {@code more} arguments after the rendered ones. */
    public LaunchSpec withArguments(List<String> more) {
        List<String> all = new java.util.ArrayList<>(argv);
        all.addAll(more);
        return new LaunchSpec(all, env, workDir, files, afterStart, healthPath, readinessTimeout);
    }

    /** The same launch with its program replaced, e.g. by the absolute path found on the runtime search path. */
    public LaunchSpec withProgram(String program) {
        List<String> replaced = new java.util.ArrayList<>(argv);
        replaced.set(0, program);
        return new LaunchSpec(replaced, env, workDir, files, afterStart, healthPath, readinessTimeout);
    }
}
