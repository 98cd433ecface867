package dev.hangar.server.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a launch spec depends on.
 *
 * @param modelPath the model file or directory on the machine that runs the replica
 * @param servedName the name clients send as {@code model} (the endpoint's name)
 * @param engineArgs validated arguments that differ from the runtime's defaults (see {@link EngineArgValidator})
 * @param gpus how many GPUs the replica's resource has (tensor parallelism defaults to it)
 * @param threads the CPU threads the replica's share of its machine allows (the built-in worker's
 *     {@code --threads} defaults to it); 0 leaves the runtime's own default
 * @param workDir the replica's own directory, for files the launch writes (an Ollama Modelfile)
 * @param worker how to start Hangar's built-in worker: the Java executable and the worker jar
 * @param token the replica's token: the runtime is told to require it from every caller (its API
 *     key), in an environment variable where the runtime reads one, so that {@code ps} does not show it
 */
public record LaunchRequest(
        Path modelPath,
        String servedName,
        Map<String, Object> engineArgs,
        String host,
        int port,
        int gpus,
        int threads,
        Path workDir,
        BuiltInWorker worker,
        String token) {

    public LaunchRequest {
        engineArgs = Map.copyOf(engineArgs);
    }

    /**
     * Where the built-in worker is: {@code java -jar <jar>}, with the JVM's class archive for it when one is recorded
     * ({@link WorkerClassArchive}), and the libllama it runs on when the admin set one ({@code HANGAR_LLAMA_LIBRARY}).
     */
    public record BuiltInWorker(Path java, Path jar, Optional<Path> classArchive, Optional<Path> llamaLibrary) {

        /** The worker's setting naming its libllama, read from its environment. */
        public static final String LLAMA_LIBRARY = "HANGAR_LLAMA_LIBRARY";

        public BuiltInWorker(Path java, Path jar) {
            this(java, jar, Optional.empty());
        }

        public BuiltInWorker(Path java, Path jar, Optional<Path> classArchive) {
            this(java, jar, classArchive, Optional.empty());
        }

        /** The variables a worker starts with besides the runtime's own. */
        public Map<String, String> environment() {
            return llamaLibrary
                    .map(path -> Map.of(LLAMA_LIBRARY, path.toString()))
                    .orElse(Map.of());
        }

        /** The command that starts a worker, before the worker's own arguments. */
        public List<String> command() {
            List<String> command = new ArrayList<>();
            command.add(java.toString());
            classArchive.ifPresent(archive -> command.add("-XX:SharedArchiveFile=" + archive));
            command.add("-jar");
            command.add(jar.toString());
            return command;
        }
    }
}
