package dev.hangar.server.imports;

import dev.hangar.server.core.BackgroundTasks;
import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Runs one kind's imports in the background, a few at a time, each step recorded with its reason;
 * a failure of any kind ends in {@code failed} with a sentence saying why. Imports cut off by a
 * restart are picked up again at start, and ready things are re-checked periodically so that a
 * file changed or removed after import is noticed. Each kind says how its files are read.
 */
public abstract class ImportJobs<
                V extends Imported<S, V>, R extends ImportedRow<V>, S extends Enum<S> & ImportStatus<S>>
        implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ImportJobs.class);
    private static final int QUEUE = 1000;

    protected final Clock clock;
    private final ImportedRepository<V, R, S, ?> repository;
    private final ImportedKind<S, ?> kind;
    private final BackgroundTasks imports;

    protected ImportJobs(ImportedRepository<V, R, S, ?> repository, Clock clock, int concurrency) {
        this.repository = repository;
        this.kind = repository.kind();
        this.clock = clock;
        this.imports = new BackgroundTasks(kind.noun() + "-import", concurrency, QUEUE);
    }

    /**
     * Reads a thing's files and moves it on from its status in progress; {@link ImportRefused}
     * when the files cannot make a usable thing.
     */
    protected abstract void importFiles(R row) throws IOException, ImportRefused;

    /** The fingerprint of the thing's files as they are now, to compare with the one taken at import. */
    protected abstract String currentFingerprint(V artifact) throws IOException;

    public void submit(String id) {
        if (!imports.submit(() -> run(id))) {
            fail(id, MessageCode.IMPORT_QUEUE_FULL.with("max", QUEUE));
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    public void resumeInterruptedImports() {
        List<R> unfinished = repository.findInProgress();
        if (!unfinished.isEmpty()) {
            log.info("resuming {} {} import(s) cut off by the last stop", unfinished.size(), kind.noun());
            unfinished.forEach(row -> submit(row.artifact().id()));
        }
    }

    /** Marks ready things whose files changed or disappeared since import as failed. */
    @Scheduled(
            initialDelayString = "${hangar.registry.verify-interval}",
            fixedDelayString = "${hangar.registry.verify-interval}")
    public void verifyReady() {
        for (R row : repository.findByStatus(kind.ready())) {
            V artifact = row.artifact();
            Message problem;
            try {
                problem = currentFingerprint(artifact).equals(row.fingerprint())
                        ? null
                        : MessageCode.IMPORT_FILES_CHANGED.with();
            } catch (ApiException e) {
                problem = MessageCode.IMPORT_FILES_UNREADABLE.with("reason", e.message());
            } catch (IOException | UncheckedIOException e) {
                problem = MessageCode.IMPORT_FILES_UNREADABLE.with("reason", String.valueOf(e.getMessage()));
            }
            if (problem != null
                    && repository.transition(artifact.id(), kind.ready(), kind.failed(), problem, clock.instant())) {
                log.warn(
                        "{} {} ({}) is no longer usable: {}",
                        kind.noun(),
                        artifact.name(),
                        artifact.id(),
                        problem.text());
            }
        }
    }

    private void run(String id) {
        R row = repository
                .findById(id)
                .filter(found -> found.artifact().status().inProgress())
                .orElse(null);
        if (row == null) {
            return;
        }
        V artifact = row.artifact();
        try {
            importFiles(row);
        } catch (ImportRefused e) {
            fail(id, e.reason());
        } catch (ApiException e) {
            fail(id, e.message());
        } catch (IOException | UncheckedIOException e) {
            fail(
                    id,
                    MessageCode.IMPORT_CANNOT_READ.with(
                            "what", kind.nounCode().with(), "reason", String.valueOf(e.getMessage())));
        } catch (RuntimeException e) {
            log.error("import of {} {} ({}) failed unexpectedly", kind.noun(), artifact.name(), id, e);
            fail(id, MessageCode.IMPORT_UNEXPECTED.with("error", e.getClass().getSimpleName()));
        }
    }

    /** Ends an import under way in {@code failed}, saying why; nothing when it ended meanwhile. */
    protected void fail(String id, Message reason) {
        if (Thread.currentThread().isInterrupted()) {
            // Hangar is stopping: the import was cut off, not refused; it runs again at the next start.
            log.info("import {} stopped by shutdown; it resumes at the next start", id);
            return;
        }
        for (S from : kind.inProgress()) {
            if (repository.transition(id, from, kind.failed(), reason, clock.instant())) {
                log.warn("{} import {} failed: {}", kind.noun(), id, reason.text());
                return;
            }
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        imports.close();
    }
}
