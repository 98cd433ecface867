package dev.hangar.worker;

import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.formats.tiny.TinyModel;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The tiny test model (100k parameters, seed 42, F16) served by a worker process started with the given arguments,
 * beside the test's own greedy decode of the same file ({@link GreedyOracle}) that the answers are checked against.
 * Registered on a test class ({@code @RegisterExtension static final ServedTinyModel tiny = new ServedTinyModel(…)}),
 * it is ready before the class's {@code @BeforeAll} methods run, and ends after its tests, its folder removed.
 */
final class ServedTinyModel implements BeforeAllCallback, AfterAllCallback {
    private final String[] workerArgs;
    private Path dir;
    private WorkerProcess worker;
    private GreedyOracle oracle;

    ServedTinyModel(String... workerArgs) {
        this.workerArgs = workerArgs.clone();
    }

    WorkerProcess worker() {
        return worker;
    }

    GreedyOracle oracle() {
        return oracle;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("served-tiny-model-");
        Path model = dir.resolve("tiny.gguf");
        TinyModel.ofSize("100k", 42).writeGguf(model, GgmlType.F16);
        worker = WorkerProcess.start(model, dir, workerArgs);
        oracle = GreedyOracle.open(model);
        worker.awaitReady();
    }

    /** Runs after a failed {@link #beforeAll} too (JUnit's rule), closing whatever it had opened. */
    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try (GreedyOracle openOracle = oracle;
                WorkerProcess openWorker = worker) {
            // closed in reverse order: the worker, then the oracle
        } finally {
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
                }
            }
        }
    }
}
