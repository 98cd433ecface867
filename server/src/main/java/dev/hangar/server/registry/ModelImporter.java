package dev.hangar.server.registry;

import dev.hangar.formats.InvalidModelFile;
import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.imports.ImportJobs;
import dev.hangar.server.imports.ImportRefused;
import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports models in the background ({@link ImportJobs} runs them, resumes them and re-checks ready
 * models): read the headers ({@code importing}), scan ({@code scanning}), then {@code ready},
 * {@code failed} or {@code quarantined}, each step recorded with its reason.
 */
@Component
class ModelImporter extends ImportJobs<Model, ModelRepository.Row, ModelStatus> {

    private static final Logger log = LoggerFactory.getLogger(ModelImporter.class);

    private final ModelRepository models;
    private final LocalPathPolicy paths;
    private final ModelStore store;
    private final ModelInspector inspector;
    private final ModelScanner scanner;
    private final TransactionTemplate transaction;

    ModelImporter(
            ModelRepository models,
            LocalPathPolicy paths,
            ModelStore store,
            ModelInspector inspector,
            ModelScanner scanner,
            TransactionTemplate transaction,
            Clock clock,
            HangarProperties properties) {
        super(models, clock, properties.registry().importConcurrency());
        this.models = models;
        this.paths = paths;
        this.store = store;
        this.inspector = inspector;
        this.scanner = scanner;
        this.transaction = transaction;
    }

    @Override
    protected String currentFingerprint(Model model) throws IOException {
        Path root = root(model);
        return ContentFingerprint.of(root, paths.files(root));
    }

    @Override
    protected void importFiles(ModelRepository.Row row) throws IOException, ImportRefused {
        Model model = row.model();
        String modelId = model.id();
        long started = System.nanoTime();
        Path root = root(model);
        ModelInspector.Inspection inspection;
        try {
            inspection = inspector.inspect(root);
        } catch (InvalidModelFile e) {
            throw new ImportRefused(MessageCode.MODEL_INVALID_FILE.with("problem", String.valueOf(e.getMessage())));
        }
        String fingerprint = ContentFingerprint.of(root, paths.files(root));
        ModelFacts facts = inspection.facts();
        transaction.executeWithoutResult(status -> {
            models.saveFacts(modelId, facts, inspection.sizeBytes(), fingerprint, inspection.files(), clock.instant());
            models.setTask(modelId, ModelTasks.derive(facts));
            models.transition(modelId, ModelStatus.IMPORTING, ModelStatus.SCANNING, describe(facts), clock.instant());
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
                verdict.summary().text());
        if (outcome == ModelStatus.READY) {
            recordChecksums(modelId, root, inspection.files(), fingerprint);
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

    private static Message describe(ModelFacts facts) {
        List<Message> read = new ArrayList<>();
        read.add(MessageCode.REASON_DETAIL.with("detail", facts.format()));
        if (facts.architecture() != null) {
            read.add(MessageCode.REASON_DETAIL.with("detail", facts.architecture()));
        }
        if (facts.parameterCount() != null) {
            read.add(MessageCode.MODEL_FACT_PARAMETERS.with("count", facts.parameterCount()));
        }
        if (facts.quantization() != null) {
            read.add(MessageCode.REASON_DETAIL.with("detail", facts.quantization()));
        }
        return MessageCode.MODEL_HEADERS_READ.with("facts", MessageCode.LIST_ITEMS.join(read));
    }
}
