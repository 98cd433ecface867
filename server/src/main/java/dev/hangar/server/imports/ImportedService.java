package dev.hangar.server.imports;

import dev.hangar.server.auth.AuthenticatedUser;
import dev.hangar.server.auth.OwnedLookup;
import dev.hangar.server.core.Page;
import dev.hangar.server.core.Visibility;
import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ConflictException;
import dev.hangar.server.problem.ProblemType;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The rules every kind of imported thing follows: who sees which (owner, admins, everyone for
 * public ones, without server paths or events), names unique per owner and among public things,
 * a new thing recorded with its first event, imports handed to the background. Each kind adds
 * what it checks of a new thing and what it may change.
 */
public abstract class ImportedService<
        V extends Imported<S, V>, R extends ImportedRow<V>, S extends Enum<S> & ImportStatus<S>, E> {

    private static final Logger log = LoggerFactory.getLogger(ImportedService.class);

    protected final OwnedLookup<R> lookup;
    protected final Clock clock;
    private final ImportedRepository<V, R, S, E> repository;
    private final ImportJobs<V, R, S> jobs;
    private final TransactionTemplate transaction;
    private final ImportedKind<S, E> kind;

    protected ImportedService(
            ImportedRepository<V, R, S, E> repository,
            ImportJobs<V, R, S> jobs,
            Clock clock,
            TransactionTemplate transaction) {
        this.repository = repository;
        this.jobs = jobs;
        this.clock = clock;
        this.transaction = transaction;
        this.kind = repository.kind();
        this.lookup = new OwnedLookup<>(
                kind.nounCode(),
                repository::findById,
                repository::findByOwnerAndName,
                repository::findPublicByName,
                ImportedRow::ownerId,
                row -> row.artifact().visibility(),
                row -> "'" + row.artifact().name() + "' (" + row.artifact().owner() + ")");
    }

    /** Refuses a name the caller already gave one of theirs, or that another user's public one has. */
    protected void refuseTakenName(AuthenticatedUser caller, String name) {
        repository.findByOwnerAndName(caller.userId(), name).ifPresent(existing -> {
            throw new ConflictException(
                    MessageCode.NAME_TAKEN.with("what", kind.nounCode().with(), "name", name),
                    existing.artifact().id());
        });
        lookup.refuseOthersPublicName(caller, name);
    }

    /**
     * Records a new thing, whose files are at {@code from}, with its first event, both or neither,
     * and hands its import to the background unless it waits for files still to come
     * ({@code startImport} false).
     */
    protected V register(AuthenticatedUser caller, V artifact, Path from, boolean startImport) {
        try {
            transaction.executeWithoutResult(status -> {
                repository.insert(artifact, caller.userId());
                repository.recordEvent(
                        artifact.id(),
                        kind.importing(),
                        MessageCode.IMPORT_REQUESTED.with("path", from, "user", caller.username()),
                        artifact.createdAt());
            });
        } catch (DuplicateKeyException e) {
            throw new ConflictException(
                    MessageCode.NAME_JUST_TAKEN.with("what", kind.nounCode().with(), "name", artifact.name()), null);
        }
        log.info(
                "{} {} ({}) registered by {} from {}",
                kind.noun(),
                artifact.name(),
                artifact.id(),
                caller.username(),
                from);
        return handOver(caller, artifact.id(), startImport);
    }

    /** The thing as the caller sees it now, its import then handed to the background. */
    private V handOver(AuthenticatedUser caller, String id, boolean startImport) {
        // The answer shows the state as requested; the import may finish before it is sent.
        V requested = get(caller, id);
        if (startImport) {
            jobs.submit(id);
        }
        return requested;
    }

    /** A page of things as the caller may see each: all of their own (all for an admin), less of others'. */
    protected Page<V> seenBy(AuthenticatedUser caller, Page<V> page) {
        return page.map(artifact ->
                caller.isAdmin() || artifact.owner().equals(caller.username()) ? artifact : artifact.asSeenByOthers());
    }

    /** A thing the caller may see, by id or by name (their own first, else the one public thing of that name). */
    public V get(AuthenticatedUser caller, String idOrName) {
        R row = lookup.visible(caller, idOrName);
        return lookup.ownedBy(row, caller) ? row.artifact() : row.artifact().asSeenByOthers();
    }

    /** Events name the server paths files came from: the owner's and admins'. */
    public List<E> events(AuthenticatedUser caller, String idOrName) {
        return repository.events(lookup.ownedTo(caller, idOrName, MessageCode.PURPOSE_READ_EVENTS)
                .artifact()
                .id());
    }

    /**
     * Changes description and visibility ({@code null} leaves them as they are) and the kind's own
     * columns, which {@code own} checks and answers from the thing as it is. A thing is made public
     * only under a name no other user's public thing has.
     */
    protected R change(
            AuthenticatedUser caller,
            String idOrName,
            String description,
            Visibility visibility,
            Function<V, Map<String, ?>> own) {
        R row = lookup.owned(caller, idOrName);
        V current = row.artifact();
        Map<String, ?> ownColumns = own.apply(current);
        if (visibility == Visibility.PUBLIC && current.visibility() != Visibility.PUBLIC) {
            lookup.refuseOthersPublicName(caller, current.name());
        }
        try {
            repository.update(
                    current.id(),
                    description == null ? current.description() : description,
                    visibility == null ? current.visibility() : visibility,
                    clock.instant(),
                    ownColumns);
        } catch (DuplicateKeyException e) {
            throw lookup.publicNameJustTaken(current.name());
        }
        return row;
    }

    /**
     * Imports a thing again, e.g. after its files were fixed; {@code refusal} says why when its status
     * does not allow it.
     */
    protected V importAgain(AuthenticatedUser caller, V current, Message refusal) {
        if (!current.status().canMoveTo(kind.importing())) {
            throw new ApiException(ProblemType.CONFLICT, refusal);
        }
        if (!repository.transition(
                current.id(),
                current.status(),
                kind.importing(),
                MessageCode.IMPORT_AGAIN_REQUESTED.with("user", caller.username()),
                clock.instant())) {
            throw new ApiException(
                    ProblemType.CONFLICT,
                    MessageCode.CHANGED_MEANWHILE.with("what", kind.nounCode().with(), "name", current.name()));
        }
        return handOver(caller, current.id(), true);
    }

    /** Hands a thing whose files are all there to the background import. */
    protected V startImport(AuthenticatedUser caller, String id) {
        return handOver(caller, id, true);
    }
}
