package dev.hangar.server.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders validated engine arguments the way a runtime takes them: flags on the command line
 * ({@code --flag value}, {@code --switch}, {@code --no-switch}), environment variables, or Ollama
 * Modelfile {@code PARAMETER} lines. Only arguments that differ from the default are rendered.
 */
final class ArgvBuilder {

    private final RuntimeSpec runtime;
    private final List<String> argv = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> modelfile = new ArrayList<>();

    ArgvBuilder(RuntimeSpec runtime, String... command) {
        this.runtime = runtime;
        argv.addAll(List.of(command));
    }

    ArgvBuilder add(String... parts) {
        argv.addAll(List.of(parts));
        return this;
    }

    ArgvBuilder env(String name, String value) {
        env.put(name, value);
        return this;
    }

    ArgvBuilder engineArgs(Map<String, Object> args) {
        for (EngineArg arg : runtime.engineArgs()) {
            Object value = args.get(arg.name());
            if (value == null) {
                continue;
            }
            String text = value.toString();
            switch (arg.via()) {
                case ENV -> env.put(arg.flag(), text);
                case MODELFILE -> modelfile.add("PARAMETER " + arg.flag() + " " + text);
                case FLAG -> {
                    if (arg.type() == ArgType.BOOL) {
                        argv.add((Boolean) value ? arg.flag() : arg.negatedFlag());
                    } else {
                        argv.add(arg.flag());
                        argv.add(text);
                    }
                }
            }
        }
        return this;
    }

    List<String> argv() {
        return List.copyOf(argv);
    }

    Map<String, String> env() {
        return Map.copyOf(env);
    }

    List<String> modelfileParameters() {
        return List.copyOf(modelfile);
    }
}
