package dev.hangar.server.reconcile;

import dev.hangar.server.endpoint.DeploymentStep;
import dev.hangar.server.endpoint.Endpoint;
import dev.hangar.server.endpoint.EndpointRepository;
import dev.hangar.server.endpoint.EndpointState;
import dev.hangar.server.endpoint.EventLevel;
import dev.hangar.server.endpoint.Replica;
import dev.hangar.server.endpoint.ReplicaRepository;
import dev.hangar.server.endpoint.ReplicaState;
import dev.hangar.server.endpoint.Upstream;
import dev.hangar.server.home.CredentialCipher;
import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.reconcile.ProgressTracker.StepOutcome;
import dev.hangar.server.reconcile.ProgressTracker.StepOutcome.Completed;
import dev.hangar.server.reconcile.ProgressTracker.StepOutcome.Failed;
import dev.hangar.server.reconcile.ReplicaProcesses.Startup;
import dev.hangar.server.registry.Model;
import dev.hangar.server.registry.ModelFile;
import dev.hangar.server.registry.ModelLocation;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoublePredicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Walks an endpoint through the six deployment steps, writing progress as it goes: validate the
 * configuration, check the model's files, page the weights in, prepare the replica slots, start the
 * servers, verify each with a real request. A failed step leaves the endpoint in a failed state
 * with the reason (and the replica's last log lines); a user's stop or restart meanwhile ends it.
 * Each pass takes the deployment as far as it can go and returns what it decided: a start attempt
 * that failed is tried again by a later pass, not by waiting inside this one. A router endpoint's
 * one replica is started by the provider backend instead of the local one.
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
    private final ReplicaBackend<ProviderLaunch, ProviderHandle> providers;
    private final CredentialCipher cipher;
    private final Clock clock;
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

    Deployment(
            LaunchPlanner planner,
            ReplicaSlots slots,
            ReplicaProcesses processes,
            LoadCheck loadCheck,
            EndpointRepository endpoints,
            ReplicaRepository replicas,
            ReplicaBackend<ProviderLaunch, ProviderHandle> providers,
            CredentialCipher cipher,
            Clock clock) {
        this.providers = providers;
        this.cipher = cipher;
        this.planner = planner;
        this.slots = slots;
        this.processes = processes;
        this.loadCheck = loadCheck;
        this.endpoints = endpoints;
        this.replicas = replicas;
        this.clock = clock;
    }

    Decision run(EndpointRepository.Row row) {
        ProgressTracker progress = new ProgressTracker(endpoints, row, clock);
        if (row.endpoint().spec() instanceof Endpoint.RouterSpec router) {
            return provider(row, router.upstream(), progress);
        }
        LaunchPlanner.Planning planning = planner.plan(row);
        if (planning instanceof LaunchPlanner.Unlaunchable refused) {
            return progress.fail(DeploymentStep.VALIDATE, refused.state(), refused.reason());
        }
        LaunchPlanner.Planned planned = (LaunchPlanner.Planned) planning;
        LaunchPlan plan = planned.plan();
        int wantedReplicas = row.endpoint().replicas();
        Optional<Decision> ended = progress.once(
                        DeploymentStep.VALIDATE,
                        () -> new Completed(MessageCode.STEP_VALIDATED.with(
                                "runtime",
                                plan.runtime().name(),
                                "resource",
                                planned.resource().name(),
                                "model",
                                planned.model().name())))
                .or(() -> progress.once(DeploymentStep.FETCH_MODEL, () -> checkFiles(planned.model(), progress)))
                .or(() -> progress.once(
                        DeploymentStep.LOAD, () -> load(row.endpoint().id(), planned, wantedReplicas, progress)));
        if (ended.isPresent()) {
            return ended.get();
        }
        List<Replica> prepared = prepare(row, plan, wantedReplicas);
        return progress.once(DeploymentStep.PREPARE, () -> {
                    prepared.forEach(slot -> attempts.remove(slot.id()));
                    return new Completed(MessageCode.STEP_SLOTS_READY.with("count", prepared.size()));
                })
                .orElseGet(() -> startAndVerify(row, plan, prepared, progress));
    }

    /** Whether the wanted replicas fit in memory; then the weights read into the page cache, if that is worth it. */
    private StepOutcome load(String id, LaunchPlanner.Planned planned, int wantedReplicas, ProgressTracker progress) {
        int live = (int) replicas.of(id).stream().filter(s -> s.pid() != null).count();
        Optional<Message> memoryProblem = loadCheck.refusal(planned, wantedReplicas, live);
        if (memoryProblem.isPresent()) {
            return new Failed(EndpointState.DEPLOY_FAILED, memoryProblem.get());
        }
        Path weights = planned.plan().modelPath();
        boolean paged = loadCheck.worthPagingIn(weights)
                && pageIn(weights, fraction -> progress.advance(DeploymentStep.LOAD, fraction));
        return new Completed((paged ? MessageCode.STEP_PAGED_IN : MessageCode.STEP_NOT_PAGED_IN).with());
    }

    /** Starts the prepared slots (as far as this pass can: ones coming up are looked at again later), then verifies each. */
    private Decision startAndVerify(
            EndpointRepository.Row row, LaunchPlan plan, List<Replica> prepared, ProgressTracker progress) {
        String id = row.endpoint().id();
        if (!progress.resume(DeploymentStep.START_SERVER)) {
            return progress.superseded();
        }
        List<Startup> startups = Parallel.map(
                prepared, slot -> processes.startup(plan, slot, row.generation(), attempts.containsKey(slot.id())));
        List<ReplicaProcesses.Started> up = startups.stream()
                .flatMap(s -> s instanceof Startup.Up u ? Stream.of(u.started()) : Stream.empty())
                .toList();
        if (!progress.advance(DeploymentStep.START_SERVER, (double) up.size() / prepared.size())) {
            return progress.superseded();
        }
        if (up.size() < prepared.size()) {
            return retryOrFail(id, plan, prepared, startups, progress);
        }
        prepared.forEach(slot -> attempts.remove(slot.id()));
        if (!progress.complete(DeploymentStep.START_SERVER, MessageCode.STEP_SERVERS_UP.with("count", up.size()))
                || !progress.begin(DeploymentStep.VERIFY)) {
            return progress.superseded();
        }
        for (int i = 0; i < prepared.size(); i++) {
            Optional<ReplicaProcesses.Failure> failure = processes.verify(plan, prepared.get(i), up.get(i));
            if (failure.isPresent()) {
                return failed(id, plan, DeploymentStep.VERIFY, failure.get(), progress);
            }
            if (!progress.advance(DeploymentStep.VERIFY, (double) (i + 1) / prepared.size())) {
                return progress.superseded();
            }
        }
        if (!progress.complete(DeploymentStep.VERIFY, MessageCode.STEP_SMOKE_ANSWERED.with())) {
            return progress.superseded();
        }
        List<String> addresses =
                up.stream().map(started -> started.handle().address()).toList();
        log.info("endpoint {} ({}) is Running on {}", row.endpoint().name(), id, String.join(", ", addresses));
        return progress.running(Supervision.serving(row.endpoint().name(), addresses, addresses.size()));
    }

    /**
     * A router endpoint has no files, weights or process, so those steps pass at once saying so;
     * its stored key must open, and its one replica is started by the provider backend, whose start
     * is the check that the provider answers with that key and serves the model.
     */
    private Decision provider(EndpointRepository.Row row, Upstream upstream, ProgressTracker progress) {
        Endpoint endpoint = row.endpoint();
        if (!progress.begin(DeploymentStep.VALIDATE)) {
            return progress.superseded();
        }
        String authorization;
        try {
            authorization = row.upstreamAuthorization(cipher).orElse(null);
        } catch (IllegalStateException e) {
            return progress.fail(
                    DeploymentStep.VALIDATE,
                    EndpointState.BUILDING_FAILED,
                    MessageCode.REASON_PROVIDER_KEY.with("reason", e.getMessage()));
        }
        if (!progress.complete(
                        DeploymentStep.VALIDATE,
                        MessageCode.STEP_ROUTER_TO.with("model", upstream.model(), "url", upstream.baseUrl()))
                || !progress.passes(DeploymentStep.FETCH_MODEL, MessageCode.STEP_ROUTER_NOTHING_TO_FETCH.with())
                || !progress.passes(DeploymentStep.LOAD, MessageCode.STEP_ROUTER_NOTHING_TO_LOAD.with())
                || !progress.begin(DeploymentStep.PREPARE)) {
            return progress.superseded();
        }
        Replica slot = slots.ensure(
                        endpoint.id(),
                        1,
                        Duration.ZERO,
                        URI.create(upstream.baseUrl()).getHost())
                .getFirst();
        if (slot.state() == ReplicaState.READY || slot.state() == ReplicaState.STARTING) {
            // not routed to again until the provider has been checked for this deployment
            replicas.stopped(slot.id(), null);
        }
        if (!progress.complete(DeploymentStep.PREPARE, MessageCode.STEP_ROUTER_SLOT.with("replica", slot.id()))
                || !progress.passes(
                        DeploymentStep.START_SERVER, MessageCode.STEP_ROUTER_NO_SERVER.with("url", upstream.baseUrl()))
                || !progress.begin(DeploymentStep.VERIFY)) {
            return progress.superseded();
        }
        ProviderHandle handle;
        try {
            handle =
                    providers.start(new ProviderLaunch(slot.id(), upstream.baseUrl(), upstream.model(), authorization));
        } catch (IOException e) {
            return progress.fail(
                    DeploymentStep.VERIFY,
                    EndpointState.DEPLOY_FAILED,
                    MessageCode.REASON_DETAIL.with("detail", String.valueOf(e.getMessage())));
        }
        handle.caveat()
                .ifPresent(caveat ->
                        endpoints.recordEvent(endpoint.id(), EventLevel.WARNING, null, caveat, clock.instant()));
        if (!progress.complete(DeploymentStep.VERIFY, MessageCode.STEP_ROUTER_VERIFIED.with())) {
            return progress.superseded();
        }
        if (!replicas.startedRemotely(slot.id(), row.generation(), handle.address(), clock.instant())
                || !replicas.ready(slot.id(), clock.instant())) {
            return progress.fail(
                    DeploymentStep.VERIFY, EndpointState.DEPLOY_FAILED, MessageCode.REASON_PROVIDER_SLOT_GONE.with());
        }
        Message forwarding = MessageCode.REASON_FORWARDING.with("model", upstream.model(), "url", upstream.baseUrl());
        log.info("router endpoint {} ({}) is Running: {}", endpoint.name(), endpoint.id(), forwarding.text());
        return progress.running(forwarding);
    }

    /** Slots for the wanted replicas; processes of an older generation are stopped, ones of this generation (adopted after a restart) kept. */
    private List<Replica> prepare(EndpointRepository.Row row, LaunchPlan plan, int wantedReplicas) {
        for (Replica slot : slots.ensure(row.endpoint().id(), wantedReplicas, plan.stopGrace())) {
            if (slot.pid() != null && slot.generation() != row.generation()) {
                processes.stop(slot, plan.stopGrace(), "replaced by the new deployment");
            }
        }
        return replicas.of(row.endpoint().id());
    }

    /**
     * Some slots are not up yet: ones coming up are looked at again soon; ones that failed get
     * another attempt a second per attempt later, and after {@value #START_ATTEMPTS} the deployment fails.
     */
    private Decision retryOrFail(
            String id, LaunchPlan plan, List<Replica> prepared, List<Startup> startups, ProgressTracker progress) {
        Duration wait = ReplicaProcesses.COMING_UP_POLL;
        for (int i = 0; i < prepared.size(); i++) {
            if (!(startups.get(i) instanceof Startup.Down(ReplicaProcesses.Failure failure))) {
                continue;
            }
            Replica slot = prepared.get(i);
            int attempt = attempts.merge(slot.id(), 1, Integer::sum);
            processes.failedAttempt(slot, failure, attempt, START_ATTEMPTS);
            if (attempt >= START_ATTEMPTS) {
                prepared.forEach(s -> attempts.remove(s.id()));
                return failed(id, plan, DeploymentStep.START_SERVER, failure, progress);
            }
            wait = wait.compareTo(Duration.ofSeconds(attempt)) > 0 ? wait : Duration.ofSeconds(attempt);
        }
        return new Decision.Requeue(wait, "replicas are starting");
    }

    /** The deployment failed at {@code step}: the endpoint's processes are stopped. */
    private Decision failed(
            String id,
            LaunchPlan plan,
            DeploymentStep step,
            ReplicaProcesses.Failure failure,
            ProgressTracker progress) {
        slots.stopAll(id, plan.stopGrace(), "deployment failed");
        return progress.fail(
                step, EndpointState.DEPLOY_FAILED, MessageCode.REASON_DETAIL.with("detail", failure.reason()));
    }

    /** Each recorded file must be there with its recorded size; the bar moves by bytes checked. */
    private static StepOutcome checkFiles(Model model, ProgressTracker progress) {
        long total = Math.max(
                1, model.files().stream().mapToLong(ModelFile::sizeBytes).sum());
        long done = 0;
        for (ModelFile file : model.files()) {
            Path path = ModelLocation.file(model, file);
            try {
                long size = Files.size(path);
                if (size != file.sizeBytes()) {
                    return new Failed(
                            EndpointState.NO_APP_FILE,
                            MessageCode.REASON_FILE_CHANGED.with("path", path, "then", file.sizeBytes(), "now", size));
                }
            } catch (IOException e) {
                return new Failed(EndpointState.NO_APP_FILE, MessageCode.REASON_FILE_GONE.with("path", path));
            }
            done += file.sizeBytes();
            progress.advance(DeploymentStep.FETCH_MODEL, (double) done / total);
        }
        return new Completed(
                MessageCode.STEP_FILES_IN_PLACE.with("count", model.files().size(), "path", ModelLocation.root(model)));
    }

    /**
     * Reads the weights once so that the runtime's load (which memory-maps them) finds them in the
     * page cache; the time is spent here, with a progress bar, instead of in a silent start. Stops
     * when the bar cannot move (the endpoint moved on), answering false.
     */
    private static boolean pageIn(Path weights, DoublePredicate fraction) {
        try (InputStream in = Files.newInputStream(weights)) {
            long size = Math.max(1, Files.size(weights));
            byte[] buffer = new byte[READ_CHUNK];
            long read = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                read += n;
                if (!fraction.test((double) read / size)) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
