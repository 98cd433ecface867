package dev.hangar.server.registry;

import dev.hangar.formats.InvalidModelFile;
import dev.hangar.server.core.BackgroundTasks;
import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.problem.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs imports in the background, a few at a time: read the headers ({@code importing}), scan
 * ({@code scanning}), then {@code ready}, {@code failed} or {@code quarantined}, each step recorded
 * with its reason. Imports cut off by a restart are picked up again at start, and ready models are
 * re-checked periodically so that a file changed or removed after import is noticed.
 */
@Component
class ModelImporter implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ModelImporter.class);
    private static final int QUEUE = 1000;

    private final ModelRepository models;
    private final LocalPathPolicy paths;
    private final ModelStore store;
    private final ModelInspector inspector;
    private final ModelScanner scanner;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final BackgroundTasks imports;

    ModelImporter(
            ModelRepository models,
            LocalPathPolicy paths,
            ModelStore store,
            ModelInspector inspector,
            ModelScanner scanner,
            TransactionTemplate transaction,
            Clock clock,
            HangarProperties properties) {
        this.models = models;
        this.paths = paths;
        this.store = store;
        this.inspector = inspector;
        this.scanner = scanner;
        this.transaction = transaction;
        this.clock = clock;
        this.imports = new BackgroundTasks("model-import", properties.registry().importConcurrency(), QUEUE);
    }

    void submit(String modelId) {
        if (!imports.submit(() -> run(modelId))) {
            fail(modelId, "too many imports are waiting (" + QUEUE + "); import it again later");
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void resumeInterruptedImports() {
        List<ModelRepository.Row> unfinished = models.findInProgress();
        if (!unfinished.isEmpty()) {
            log.info("resuming {} model import(s) cut off by the last stop", unfinished.size());
            unfinished.forEach(row -> submit(row.model().id()));
        }
    }

    /** Marks ready models whose files changed or disappeared since import as failed. */
    @Scheduled(
            initialDelayString = "${hangar.registry.verify-interval}",
            fixedDelayString = "${hangar.registry.verify-interval}")
    void verifyReadyModels() {
        for (ModelRepository.Row row : models.findByStatus(ModelStatus.READY)) {
            Model model = row.model();
            String problem;
            try {
                Path root = root(model);
                String now = ContentFingerprint.of(root, paths.files(root));
                problem = now.equals(row.fingerprint())
                        ? null
                        : "its files changed after import (the fingerprint differs)";
            } catch (ApiException | IOException | UncheckedIOException e) {
                problem = "its files cannot be read any more: " + e.getMessage();
            }
            if (problem != null
                    && models.transition(model.id(), ModelStatus.READY, ModelStatus.FAILED, problem, clock.instant())) {
                log.warn("model {} ({}) is no longer deployable: {}", model.name(), model.id(), problem);
            }
        }
    }

    private void run(String modelId) {
        ModelRepository.Row row = models.findById(modelId).orElse(null);
        if (row == null || !row.model().status().inProgress()) {
            return;
        }
        Model model = row.model();
        long started = System.nanoTime();
        try {
            Path root = root(model);
            ModelInspector.Inspection inspection = inspector.inspect(root);
            String fingerprint = ContentFingerprint.of(root, paths.files(root));
            ModelFacts facts = inspection.facts();
            transaction.executeWithoutResult(status -> {
                models.saveFacts(
                        modelId, facts, inspection.sizeBytes(), fingerprint, inspection.files(), clock.instant());
                models.setTask(modelId, ModelTasks.derive(facts));
                models.transition(
                        modelId, ModelStatus.IMPORTING, ModelStatus.SCANNING, describe(facts), clock.instant());
            });
            ModelScanner.Verdict verdict = scanner.scan(root, paths.files(root));
            ModelStatus outcome = verdict.clean() ? ModelStatus.READY : ModelStatus.QUARANTINED;
            if (!models.transition(modelId, ModelStatus.SCANNING, outcome, verdict.summary(), clock.instant())) {
                return;
            }
            log.info(
                    "model {} ({}) {} in {} ms: {}",
                    model.name(),
                    modelId,
                    outcome,
                    (System.nanoTime() - started) / 1_000_000,
                    verdict.summary());
            if (outcome == ModelStatus.READY) {
                recordChecksums(modelId, root, inspection.files(), fingerprint);
            }
        } catch (ApiException e) {
            fail(modelId, e.getMessage());
        } catch (InvalidModelFile e) {
            fail(modelId, "not a valid model file: " + e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            fail(modelId, "cannot read the model files: " + e.getMessage());
        } catch (RuntimeException e) {
            log.error("import of model {} ({}) failed unexpectedly", model.name(), modelId, e);
            fail(
                    modelId,
                    "the import failed unexpectedly (" + e.getClass().getSimpleName()
                            + "); the server log has details");
        }
    }

    /** Where a model's files are: its own directory of the store for an upload, else its registered path, checked again. */
    private Path root(Model model) {
        return model.source().type().equals("upload")
                ? store.directory(model.id())
                : paths.resolveRegistered(model.source().path());
    }

    /**
     * The full SHA-256 of each file, after the model is ready: it reads every byte, so it would
     * hold a large model back for no benefit to the deploy (the fingerprint already guards it).
     */
    private void recordChecksums(String modelId, Path root, List<ModelFile> files, String fingerprint)
            throws IOException {
        java.util.Map<String, String> sums = new java.util.LinkedHashMap<>();
        for (ModelFile file : files) {
            Path path = java.nio.file.Files.isDirectory(root) ? root.resolve(file.name()) : root;
            sums.put(file.name(), ContentFingerprint.sha256Of(path));
        }
        // A file changed while it was read gives a checksum of no version of it: keep none then.
        if (fingerprint.equals(ContentFingerprint.of(root, paths.files(root)))) {
            sums.forEach((name, sha256) -> models.setSha256(modelId, name, sha256));
        }
    }

    private void fail(String modelId, String reason) {
        if (Thread.currentThread().isInterrupted()) {
            // Hangar is stopping: the import was cut off, not refused; it runs again at the next start.
            log.info("import {} stopped by shutdown; it resumes at the next start", modelId);
            return;
        }
        for (ModelStatus from : List.of(ModelStatus.IMPORTING, ModelStatus.SCANNING)) {
            if (models.transition(modelId, from, ModelStatus.FAILED, reason, clock.instant())) {
                log.warn("model import {} failed: {}", modelId, reason);
                return;
            }
        }
    }

    private static String describe(ModelFacts facts) {
        StringBuilder text = new StringBuilder("headers read: ").append(facts.format());
        if (facts.architecture() != null) {
            text.append(", ").append(facts.architecture());
        }
        if (facts.parameterCount() != null) {
            text.append(", ").append(facts.parameterCount()).append(" parameters");
        }
        if (facts.quantization() != null) {
            text.append(", ").append(facts.quantization());
        }
        return text.toString();
    }

    @Override
    public void destroy() throws InterruptedException {
        imports.close();
    }
}
