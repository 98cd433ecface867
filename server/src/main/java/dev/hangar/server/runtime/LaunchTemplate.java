package dev.hangar.server.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a runtime's replica starts, as its runtime file declares it: the command and environment
 * (with {@link Placeholders}), arguments that follow the replica's resource unless the user set
 * them, then the engine arguments that differ from their defaults. Ollama's launch also writes a
 * Modelfile ({@code FROM} the model, a {@code PARAMETER} line per modelfile argument) and runs
 * commands once the runtime answers.
 *
 * @param modelfile where the Modelfile is written; empty for runtimes that take none
 */
public record LaunchTemplate(
        List<String> command,
        Map<String, String> env,
        List<ResourceDefault> resourceDefaults,
        Optional<String> modelfile,
        List<List<String>> afterStart) {

    public LaunchTemplate {
        command = List.copyOf(command);
        env = Map.copyOf(env);
        resourceDefaults = List.copyOf(resourceDefaults);
        afterStart = afterStart.stream().map(List::copyOf).toList();
    }

    /**
     * An integer engine argument that takes a figure of the replica's resource where it is above
     * {@code above} and the user did not set the argument: tensor parallelism follows the GPU count,
     * the built-in worker's threads its share of the machine.
     */
    public record ResourceDefault(String arg, String flag, Figure from, int above) {

        /** The figures of the resource a launch knows. */
        public enum Figure {
            GPUS,
            THREADS
        }

        List<String> words(LaunchRequest request) {
            int value = from == Figure.GPUS ? request.gpus() : request.threads();
            return value > above && !request.engineArgs().containsKey(arg)
                    ? List.of(flag, Integer.toString(value))
                    : List.of();
        }
    }

    /** The process for one replica; a pure function of the request. */
    LaunchSpec render(RuntimeSpec runtime, LaunchRequest request) {
        ArgvBuilder builder = new ArgvBuilder(runtime, Placeholders.fillCommand(command, request));
        env.forEach((name, value) -> builder.env(name, Placeholders.fill(value, request)));
        if (command.contains(Placeholders.WORKER)) {
            request.worker().environment().forEach(builder::env);
        }
        resourceDefaults.forEach(d -> builder.add(d.words(request)));
        builder.engineArgs(request.engineArgs(), request.workDir());
        Map<String, String> files = new LinkedHashMap<>(builder.files());
        modelfile.ifPresent(path -> files.put(Placeholders.fill(path, request), modelfileText(request, builder)));
        return new LaunchSpec(
                builder.argv(),
                builder.env(),
                request.workDir(),
                files,
                afterStart.stream()
                        .map(words -> Placeholders.fillCommand(words, request))
                        .toList(),
                runtime.healthPath(),
                runtime.readinessTimeout());
    }

    private static String modelfileText(LaunchRequest request, ArgvBuilder builder) {
        StringBuilder text =
                new StringBuilder("FROM ").append(request.modelPath()).append('\n');
        builder.modelfileParameters().forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }
}
