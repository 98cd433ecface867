package dev.hangar.server.dataset;

import dev.hangar.server.core.BackgroundTasks;
import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.registry.ContentFingerprint;
import dev.hangar.server.registry.LocalPathPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads datasets' files in the background, a few at a time: {@code importing → ready | failed},
 * each step recorded with its reason. Imports cut off by a restart are picked up again at start,
 * and ready datasets are re-checked periodically so that a file changed after import is noticed.
 */
@Component
class DatasetImporter implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DatasetImporter.class);
    private static final int QUEUE = 1000;

    private final DatasetRepository datasets;
    private final LocalPathPolicy paths;
    private final DatasetFiles datasetFiles;
    private final DatasetInspector inspector;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final BackgroundTasks imports;

    DatasetImporter(
            DatasetRepository datasets,
            LocalPathPolicy paths,
            DatasetFiles datasetFiles,
            DatasetInspector inspector,
            TransactionTemplate transaction,
            Clock clock,
            HangarProperties properties) {
        this.datasets = datasets;
        this.paths = paths;
        this.datasetFiles = datasetFiles;
        this.inspector = inspector;
        this.transaction = transaction;
        this.clock = clock;
        this.imports =
                new BackgroundTasks("dataset-import", properties.registry().importConcurrency(), QUEUE);
    }

    void submit(String datasetId) {
        if (!imports.submit(() -> run(datasetId))) {
            fail(datasetId, "too many imports are waiting (" + QUEUE + "); import it again later");
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void resumeInterruptedImports() {
        List<DatasetRepository.Row> unfinished = datasets.findByStatus(DatasetStatus.IMPORTING);
        if (!unfinished.isEmpty()) {
            log.info("resuming {} dataset import(s) cut off by the last stop", unfinished.size());
            unfinished.forEach(row -> submit(row.dataset().id()));
        }
    }

    /** Marks ready datasets whose files changed or disappeared since import as failed. */
    @Scheduled(
            initialDelayString = "${hangar.registry.verify-interval}",
            fixedDelayString = "${hangar.registry.verify-interval}")
    void verifyReadyDatasets() {
        for (DatasetRepository.Row row : datasets.findByStatus(DatasetStatus.READY)) {
            Dataset dataset = row.dataset();
            String problem;
            try {
                problem = fingerprint(dataset).equals(row.fingerprint())
                        ? null
                        : "its files changed after import (the fingerprint differs); import it again";
            } catch (ApiException | IOException | UncheckedIOException e) {
                problem = "its files cannot be read any more: " + e.getMessage();
            }
            if (problem != null
                    && datasets.transition(
                            dataset.id(), DatasetStatus.READY, DatasetStatus.FAILED, problem, clock.instant())) {
                log.warn("dataset {} ({}) is no longer usable: {}", dataset.name(), dataset.id(), problem);
            }
        }
    }

    private void run(String datasetId) {
        Optional<DatasetRepository.Row> row = datasets.findById(datasetId);
        if (row.isEmpty() || row.get().dataset().status() != DatasetStatus.IMPORTING) {
            return;
        }
        Dataset dataset = row.get().dataset();
        long started = System.nanoTime();
        try {
            Path root = paths.resolveRegistered(dataset.source().path());
            DatasetFiles.Selection selection = datasetFiles.select(root, Optional.of(dataset.format()));
            String fingerprint = ContentFingerprint.of(root, selection.files());
            DatasetInspector.Inspection inspection = inspector.inspect(root, selection);
            if (inspection.rows() == 0) {
                fail(datasetId, "its files hold no rows");
                return;
            }
            String summary = describe(inspection);
            boolean ready = Boolean.TRUE.equals(transaction.execute(status -> datasets.saveInspection(
                            datasetId, inspection, fingerprint, clock.instant())
                    && datasets.transition(
                            datasetId, DatasetStatus.IMPORTING, DatasetStatus.READY, summary, clock.instant())));
            if (ready) {
                log.info(
                        "dataset {} ({}) ready in {} ms: {}",
                        dataset.name(),
                        datasetId,
                        (System.nanoTime() - started) / 1_000_000,
                        summary);
            }
        } catch (ApiException e) {
            fail(datasetId, e.getMessage());
        } catch (InvalidDatasetFile e) {
            fail(datasetId, "not valid " + dataset.format() + ": " + e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            fail(datasetId, "cannot read the dataset files: " + e.getMessage());
        } catch (RuntimeException e) {
            log.error("import of dataset {} ({}) failed unexpectedly", dataset.name(), datasetId, e);
            fail(
                    datasetId,
                    "the import failed unexpectedly (" + e.getClass().getSimpleName()
                            + "); the server log has details");
        }
    }

    private String fingerprint(Dataset dataset) throws IOException {
        Path root = paths.resolveRegistered(dataset.source().path());
        return ContentFingerprint.of(
                root, datasetFiles.select(root, Optional.of(dataset.format())).files());
    }

    private void fail(String datasetId, String reason) {
        if (Thread.currentThread().isInterrupted()) {
            // Hangar is stopping: the import was cut off, not refused; it runs again at the next start.
            log.info("import {} stopped by shutdown; it resumes at the next start", datasetId);
            return;
        }
        if (datasets.transition(datasetId, DatasetStatus.IMPORTING, DatasetStatus.FAILED, reason, clock.instant())) {
            log.warn("dataset import {} failed: {}", datasetId, reason);
        }
    }

    private static String describe(DatasetInspector.Inspection inspection) {
        return inspection.rows() + " rows in " + inspection.files().size() + " file(s), "
                + inspection.columns().size() + " column(s), schema " + inspection.schema();
    }

    @Override
    public void destroy() throws InterruptedException {
        imports.close();
    }
}
