package dev.hangar.server.endpoint;

import dev.hangar.server.auth.AuthenticatedUser;
import dev.hangar.server.auth.OwnedLookup;
import dev.hangar.server.core.IdGenerator;
import dev.hangar.server.core.Page;
import dev.hangar.server.core.Visibility;
import dev.hangar.server.endpoint.admission.MemoryAdmission;
import dev.hangar.server.endpoint.admission.MemoryEstimate;
import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ConflictException;
import dev.hangar.server.problem.FieldChecks;
import dev.hangar.server.problem.ProblemType;
import dev.hangar.server.registry.Model;
import dev.hangar.server.registry.ModelService;
import dev.hangar.server.registry.ModelStatus;
import dev.hangar.server.resource.Resource;
import dev.hangar.server.resource.ResourceService;
import dev.hangar.server.runtime.EngineArgValidator;
import dev.hangar.server.runtime.RuntimeSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The endpoint API's rules: who sees and changes which endpoint, what a new endpoint must satisfy
 * (a ready model, a runtime and resource that fit it, valid engine arguments), and which actions
 * each state allows. It only records what the user wants; the reconciler makes it happen.
 */
@Service
public class EndpointService {

    private static final Logger log = LoggerFactory.getLogger(EndpointService.class);

    /** More replicas than this on one endpoint is a typo, not a plan; the local port pool holds 100. */
    static final int MAX_REPLICAS = 64;
    /** LoRA adapters one endpoint may serve. */
    static final int MAX_ADAPTERS = 16;

    private final EndpointRepository endpoints;
    private final ReplicaRepository replicas;
    private final ModelService models;
    private final ResourceService resources;
    private final RuntimeChoice runtimes;
    private final EndpointControl control;
    private final MemoryAdmission admission;
    private final UpstreamRules upstreams;
    private final EndpointEnv envRules;
    private final EndpointQuota quota;
    private final EngineArgAccess argAccess;
    private final AdapterAccess adapterAccess;
    private final IdGenerator ids;
    private final Clock clock;
    private final TransactionTemplate transaction;
    private final OwnedLookup<EndpointRepository.Row> lookup;

    EndpointService(
            EndpointRepository endpoints,
            ReplicaRepository replicas,
            ModelService models,
            ResourceService resources,
            RuntimeChoice runtimes,
            EndpointControl control,
            MemoryAdmission admission,
            UpstreamRules upstreams,
            EndpointEnv envRules,
            EndpointQuota quota,
            EngineArgAccess argAccess,
            AdapterAccess adapterAccess,
            IdGenerator ids,
            Clock clock,
            TransactionTemplate transaction) {
        this.endpoints = endpoints;
        this.replicas = replicas;
        this.models = models;
        this.resources = resources;
        this.runtimes = runtimes;
        this.control = control;
        this.admission = admission;
        this.upstreams = upstreams;
        this.envRules = envRules;
        this.quota = quota;
        this.argAccess = argAccess;
        this.adapterAccess = adapterAccess;
        this.ids = ids;
        this.clock = clock;
        this.transaction = transaction;
        this.lookup = new OwnedLookup<>(
                MessageCode.NOUN_ENDPOINT,
                endpoints::findById,
                endpoints::findByOwnerAndName,
                endpoints::findPublicByName,
                EndpointRepository.Row::ownerId,
                row -> row.endpoint().visibility(),
                row -> "'" + row.endpoint().name() + "' (" + row.endpoint().owner() + ")");
    }

    Endpoint create(AuthenticatedUser caller, CreateEndpointRequest request) {
        endpoints.findByOwnerAndName(caller.userId(), request.name()).ifPresent(existing -> {
            throw new ConflictException(
                    MessageCode.ENDPOINT_NAME_TAKEN.with("name", request.name()),
                    existing.endpoint().id());
        });
        lookup.refuseOthersPublicName(caller, request.name());
        if (RuntimeSpec.ROUTER.equals(request.runtime())) {
            return createRouter(caller, request);
        }
        FieldChecks checks = new FieldChecks();
        if (request.upstream() != null || request.pricing() != null) {
            checks.run(() -> {
                throw ApiException.invalidField(
                        request.upstream() != null ? "upstream" : "pricing",
                        MessageCode.ENDPOINT_ONLY_ROUTER.with("router", RuntimeSpec.ROUTER));
            });
        }
        boolean modelGiven = request.model() != null && !request.model().isBlank();
        if (!modelGiven) {
            checks.run(() -> {
                throw ApiException.invalidField(
                        "model", MessageCode.ENDPOINT_MODEL_REQUIRED.with("router", RuntimeSpec.ROUTER));
            });
        }
        Optional<Map<String, String>> checkedEnv = checks.check(() -> envRules.check(request.env()));
        int min = request.minReplicas() == null ? 1 : request.minReplicas();
        int max = request.maxReplicas() == null ? Math.max(1, min) : request.maxReplicas();
        checks.run(() -> checkReplicaBounds(min, max, Math.max(1, min)));
        Optional<Model> deployable =
                modelGiven ? checks.check(() -> deployableModel(caller, request.model())) : Optional.empty();
        Optional<RuntimeSpec> chosen =
                deployable.flatMap(m -> checks.check(() -> runtimes.choose(m, request.runtime())));
        Optional<Map<String, Object>> validArgs =
                chosen.flatMap(r -> checks.check(() -> EngineArgValidator.validate(r, request.engineArgs())));
        checks.refuseAny();
        Model model = deployable.orElseThrow();
        RuntimeSpec runtime = chosen.orElseThrow();
        Map<String, String> env = checkedEnv.orElseThrow();
        Map<String, Object> args = argAccess.authorize(caller, runtime, validArgs.orElseThrow());
        List<EndpointAdapter> adapters = adapterAccess.authorize(caller, model, runtime, request.adapters());
        Resource resource = runtimes.resource(
                runtime,
                request.cluster(),
                request.resource(),
                candidate -> admission.check(model, runtime.name(), args, candidate, Math.max(1, min), 0));
        return insert(
                caller,
                newEndpoint(caller, request, model.id(), launch(runtime, args, env, adapters, resource), min, max),
                null,
                MessageCode.EVENT_CREATED_SUMMARY.with(
                        "model",
                        model.name(),
                        "runtime",
                        runtime.name(),
                        "resource",
                        resource.name(),
                        "replicas",
                        Math.max(1, min)));
    }

    /**
     * A router endpoint: no model, process, resource or engine arguments, one upstream. Each field
     * that does not apply is refused by name rather than ignored.
     */
    private Endpoint createRouter(AuthenticatedUser caller, CreateEndpointRequest request) {
        refuseForRouter("model", request.model() != null, MessageCode.ENDPOINT_ROUTER_HINT_MODEL);
        refuseForRouter(
                "engineArgs",
                request.engineArgs() != null && !request.engineArgs().isEmpty(),
                null);
        refuseForRouter("env", request.env() != null && !request.env().isEmpty(), null);
        refuseForRouter(
                "adapters", request.adapters() != null && !request.adapters().isEmpty(), null);
        refuseForRouter("resource", request.resource() != null, null);
        refuseForRouter(
                "minReplicas",
                (request.minReplicas() != null && request.minReplicas() != 1)
                        || (request.maxReplicas() != null && request.maxReplicas() != 1),
                MessageCode.ENDPOINT_ROUTER_HINT_ONE_PROVIDER);
        EndpointRepository.StoredUpstream upstream =
                upstreams.create(request.name(), request.upstream(), request.pricing());
        String clusterId = resources
                .cluster(request.cluster() == null ? "local" : request.cluster())
                .id();
        var launch = new EndpointRepository.Launch(RuntimeSpec.ROUTER, Map.of(), Map.of(), clusterId, null);
        return insert(
                caller,
                newEndpoint(caller, request, null, launch, 1, 1),
                upstream,
                (upstream.apiKey() == null ? MessageCode.EVENT_CREATED_ROUTER_NO_KEY : MessageCode.EVENT_CREATED_ROUTER)
                        .with("model", upstream.model(), "url", upstream.baseUrl()));
    }

    private EndpointRepository.NewEndpoint newEndpoint(
            AuthenticatedUser caller,
            CreateEndpointRequest request,
            String modelId,
            EndpointRepository.Launch launch,
            int minReplicas,
            int maxReplicas) {
        return new EndpointRepository.NewEndpoint(
                ids.next("ep"), caller.userId(), request, modelId, launch, minReplicas, maxReplicas, clock.instant());
    }

    private Endpoint insert(
            AuthenticatedUser caller,
            EndpointRepository.NewEndpoint endpoint,
            EndpointRepository.StoredUpstream upstream,
            Message summary) {
        int replicas = RuntimeSpec.ROUTER.equals(endpoint.launch().runtime()) ? 0 : endpoint.maxReplicas();
        try {
            quota.within(endpoint.ownerId(), 1, replicas, () -> {
                endpoints.insert(endpoint, upstream);
                endpoints.recordEvent(
                        endpoint.id(),
                        EventLevel.INFO,
                        null,
                        MessageCode.EVENT_CREATED.with("user", caller.username(), "summary", summary),
                        endpoint.at());
            });
        } catch (DuplicateKeyException e) {
            throw new ConflictException(MessageCode.ENDPOINT_NAME_JUST_TAKEN.with("name", endpoint.name()), null);
        }
        log.info(
                "endpoint {} ({}) created by {}: {}",
                endpoint.name(),
                endpoint.id(),
                caller.username(),
                summary.text());
        control.wake(endpoint.id());
        return get(caller, endpoint.id());
    }

    /** How replicas of this runtime, arguments, env and adapters are launched on this resource. */
    private EndpointRepository.Launch launch(
            RuntimeSpec runtime,
            Map<String, Object> args,
            Map<String, String> env,
            List<EndpointAdapter> adapters,
            Resource resource) {
        return new EndpointRepository.Launch(
                runtime.name(), args, env, resources.cluster(resource.cluster()).id(), resource.id(), adapters);
    }

    /** The endpoint's adapters through a change that does not name them; refused when the new runtime cannot serve them. */
    private static List<EndpointAdapter> keptAdapters(Endpoint current, RuntimeSpec runtime) {
        List<EndpointAdapter> adapters =
                current.spec() instanceof Endpoint.ModelSpec spec ? spec.adapters() : List.of();
        if (!adapters.isEmpty() && !runtime.builtIn()) {
            throw ApiException.invalidField(
                    "adapters", MessageCode.ENDPOINT_ADAPTERS_BUILT_IN_ONLY.with("runtime", runtime.name()));
        }
        return adapters;
    }

    private static void refuseForRouter(String field, boolean given, MessageCode hint) {
        if (given) {
            throw ApiException.invalidField(
                    field,
                    hint == null
                            ? MessageCode.ENDPOINT_NOT_FOR_ROUTER.with("router", RuntimeSpec.ROUTER)
                            : MessageCode.ENDPOINT_NOT_FOR_ROUTER_HINT.with(
                                    "router", RuntimeSpec.ROUTER, "hint", hint.with()));
        }
    }

    private static boolean router(Endpoint endpoint) {
        return endpoint.spec() instanceof Endpoint.RouterSpec;
    }

    Page<Endpoint> list(AuthenticatedUser caller, EndpointQuery query) {
        return endpoints
                .list(query, caller.userId(), caller.isAdmin())
                .map(endpoint -> caller.isAdmin() || endpoint.owner().equals(caller.username())
                        ? endpoint
                        : endpoint.asSeenByOthers());
    }

    /** An endpoint the caller may see: all of it for its owner and admins, {@link Endpoint#asSeenByOthers()} for others. */
    public Endpoint get(AuthenticatedUser caller, String idOrName) {
        EndpointRepository.Row row = lookup.visible(caller, idOrName);
        return lookup.ownedBy(row, caller) ? row.endpoint() : row.endpoint().asSeenByOthers();
    }

    /** Events name server paths, providers and who did what: the owner's and admins'. */
    List<EndpointEvent> events(AuthenticatedUser caller, String idOrName, int limit) {
        return endpoints.events(
                lookup.ownedTo(caller, idOrName, MessageCode.PURPOSE_READ_EVENTS)
                        .endpoint()
                        .id(),
                limit);
    }

    /** Replicas show processes, addresses and log files: the owner's and admins'. */
    List<Replica> replicas(AuthenticatedUser caller, String idOrName) {
        return replicas.of(lookup.ownedTo(caller, idOrName, MessageCode.PURPOSE_SEE_REPLICAS)
                .endpoint()
                .id());
    }

    /** A replica whose log the caller may read: replica logs hold prompts and answers. */
    Replica replica(AuthenticatedUser caller, String idOrName, String replicaId) {
        Endpoint endpoint =
                lookup.ownedTo(caller, idOrName, MessageCode.PURPOSE_READ_LOGS).endpoint();
        return replicas.find(endpoint.id(), replicaId)
                .orElseThrow(() ->
                        ApiException.notFound(MessageCode.NOUN_REPLICA.with("endpoint", endpoint.name()), replicaId));
    }

    Endpoint update(AuthenticatedUser caller, String idOrName, UpdateEndpointRequest changes) {
        EndpointRepository.Row row = lookup.owned(caller, idOrName);
        Endpoint current = row.endpoint();
        int raised =
                router(current) || changes.maxReplicas() == null ? 0 : changes.maxReplicas() - current.maxReplicas();
        // a change writes up to four statements: all of them or none
        transaction.executeWithoutResult(status -> {
            if (raised > 0) {
                quota.within(row.ownerId(), 0, raised, () -> change(caller, row, changes));
            } else {
                change(caller, row, changes);
            }
        });
        control.wake(current.id());
        return get(caller, current.id());
    }

    /**
     * Applies a change within the caller's transaction; a raised maxReplicas runs within the owner's
     * quota ({@link EndpointQuota}).
     */
    private void change(AuthenticatedUser caller, EndpointRepository.Row row, UpdateEndpointRequest changes) {
        Endpoint current = row.endpoint();
        Instant now = clock.instant();
        if (changes.visibility() == Visibility.PUBLIC && current.visibility() != Visibility.PUBLIC) {
            lookup.refuseOthersPublicName(caller, current.name());
        }
        if (current.spec() instanceof Endpoint.RouterSpec router) {
            changeUpstream(caller, row, router, changes, now);
        } else if (changes.touchesUpstream()) {
            throw ApiException.invalidField(
                    changes.upstream() != null ? "upstream" : "pricing",
                    MessageCode.ENDPOINT_ONLY_ROUTER.with("router", RuntimeSpec.ROUTER));
        } else if (changes.touchesLaunch()) {
            requireAllowed(current, EndpointAction.CONFIGURE);
            Model model = modelOf(current);
            RuntimeSpec runtime =
                    runtimes.choose(model, changes.runtime() == null ? current.runtime() : changes.runtime());
            Map<String, Object> validated = EngineArgValidator.validate(
                    runtime,
                    changes.engineArgs() != null
                            ? changes.engineArgs()
                            : runtime.name().equals(current.runtime()) ? current.engineArgs() : Map.of());
            Map<String, Object> args =
                    changes.engineArgs() != null ? argAccess.authorize(caller, runtime, validated) : validated;
            String cluster = changes.cluster() == null ? current.cluster() : changes.cluster();
            Resource resource = runtimes.resource(
                    runtime,
                    cluster,
                    changes.resource() == null && changes.cluster() == null ? current.resource() : changes.resource(),
                    candidate -> admission.check(model, runtime.name(), args, candidate, current.replicas(), 0));
            Map<String, String> env = changes.env() == null ? current.env() : envRules.check(changes.env());
            List<EndpointAdapter> adapters = changes.adapters() != null
                    ? adapterAccess.authorize(caller, model, runtime, changes.adapters())
                    : keptAdapters(current, runtime);
            if (!endpoints.updateLaunch(current.id(), launch(runtime, args, env, adapters, resource), now)) {
                throw changedMeanwhile(current);
            }
        }
        int min = changes.minReplicas() == null ? current.minReplicas() : changes.minReplicas();
        int max = changes.maxReplicas() == null ? current.maxReplicas() : changes.maxReplicas();
        int wanted = changes.replicas() == null ? Math.max(min, Math.min(max, current.replicas())) : changes.replicas();
        checkReplicaBounds(min, max, wanted);
        try {
            endpoints.updateDetails(
                    current.id(),
                    changes.description() == null ? current.description() : changes.description(),
                    changes.visibility() == null ? current.visibility() : changes.visibility(),
                    min,
                    max,
                    wanted,
                    now);
        } catch (DuplicateKeyException e) {
            throw lookup.publicNameJustTaken(current.name());
        }
        if (!router(current) || changes.description() != null || changes.visibility() != null) {
            // a router's upstream change has its own event
            endpoints.recordEvent(
                    current.id(),
                    EventLevel.INFO,
                    null,
                    MessageCode.EVENT_SETTINGS_CHANGED.with("user", caller.username()),
                    now);
        }
    }

    /**
     * A router's upstream and prices may change in any state, so that a provider key can be
     * replaced without an outage; the gateway uses the new one from its next request. A running
     * router's new base URL is a new replica (the provider backend checks the provider there, and
     * the replica's address is where requests go), so the change redeploys it. The key is never
     * written to an event.
     */
    private void changeUpstream(
            AuthenticatedUser caller,
            EndpointRepository.Row row,
            Endpoint.RouterSpec router,
            UpdateEndpointRequest changes,
            Instant now) {
        refuseForRouter("runtime", changes.touchesLaunch(), MessageCode.ENDPOINT_ROUTER_HINT_UPSTREAM);
        refuseForRouter("replicas", changes.touchesReplicas(), MessageCode.ENDPOINT_ROUTER_HINT_ONE_PROVIDER);
        if (!changes.touchesUpstream()) {
            return;
        }
        Endpoint current = row.endpoint();
        EndpointRepository.StoredUpstream next = upstreams.change(
                new EndpointRepository.StoredUpstream(
                        router.upstream().baseUrl(), router.upstream().model(), row.upstreamApiKey(), router.pricing()),
                changes.upstream(),
                changes.pricing());
        endpoints.updateUpstream(current.id(), next, now);
        boolean keyChanged = changes.upstream() != null && changes.upstream().apiKey() != null;
        endpoints.recordEvent(
                current.id(),
                EventLevel.INFO,
                null,
                (keyChanged
                                ? next.apiKey() == null
                                        ? MessageCode.EVENT_UPSTREAM_CHANGED_KEY_REMOVED
                                        : MessageCode.EVENT_UPSTREAM_CHANGED_KEY_REPLACED
                                : MessageCode.EVENT_UPSTREAM_CHANGED)
                        .with("user", caller.username(), "model", next.model(), "url", next.baseUrl()),
                now);
        if (!next.baseUrl().equals(router.upstream().baseUrl())
                && row.desired() == DesiredState.RUNNING
                && current.state() == EndpointState.RUNNING) {
            endpoints.request(
                    current.id(),
                    EndpointAction.RESTART,
                    DesiredState.RUNNING,
                    EndpointState.BUILDING,
                    MessageCode.REASON_REDEPLOY_NEW_URL.with(),
                    now);
        }
    }

    Endpoint stop(AuthenticatedUser caller, String idOrName) {
        return request(caller, idOrName, EndpointAction.STOP, DesiredState.STOPPED);
    }

    Endpoint start(AuthenticatedUser caller, String idOrName) {
        return request(caller, idOrName, EndpointAction.START, DesiredState.RUNNING);
    }

    Endpoint restart(AuthenticatedUser caller, String idOrName) {
        return request(caller, idOrName, EndpointAction.RESTART, DesiredState.RUNNING);
    }

    Endpoint scale(AuthenticatedUser caller, String idOrName, int wanted) {
        EndpointRepository.Row row = lookup.owned(caller, idOrName);
        Endpoint current = row.endpoint();
        requireAllowed(current, EndpointAction.SCALE);
        refuseForRouter("replicas", router(current), MessageCode.ENDPOINT_ROUTER_HINT_ONE_PROVIDER);
        checkReplicaBounds(current.minReplicas(), current.maxReplicas(), wanted);
        if (wanted > current.replicas() && current.state() != EndpointState.STOPPED) {
            admission.check(
                    modelOf(current),
                    current.runtime(),
                    current.engineArgs(),
                    resources.resource(row.clusterId(), row.resourceId()),
                    wanted - current.replicas(),
                    0);
        }
        Instant now = clock.instant();
        transaction.executeWithoutResult(status -> {
            endpoints.updateDetails(
                    current.id(),
                    current.description(),
                    current.visibility(),
                    current.minReplicas(),
                    current.maxReplicas(),
                    wanted,
                    now);
            endpoints.recordEvent(
                    current.id(),
                    EventLevel.INFO,
                    null,
                    MessageCode.EVENT_SCALED.with("from", current.replicas(), "to", wanted, "user", caller.username()),
                    now);
        });
        control.wake(current.id());
        return get(caller, current.id());
    }

    /** Stops the replicas (waiting for them to drain), then forgets the endpoint with its events, logs and files. */
    void delete(AuthenticatedUser caller, String idOrName) {
        Endpoint current = lookup.owned(caller, idOrName).endpoint();
        requireAllowed(current, EndpointAction.DELETE);
        Instant now = clock.instant();
        if (!endpoints.request(
                current.id(),
                EndpointAction.DELETE,
                DesiredState.STOPPED,
                null,
                MessageCode.REASON_DELETING.with("user", caller.username()),
                now)) {
            throw changedMeanwhile(current);
        }
        control.stopReplicas(current.id());
        endpoints.delete(current.id());
        control.removeFiles(current.id());
        log.info("endpoint {} ({}) deleted by {}", current.name(), current.id(), caller.username());
    }

    private Endpoint request(AuthenticatedUser caller, String idOrName, EndpointAction action, DesiredState desired) {
        Endpoint current = lookup.owned(caller, idOrName).endpoint();
        requireAllowed(current, action);
        if (desired == DesiredState.RUNNING && !router(current)) {
            requireUsableModel(caller, current);
        }
        Instant now = clock.instant();
        boolean stopping = desired == DesiredState.STOPPED;
        Message reason = MessageCode.REASON_REQUESTED.with("action", action, "user", caller.username());
        transaction.executeWithoutResult(status -> {
            if (!endpoints.request(
                    current.id(),
                    action,
                    desired,
                    stopping ? null : EndpointState.BUILDING,
                    stopping ? MessageCode.REASON_STOPPING.with("why", reason) : reason,
                    now)) {
                throw changedMeanwhile(current);
            }
            endpoints.recordEvent(current.id(), EventLevel.INFO, null, reason, now);
        });
        log.info("endpoint {} ({}): {}", current.name(), current.id(), reason.text());
        control.wake(current.id());
        return get(caller, current.id());
    }

    /** The endpoint's model; a 409 when its owner deleted it (the endpoint then has none). */
    private Model modelOf(Endpoint endpoint) {
        return models.byId(endpoint.modelId())
                .orElseThrow(() -> new ApiException(
                        ProblemType.CONFLICT, MessageCode.ENDPOINT_MODEL_DELETED.with("name", endpoint.name())));
    }

    /**
     * Refuses to start an endpoint whose model was withdrawn by its owner (deleted, or made
     * private) unless the endpoint's owner owns the model or an admin starts it.
     */
    private void requireUsableModel(AuthenticatedUser caller, Endpoint endpoint) {
        Model model = modelOf(endpoint);
        if (model.visibility() != Visibility.PUBLIC && !model.owner().equals(endpoint.owner()) && !caller.isAdmin()) {
            throw new ApiException(
                    ProblemType.CONFLICT,
                    MessageCode.ENDPOINT_MODEL_WITHDRAWN.with("model", model.name(), "name", endpoint.name()));
        }
    }

    /**
     * The memory one replica would need if this model were deployed on this runtime with these engine
     * arguments, checked as a deployment checks them; nothing is created. The wizard compares it
     * with each resource before the user deploys.
     */
    MemoryEstimate estimate(AuthenticatedUser caller, String model, String runtime, Map<String, Object> engineArgs) {
        Model deployable = deployableModel(caller, model);
        RuntimeSpec spec = runtimes.choose(deployable, runtime);
        return admission.estimate(deployable, spec.name(), EngineArgValidator.validate(spec, engineArgs));
    }

    private Model deployableModel(AuthenticatedUser caller, String idOrName) {
        Model model = models.get(caller, idOrName);
        if (model.status() != ModelStatus.READY) {
            throw new ApiException(
                    ProblemType.CONFLICT,
                    model.statusReason() == null
                            ? MessageCode.ENDPOINT_MODEL_NOT_READY.with("model", model.name(), "status", model.status())
                            : MessageCode.ENDPOINT_MODEL_NOT_READY_BECAUSE.with(
                                    "model",
                                    model.name(),
                                    "status",
                                    model.status(),
                                    "reason",
                                    model.statusReasonMessage()));
        }
        if (model.facts() != null && model.facts().adapterFor() != null) {
            throw ApiException.invalidField(
                    "model",
                    MessageCode.ENDPOINT_MODEL_IS_ADAPTER.with(
                            "model", model.name(), "base", model.facts().adapterFor()));
        }
        return model;
    }

    private static void checkReplicaBounds(int min, int max, int wanted) {
        if (min < 0 || max < 1 || max > MAX_REPLICAS || min > max) {
            throw ApiException.invalidField(
                    "maxReplicas",
                    MessageCode.ENDPOINT_REPLICA_BOUNDS.with("limit", MAX_REPLICAS, "min", min, "max", max));
        }
        if (wanted < min || wanted > max) {
            throw ApiException.invalidField(
                    "replicas", MessageCode.ENDPOINT_REPLICAS_BETWEEN.with("min", min, "max", max, "wanted", wanted));
        }
    }

    private static void requireAllowed(Endpoint endpoint, EndpointAction action) {
        if (!endpoint.state().allows(action)) {
            throw new ApiException(
                    ProblemType.CONFLICT,
                    MessageCode.ENDPOINT_ACTION_NOT_ALLOWED.with(
                            "name",
                            endpoint.name(),
                            "state",
                            endpoint.state(),
                            "action",
                            action,
                            "allowed",
                            endpoint.state().actions()));
        }
    }

    private static ApiException changedMeanwhile(Endpoint endpoint) {
        return new ApiException(
                ProblemType.CONFLICT, MessageCode.ENDPOINT_CHANGED_MEANWHILE.with("name", endpoint.name()));
    }
}
