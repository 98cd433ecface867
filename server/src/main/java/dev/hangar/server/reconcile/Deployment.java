package dev.hangar.server.reconcile;

import dev.hangar.server.endpoint.DeploymentStep;
import dev.hangar.server.endpoint.EndpointRepository;
import dev.hangar.server.endpoint.EndpointState;
import dev.hangar.server.endpoint.Replica;
import dev.hangar.server.endpoint.ReplicaRepository;
import dev.hangar.server.registry.Model;
import dev.hangar.server.registry.ModelFile;
import dev.hangar.server.registry.ModelLocation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Walks an endpoint through the six deployment steps, writing progress as it goes: validate the
 * configuration, check the model's files, page the weights in, prepare the replica slots, start the
 * servers, verify each with a real request. A failed step leaves the endpoint in a failed state
 * with the reason (and the replica's last log lines); a user's stop or restart meanwhile ends it.
 */
@Component
class Deployment {

    private static final Logger log = LoggerFactory.getLogger(Deployment.class);
    private static final int START_ATTEMPTS = 3;
    private static final int READ_CHUNK = 8 << 20;

    private final LaunchPlanner planner;
    private final ReplicaSlots slots;
    private final ReplicaProcesses processes;
    private final LoadCheck loadCheck;
    private final EndpointRepository endpoints;
    private final ReplicaRepository replicas;
    private final Clock clock;

    Deployment(
            LaunchPlanner planner,
            ReplicaSlots slots,
            ReplicaProcesses processes,
            LoadCheck loadCheck,
            EndpointRepository endpoints,
            ReplicaRepository replicas,
            Clock clock) {
        this.planner = planner;
        this.slots = slots;
        this.processes = processes;
        this.loadCheck = loadCheck;
        this.endpoints = endpoints;
        this.replicas = replicas;
        this.clock = clock;
    }

    void run(EndpointRepository.Row row) {
        String id = row.endpoint().id();
        ProgressTracker progress = new ProgressTracker(endpoints, id, row.generation(), clock);
        BooleanSupplier wanted = () -> endpoints.stillWanted(id, row.generation(), null);
        LaunchPlan plan = null;
        try {
            progress.begin(DeploymentStep.VALIDATE);
            LaunchPlanner.Planned planned;
            try {
                planned = planner.plan(row);
            } catch (Unlaunchable e) {
                progress.fail(DeploymentStep.VALIDATE, e.state(), e.getMessage());
                return;
            }
            plan = planned.plan();
            progress.complete(
                    DeploymentStep.VALIDATE,
                    plan.runtime().name() + " on resource " + planned.resource().name() + ", model "
                            + planned.model().name());

            progress.begin(DeploymentStep.FETCH_MODEL);
            Optional<String> filesProblem = checkFiles(planned.model(), progress);
            if (filesProblem.isPresent()) {
                progress.fail(DeploymentStep.FETCH_MODEL, EndpointState.NO_APP_FILE, filesProblem.get());
                return;
            }
            progress.complete(
                    DeploymentStep.FETCH_MODEL,
                    planned.model().files().size() + " file(s) in place at " + ModelLocation.root(planned.model()));

            progress.begin(DeploymentStep.LOAD);
            int wantedReplicas = row.endpoint().replicas();
            int live =
                    (int) replicas.of(id).stream().filter(s -> s.pid() != null).count();
            Optional<String> memoryProblem = loadCheck.refusal(planned, wantedReplicas, live);
            if (memoryProblem.isPresent()) {
                progress.fail(DeploymentStep.LOAD, EndpointState.DEPLOY_FAILED, memoryProblem.get());
                return;
            }
            boolean paged = loadCheck.worthPagingIn(plan.modelPath())
                    && pageIn(plan.modelPath(), fraction -> progress.advance(DeploymentStep.LOAD, fraction));
            progress.complete(
                    DeploymentStep.LOAD,
                    paged ? "weights read into the page cache" : "weights left to the runtime to read");

            progress.begin(DeploymentStep.PREPARE);
            List<Replica> prepared = prepare(row, plan, wantedReplicas);
            progress.complete(DeploymentStep.PREPARE, prepared.size() + " replica slot(s) ready to start");

            progress.begin(DeploymentStep.START_SERVER);
            List<ReplicaProcesses.Started> started = startAll(row, plan, prepared, wanted, progress);
            progress.complete(DeploymentStep.START_SERVER, started.size() + " server(s) answering their health check");

            progress.begin(DeploymentStep.VERIFY);
            List<String> addresses = verifyAll(plan, prepared, started, progress);
            progress.complete(DeploymentStep.VERIFY, "smoke request answered by every replica");
            progress.running("serving " + row.endpoint().name() + " on " + addresses.size() + " replica(s): "
                    + String.join(", ", addresses));
            log.info("endpoint {} ({}) is Running on {}", row.endpoint().name(), id, addresses);
        } catch (StepFailed e) {
            progress.fail(e.step, EndpointState.DEPLOY_FAILED, e.getMessage());
            slots.stopAll(id, plan.stopGrace(), "deployment failed");
        } catch (ProgressTracker.Superseded e) {
            log.info(
                    "deployment of endpoint {} ({}) ended: the endpoint was changed meanwhile",
                    row.endpoint().name(),
                    id);
        }
    }

    /** Slots for the wanted replicas; processes of an older generation are stopped, ones of this generation (adopted after a restart) kept. */
    private List<Replica> prepare(EndpointRepository.Row row, LaunchPlan plan, int wantedReplicas) {
        for (Replica slot : slots.ensure(row.endpoint().id(), wantedReplicas, plan)) {
            if (slot.pid() != null && slot.generation() != row.generation()) {
                processes.stop(slot, plan.stopGrace(), "replaced by the new deployment");
            }
        }
        return replicas.of(row.endpoint().id());
    }

    private List<ReplicaProcesses.Started> startAll(
            EndpointRepository.Row row,
            LaunchPlan plan,
            List<Replica> prepared,
            BooleanSupplier wanted,
            ProgressTracker progress) {
        int[] healthy = {0};
        List<Result<ReplicaProcesses.Started>> results = Parallel.map(prepared, slot -> {
            Result<ReplicaProcesses.Started> result = startWithRetries(row, plan, slot, wanted);
            synchronized (healthy) {
                if (result.succeeded()) {
                    healthy[0]++;
                    progress.advance(DeploymentStep.START_SERVER, (double) healthy[0] / prepared.size());
                }
            }
            return result;
        });
        if (!wanted.getAsBoolean()) {
            throw new ProgressTracker.Superseded();
        }
        List<ReplicaProcesses.Started> started = new ArrayList<>();
        for (Result<ReplicaProcesses.Started> result : results) {
            if (result.failure().isPresent()) {
                throw new StepFailed(
                        DeploymentStep.START_SERVER, result.failure().get().reason());
            }
            started.add(result.value().orElseThrow());
        }
        return started;
    }

    private Result<ReplicaProcesses.Started> startWithRetries(
            EndpointRepository.Row row, LaunchPlan plan, Replica slot, BooleanSupplier wanted) {
        Optional<ReplicaHandle> running = ReplicaProcesses.handle(slot);
        if (running.isPresent() && slot.generation() == row.generation()) {
            return Result.ok(new ReplicaProcesses.Started(
                    running.get(), plan.spec(slot.host(), slot.port(), slot.id(), slot.token())));
        }
        Result<ReplicaProcesses.Started> result = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS && wanted.getAsBoolean(); attempt++) {
            result = processes.spawn(plan, slot, row.generation(), attempt > 1, wanted);
            if (result.succeeded()) {
                return result;
            }
            ReplicaProcesses.Failure failure = result.failure().orElseThrow();
            processes.failedAttempt(slot, failure, attempt, START_ATTEMPTS);
            sleep(Duration.ofSeconds(attempt));
        }
        return result == null
                ? Result.failed(new ReplicaProcesses.Failure("the endpoint was stopped", Optional.empty()))
                : result;
    }

    private List<String> verifyAll(
            LaunchPlan plan, List<Replica> prepared, List<ReplicaProcesses.Started> started, ProgressTracker progress) {
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < prepared.size(); i++) {
            Result<ReplicaHandle> verified = processes.verify(plan, prepared.get(i), started.get(i));
            if (verified.failure().isPresent()) {
                throw new StepFailed(
                        DeploymentStep.VERIFY, verified.failure().get().reason());
            }
            addresses.add(verified.value().orElseThrow().address());
            progress.advance(DeploymentStep.VERIFY, (double) (i + 1) / prepared.size());
        }
        return addresses;
    }

    /** Each recorded file must be there with its recorded size; the bar moves by bytes checked. */
    private static Optional<String> checkFiles(Model model, ProgressTracker progress) {
        long total = Math.max(
                1, model.files().stream().mapToLong(ModelFile::sizeBytes).sum());
        long done = 0;
        for (ModelFile file : model.files()) {
            Path path = ModelLocation.file(model, file);
            try {
                long size = Files.size(path);
                if (size != file.sizeBytes()) {
                    return Optional.of("model file " + path + " changed since it was imported (" + file.sizeBytes()
                            + " bytes then, " + size + " now); import the model again");
                }
            } catch (IOException e) {
                return Optional.of("model file " + path + " is gone: import the model again or restore the file");
            }
            done += file.sizeBytes();
            progress.advance(DeploymentStep.FETCH_MODEL, (double) done / total);
        }
        return Optional.empty();
    }

    /**
     * Reads the weights once so that the runtime's load (which memory-maps them) finds them in the
     * page cache; the time is spent here, with a progress bar, instead of in a silent start.
     */
    private static boolean pageIn(Path weights, DoubleConsumer fraction) {
        try (InputStream in = Files.newInputStream(weights)) {
            long size = Math.max(1, Files.size(weights));
            byte[] buffer = new byte[READ_CHUNK];
            long read = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                read += n;
                fraction.accept((double) read / size);
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A step that failed in a way that ends the deployment. */
    private static final class StepFailed extends RuntimeException {
        private final DeploymentStep step;

        StepFailed(DeploymentStep step, String reason) {
            super(reason, null, false, false);
            this.step = step;
        }
    }
}
