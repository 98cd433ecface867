package dev.hangar.server.dataset;

import dev.hangar.server.auth.AuthenticatedUser;
import dev.hangar.server.auth.OwnedLookup;
import dev.hangar.server.core.IdGenerator;
import dev.hangar.server.core.Page;
import dev.hangar.server.core.Visibility;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ConflictException;
import dev.hangar.server.problem.ProblemType;
import dev.hangar.server.registry.LocalPathPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The dataset registry's rules, the same as for models: who sees which dataset (owner, admins,
 * everyone for public ones, without server paths or events), names unique per owner and among
 * public datasets, local paths only from the allowed roots, the format known before anything is
 * recorded, reading the files handed to the background.
 */
@Service
public class DatasetService {

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
    private final DatasetImporter importer;
    private final IdGenerator ids;
    private final Clock clock;
    private final TransactionTemplate transaction;
    private final OwnedLookup<DatasetRepository.Row> lookup;

    DatasetService(
            DatasetRepository datasets,
            LocalPathPolicy paths,
            DatasetFiles datasetFiles,
            DatasetImporter importer,
            IdGenerator ids,
            Clock clock,
            TransactionTemplate transaction) {
        this.datasets = datasets;
        this.paths = paths;
        this.datasetFiles = datasetFiles;
        this.importer = importer;
        this.ids = ids;
        this.clock = clock;
        this.transaction = transaction;
        this.lookup = new OwnedLookup<>(
                "dataset",
                datasets::findById,
                datasets::findByOwnerAndName,
                datasets::findPublicByName,
                DatasetRepository.Row::ownerId,
                row -> row.dataset().visibility(),
                row -> "'" + row.dataset().name() + "' (" + row.dataset().owner() + ")");
    }

    Dataset register(AuthenticatedUser caller, NewDataset request) {
        Path path = paths.resolve(caller, request.source().path());
        DatasetFormat format = select(path, request.format()).format();
        datasets.findByOwnerAndName(caller.userId(), request.name()).ifPresent(existing -> {
            throw new ConflictException(
                    "You already have a dataset named '" + request.name() + "'.",
                    existing.dataset().id());
        });
        lookup.refuseOthersPublicName(caller, request.name());
        Instant now = clock.instant();
        Dataset dataset = new Dataset(
                ids.next("dst"),
                request.name(),
                caller.username(),
                DatasetStatus.IMPORTING,
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
        try {
            transaction.executeWithoutResult(status -> {
                datasets.insert(dataset, caller.userId());
                datasets.recordEvent(
                        dataset.id(),
                        DatasetStatus.IMPORTING,
                        "import of " + path + " requested by " + caller.username(),
                        now);
            });
        } catch (DuplicateKeyException e) {
            throw new ConflictException("A dataset named '" + request.name() + "' was just registered.", null);
        }
        log.info("dataset {} ({}) registered by {} from {}", dataset.name(), dataset.id(), caller.username(), path);
        // The answer shows the state as registered; the import may finish before it is sent.
        var registered = get(caller, dataset.id());
        importer.submit(dataset.id());
        return registered;
    }

    Page<Dataset> list(AuthenticatedUser caller, DatasetQuery query) {
        return datasets.list(query, caller.userId(), caller.isAdmin())
                .map(dataset -> caller.isAdmin() || dataset.owner().equals(caller.username())
                        ? dataset
                        : dataset.asSeenByOthers());
    }

    /** A dataset the caller may see, by id or by name (their own first, else the one public dataset of that name). */
    public Dataset get(AuthenticatedUser caller, String idOrName) {
        DatasetRepository.Row row = lookup.visible(caller, idOrName);
        return lookup.ownedBy(row, caller) ? row.dataset() : row.dataset().asSeenByOthers();
    }

    /** Events name the server paths files were read from: the owner's and admins'. */
    List<DatasetEvent> events(AuthenticatedUser caller, String idOrName) {
        return datasets.events(
                lookup.ownedTo(caller, idOrName, "read its events").dataset().id());
    }

    /**
     * Changes what an owner may change; a dataset is made public only under a name no other user's
     * public dataset has.
     */
    Dataset update(AuthenticatedUser caller, String idOrName, DatasetChanges changes) {
        Dataset dataset = lookup.owned(caller, idOrName).dataset();
        if (changes.visibility() == Visibility.PUBLIC && dataset.visibility() != Visibility.PUBLIC) {
            lookup.refuseOthersPublicName(caller, dataset.name());
        }
        try {
            datasets.update(
                    dataset.id(),
                    changes.description() == null ? dataset.description() : changes.description(),
                    changes.visibility() == null ? dataset.visibility() : changes.visibility(),
                    clock.instant());
        } catch (DuplicateKeyException e) {
            throw lookup.publicNameJustTaken(dataset.name());
        }
        return get(caller, dataset.id());
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
        if (!dataset.status().canMoveTo(DatasetStatus.IMPORTING)
                || !datasets.transition(
                        dataset.id(),
                        dataset.status(),
                        DatasetStatus.IMPORTING,
                        "import again requested by " + caller.username(),
                        clock.instant())) {
            throw new ApiException(
                    ProblemType.CONFLICT,
                    "Dataset '" + dataset.name() + "' is being imported already; wait until it is ready or failed.");
        }
        // The answer shows the state as registered; the import may finish before it is sent.
        var registered = get(caller, dataset.id());
        importer.submit(dataset.id());
        return registered;
    }

    private DatasetFiles.Selection select(Path path, Optional<DatasetFormat> format) {
        try {
            return datasetFiles.select(path, format);
        } catch (IOException e) {
            throw ApiException.invalidField("source.path", e.getMessage());
        }
    }
}
