package dev.hangar.server.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders validated engine arguments the way a runtime takes them: flags on the command line
 * ({@code --flag value}, {@code --switch}, {@code --no-switch}), environment variables, or Ollama
 * Modelfile {@code PARAMETER} lines. Only arguments that differ from the default are rendered. A
 * template's text goes into a file in the replica's directory and the flag names that file, so a
 * runtime that reads a file when the value is a path (vLLM's {@code --chat-template}) never reads
 * one the user chose.
 */
final class ArgvBuilder {

    private final RuntimeSpec runtime;
    private final List<String> argv = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> modelfile = new ArrayList<>();
    private final Map<String, String> files = new LinkedHashMap<>();

    ArgvBuilder(RuntimeSpec runtime, List<String> command) {
        this.runtime = runtime;
        argv.addAll(command);
    }

    void add(List<String> words) {
        argv.addAll(words);
    }

    void env(String name, String value) {
        env.put(name, value);
    }

    /** @param workDir the replica's own directory, where templates are written */
    void engineArgs(Map<String, Object> args, Path workDir) {
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
                    } else if (arg.type() == ArgType.TEMPLATE) {
                        String file = workDir.resolve(arg.name() + ".jinja").toString();
                        files.put(file, text);
                        argv.add(arg.flag());
                        argv.add(file);
                    } else {
                        argv.add(arg.flag());
                        argv.add(text);
                    }
                }
            }
        }
    }

    List<String> argv() {
        return List.copyOf(argv);
    }

    Map<String, String> env() {
        return Map.copyOf(env);
    }

    /** The files the launch writes before the process starts: path to content. */
    Map<String, String> files() {
        return Map.copyOf(files);
    }

    List<String> modelfileParameters() {
        return List.copyOf(modelfile);
    }
}
