package dev.hangar.server.registry;

import dev.hangar.server.auth.AuthenticatedUser;
import dev.hangar.server.auth.Role;
import dev.hangar.server.auth.User;
import dev.hangar.server.auth.UserLimitsService;
import dev.hangar.server.core.IdGenerator;
import dev.hangar.server.core.Page;
import dev.hangar.server.core.Visibility;
import dev.hangar.server.imports.ImportedService;
import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ProblemType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The registry's rules: those of every imported thing ({@link ImportedService}: who sees which
 * model, unique names, imports handed to the background) and the model's own: local paths only
 * from the allowed roots, uploads within the owner's storage quota, known tasks, and models
 * withdrawn from other users' endpoints when made private or deleted.
 */
@Service
public class ModelService extends ImportedService<Model, ModelRepository.Row, ModelStatus, ModelEvent> {

    private static final Logger log = LoggerFactory.getLogger(ModelService.class);

    /** What a caller asks to register. */
    record NewModel(
            String name, ModelSource source, Visibility visibility, String description, String task, String license) {}

    /** Fields an owner may change; {@code null} leaves a field as it is. */
    record ModelChanges(String description, Visibility visibility, String task, String license) {}

    private final ModelRepository models;
    private final LocalPathPolicy paths;
    private final ModelStore store;
    private final IdGenerator ids;
    private final ModelUsage usage;
    private final UserLimitsService limits;

    ModelService(
            ModelRepository models,
            LocalPathPolicy paths,
            ModelImporter importer,
            ModelStore store,
            IdGenerator ids,
            Clock clock,
            TransactionTemplate transaction,
            ModelUsage usage,
            UserLimitsService limits) {
        super(models, importer, clock, transaction);
        this.models = models;
        this.paths = paths;
        this.store = store;
        this.ids = ids;
        this.usage = usage;
        this.limits = limits;
    }

    Model register(AuthenticatedUser caller, NewModel request) {
        String id = ids.next("mdl");
        Path path = switch (request.source()) {
            case ModelSource.Local local -> paths.resolve(caller, local.path());
            case ModelSource.Upload upload -> store.directory(id);
            case ModelSource.Hub hub -> throw notYet("hub");
            case ModelSource.S3 s3 -> throw notYet("s3");
        };
        boolean upload = request.source() instanceof ModelSource.Upload;
        checkTask(request.task());
        refuseTakenName(caller, request.name());
        Instant now = clock.instant();
        Model model = new Model(
                id,
                request.name(),
                caller.username(),
                ModelStatus.IMPORTING,
                null,
                null,
                null,
                request.description(),
                request.visibility() == null ? Visibility.PRIVATE : request.visibility(),
                request.task(),
                new Model.SourceView(request.source().type(), path.toString()),
                null,
                null,
                List.of(),
                now,
                now);
        return register(caller, model, path, !upload);
    }

    /** What an upload has received so far, per file, so that a client can resume. */
    record UploadState(boolean complete, List<ModelFile> files) {}

    UploadState uploadState(AuthenticatedUser caller, String idOrName) {
        ModelRepository.Row row = uploadingRow(caller, idOrName, false);
        return new UploadState(!row.awaitingUpload(), uploadedFiles(row.model().id()));
    }

    /** Appends to one file of a model being uploaded; answers the bytes now stored. */
    long receive(
            AuthenticatedUser caller, String idOrName, String file, long offset, long length, java.io.InputStream body)
            throws java.io.IOException {
        ModelRepository.Row row = uploadingRow(caller, idOrName, true);
        String owner = row.ownerId();
        return store.write(
                new ModelStore.Upload(owner, row.model().id(), file),
                offset,
                length,
                () -> remainingQuota(owner),
                body);
    }

    /** What the owner's uploads may still add: their quota less what their uploaded models take now. */
    private long remainingQuota(String ownerId) {
        Long limit = limits.of(ownerId).storageBytes();
        if (limit == null) {
            return Long.MAX_VALUE;
        }
        try {
            return limit - store.bytesOf(models.uploadIdsOwnedBy(ownerId));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Ends an upload: the import (header check, scan) starts. */
    Model completeUpload(AuthenticatedUser caller, String idOrName) {
        ModelRepository.Row row = uploadingRow(caller, idOrName, true);
        if (uploadedFiles(row.model().id()).isEmpty()) {
            throw new ApiException(
                    ProblemType.CONFLICT,
                    MessageCode.UPLOAD_NOTHING.with("name", row.model().name()));
        }
        store.whileNotUploading(row.model().id(), () -> {
            models.markUploadComplete(row.model().id(), clock.instant());
            return null;
        });
        return startImport(caller, row.model().id());
    }

    private ModelRepository.Row uploadingRow(AuthenticatedUser caller, String idOrName, boolean mustAwait) {
        ModelRepository.Row row = lookup.owned(caller, idOrName);
        if (!row.model().source().type().equals("upload")) {
            throw new ApiException(
                    ProblemType.CONFLICT,
                    MessageCode.UPLOAD_NOT_UPLOAD.with(
                            "name",
                            row.model().name(),
                            "type",
                            row.model().source().type()));
        }
        if (mustAwait && !row.awaitingUpload()) {
            throw new ApiException(
                    ProblemType.CONFLICT,
                    MessageCode.UPLOAD_COMPLETE.with("name", row.model().name()));
        }
        return row;
    }

    private List<ModelFile> uploadedFiles(String modelId) {
        Path directory = store.directory(modelId);
        if (!java.nio.file.Files.isDirectory(directory)) {
            return List.of();
        }
        try {
            return paths.files(directory).stream()
                    .map(f -> new ModelFile(
                            directory.relativize(f).toString(), f.toFile().length(), null))
                    .toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    Page<Model> list(AuthenticatedUser caller, ModelQuery query) {
        return seenBy(caller, models.list(query, caller.userId(), caller.isAdmin()));
    }

    /** A model by id whoever owns it, for the control plane's own work (deployments); empty when it was deleted. */
    public Optional<Model> byId(String id) {
        return models.findById(id).map(ModelRepository.Row::model);
    }

    /**
     * Whether {@code user} may still use the model (theirs, public, or any for an admin), for a launch
     * of their endpoint that names it in an engine argument: its owner may have made it private since.
     */
    public boolean usableBy(User user, String id) {
        return models.findById(id)
                .filter(row -> lookup.usableBy(row, user.id(), user.role() == Role.ADMIN))
                .isPresent();
    }

    /**
     * Changes what an owner may change. Making a public model private withdraws it from other users:
     * their endpoints serving it stop, saying why.
     */
    Model update(AuthenticatedUser caller, String idOrName, ModelChanges changes) {
        ModelRepository.Row row = change(caller, idOrName, changes.description(), changes.visibility(), model -> {
            checkTask(changes.task());
            Map<String, String> own = new LinkedHashMap<>();
            own.put("task", changes.task() == null ? model.task() : changes.task());
            own.put("license", changes.license() == null ? model.facts().license() : changes.license());
            return own;
        });
        Model model = row.model();
        if (changes.visibility() == Visibility.PRIVATE && model.visibility() == Visibility.PUBLIC) {
            withdraw(caller, row, MessageCode.MODEL_WITHDRAWN_PRIVATE);
        }
        return get(caller, model.id());
    }

    /**
     * Deletes a model its owner's own endpoints do not serve; other users' endpoints serving it
     * are stopped first, saying why, and are left without a model.
     */
    void delete(AuthenticatedUser caller, String idOrName) {
        ModelRepository.Row row = lookup.owned(caller, idOrName);
        Model model = row.model();
        refuseWhileServed(row);
        withdraw(caller, row, MessageCode.MODEL_WITHDRAWN_DELETED);
        try {
            models.delete(model.id());
        } catch (DataIntegrityViolationException e) {
            refuseWhileServed(row);
            throw e;
        }
        if (!model.source().type().equals("upload")) {
            log.info(
                    "model {} ({}) deleted by {}; its files at {} were left in place",
                    model.name(),
                    model.id(),
                    caller.username(),
                    model.source().path());
            return;
        }
        try {
            store.delete(model.id());
            log.info("model {} ({}) and its uploaded files deleted by {}", model.name(), model.id(), caller.username());
        } catch (java.io.IOException e) {
            log.warn(
                    "model {} ({}) deleted, but its uploaded files at {} could not be removed: {}",
                    model.name(),
                    model.id(),
                    model.source().path(),
                    e.getMessage());
        }
    }

    /** Refuses while the owner's own endpoints serve the model: they would be left without one. */
    private void refuseWhileServed(ModelRepository.Row row) {
        List<String> serving = usage.endpointsOfOwnerServing(row.model().id(), row.ownerId());
        if (!serving.isEmpty()) {
            throw new ApiException(
                    ProblemType.CONFLICT,
                    MessageCode.MODEL_SERVED.with("name", row.model().name(), "endpoints", serving));
        }
    }

    private void withdraw(AuthenticatedUser caller, ModelRepository.Row row, MessageCode how) {
        Model model = row.model();
        Message why = how.with("model", model.name(), "user", caller.username());
        List<String> stopped = usage.withdrawFromOthers(model.id(), row.ownerId(), why);
        if (!stopped.isEmpty()) {
            log.info(
                    "model {} ({}): {}; other users' endpoints {} stopped",
                    model.name(),
                    model.id(),
                    why.text(),
                    stopped);
        }
    }

    /** Imports a failed model again, e.g. after its file was fixed. */
    Model reimport(AuthenticatedUser caller, String idOrName) {
        Model model = lookup.owned(caller, idOrName).model();
        if (model.source().type().equals("local")) {
            // The roots may have changed since it was registered: the caller must still be allowed the path.
            paths.resolve(caller, model.source().path());
        }
        return importAgain(
                caller,
                model,
                MessageCode.MODEL_REIMPORT_NOT_FAILED.with("name", model.name(), "status", model.status()));
    }

    private static void checkTask(String task) {
        if (task != null && !ModelTasks.KNOWN.contains(task)) {
            throw ApiException.invalidField(
                    "task",
                    MessageCode.MODEL_TASK.with(
                            "tasks", ModelTasks.KNOWN.stream().sorted().toList()));
        }
    }

    private static ApiException notYet(String type) {
        return ApiException.invalidField("source.type", MessageCode.MODEL_SOURCE_NOT_YET.with("type", type));
    }
}
