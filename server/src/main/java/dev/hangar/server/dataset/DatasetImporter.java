package dev.hangar.server.dataset;

import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.imports.ImportJobs;
import dev.hangar.server.imports.ImportRefused;
import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.registry.ContentFingerprint;
import dev.hangar.server.registry.LocalPathPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads datasets' files in the background: {@code importing → ready | failed}, each step recorded
 * with its reason ({@link ImportJobs} runs them, resumes them and re-checks ready datasets).
 */
@Component
class DatasetImporter extends ImportJobs<Dataset, DatasetRepository.Row, DatasetStatus> {

    private static final Logger log = LoggerFactory.getLogger(DatasetImporter.class);

    private final DatasetRepository datasets;
    private final LocalPathPolicy paths;
    private final DatasetFiles datasetFiles;
    private final DatasetInspector inspector;
    private final TransactionTemplate transaction;

    DatasetImporter(
            DatasetRepository datasets,
            LocalPathPolicy paths,
            DatasetFiles datasetFiles,
            DatasetInspector inspector,
            TransactionTemplate transaction,
            Clock clock,
            HangarProperties properties) {
        super(datasets, clock, properties.registry().importConcurrency());
        this.datasets = datasets;
        this.paths = paths;
        this.datasetFiles = datasetFiles;
        this.inspector = inspector;
        this.transaction = transaction;
    }

    @Override
    protected void importFiles(DatasetRepository.Row row) throws IOException, ImportRefused {
        Dataset dataset = row.dataset();
        long started = System.nanoTime();
        Path root = paths.resolveRegistered(dataset.source().path());
        DatasetFiles.Selection selection = datasetFiles.select(root, Optional.of(dataset.format()));
        String fingerprint = ContentFingerprint.of(root, selection.files());
        DatasetInspector.Inspection inspection;
        try {
            inspection = inspector.inspect(root, selection);
        } catch (InvalidDatasetFile e) {
            throw new ImportRefused(MessageCode.DATASET_INVALID_FILE.with(
                    "format", dataset.format(), "problem", String.valueOf(e.getMessage())));
        }
        if (inspection.rows() == 0) {
            throw new ImportRefused(MessageCode.DATASET_NO_ROWS.with());
        }
        Message summary = describe(inspection);
        boolean ready = Boolean.TRUE.equals(transaction.execute(
                status -> datasets.saveInspection(dataset.id(), inspection, fingerprint, clock.instant())
                        && datasets.transition(
                                dataset.id(), DatasetStatus.IMPORTING, DatasetStatus.READY, summary, clock.instant())));
        if (ready) {
            log.info(
                    "dataset {} ({}) ready in {} ms: {}",
                    dataset.name(),
                    dataset.id(),
                    (System.nanoTime() - started) / 1_000_000,
                    summary.text());
        }
    }

    @Override
    protected String currentFingerprint(Dataset dataset) throws IOException {
        Path root = paths.resolveRegistered(dataset.source().path());
        return ContentFingerprint.of(
                root, datasetFiles.select(root, Optional.of(dataset.format())).files());
    }

    private static Message describe(DatasetInspector.Inspection inspection) {
        return MessageCode.DATASET_SUMMARY.with(
                "rows",
                inspection.rows(),
                "files",
                inspection.files().size(),
                "columns",
                inspection.columns().size(),
                "schema",
                inspection.schema());
    }
}
