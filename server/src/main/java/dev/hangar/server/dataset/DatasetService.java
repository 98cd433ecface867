package dev.hangar.server.dataset;

import dev.hangar.server.auth.AuthenticatedUser;
import dev.hangar.server.core.IdGenerator;
import dev.hangar.server.core.Page;
import dev.hangar.server.core.Visibility;
import dev.hangar.server.imports.ImportedService;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.registry.LocalPathPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The dataset registry's rules, the same as for models ({@link ImportedService}), and its own:
 * local paths only from the allowed roots, the format known before anything is recorded.
 */
@Service
public class DatasetService extends ImportedService<Dataset, DatasetRepository.Row, DatasetStatus, DatasetEvent> {

    private static final Logger log = LoggerFactory.getLogger(DatasetService.class);

    /** What a caller asks to register. */
    record NewDataset(
            String name,
            DatasetSource source,
            Visibility visibility,
            String description,
            Optional<DatasetFormat> format) {}

    /** Fields an owner may change; {@code null} leaves a field as it is. */
    record DatasetChanges(String description, Visibility visibility) {}

    private final DatasetRepository datasets;
    private final LocalPathPolicy paths;
    private final DatasetFiles datasetFiles;
    private final IdGenerator ids;

    DatasetService(
            DatasetRepository datasets,
            LocalPathPolicy paths,
            DatasetFiles datasetFiles,
            DatasetImporter importer,
            IdGenerator ids,
            Clock clock,
            TransactionTemplate transaction) {
        super(datasets, importer, clock, transaction);
        this.datasets = datasets;
        this.paths = paths;
        this.datasetFiles = datasetFiles;
        this.ids = ids;
    }

    Dataset register(AuthenticatedUser caller, NewDataset request) {
        Path path = paths.resolve(caller, request.source().path());
        DatasetFormat format = select(path, request.format()).format();
        refuseTakenName(caller, request.name());
        Instant now = clock.instant();
        Dataset dataset = new Dataset(
                ids.next("dst"),
                request.name(),
                caller.username(),
                DatasetStatus.IMPORTING,
                null,
                null,
                null,
                request.description(),
                request.visibility() == null ? Visibility.PRIVATE : request.visibility(),
                format,
                null,
                new DatasetSource("local", path.toString()),
                null,
                null,
                null,
                List.of(),
                now,
                now);
        return register(caller, dataset, path, true);
    }

    Page<Dataset> list(AuthenticatedUser caller, DatasetQuery query) {
        return seenBy(caller, datasets.list(query, caller.userId(), caller.isAdmin()));
    }

    /**
     * Changes what an owner may change; a dataset is made public only under a name no other user's
     * public dataset has.
     */
    Dataset update(AuthenticatedUser caller, String idOrName, DatasetChanges changes) {
        DatasetRepository.Row row =
                change(caller, idOrName, changes.description(), changes.visibility(), dataset -> Map.of());
        return get(caller, row.dataset().id());
    }

    void delete(AuthenticatedUser caller, String idOrName) {
        Dataset dataset = lookup.owned(caller, idOrName).dataset();
        datasets.delete(dataset.id());
        log.info(
                "dataset {} ({}) deleted by {}; its files at {} were left in place",
                dataset.name(),
                dataset.id(),
                caller.username(),
                dataset.source().path());
    }

    /** Reads a dataset's files again, e.g. after they were fixed or extended. */
    Dataset reimport(AuthenticatedUser caller, String idOrName) {
        Dataset dataset = lookup.owned(caller, idOrName).dataset();
        // The roots may have changed since it was registered: the caller must still be allowed the path.
        paths.resolve(caller, dataset.source().path());
        return importAgain(caller, dataset, MessageCode.DATASET_IMPORTING.with("name", dataset.name()));
    }

    private DatasetFiles.Selection select(Path path, Optional<DatasetFormat> format) {
        try {
            return datasetFiles.select(path, format);
        } catch (IOException e) {
            throw ApiException.invalidField(
                    "source.path", MessageCode.FIELD_INVALID.with("reason", String.valueOf(e.getMessage())));
        }
    }
}
