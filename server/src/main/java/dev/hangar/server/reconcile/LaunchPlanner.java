package dev.hangar.server.reconcile;

import dev.hangar.server.auth.UserService;
import dev.hangar.server.endpoint.Endpoint;
import dev.hangar.server.endpoint.EndpointAdapter;
import dev.hangar.server.endpoint.EndpointEnv;
import dev.hangar.server.endpoint.EndpointRepository;
import dev.hangar.server.endpoint.EndpointState;
import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.registry.Model;
import dev.hangar.server.registry.ModelFile;
import dev.hangar.server.registry.ModelLocation;
import dev.hangar.server.registry.ModelService;
import dev.hangar.server.registry.ModelStatus;
import dev.hangar.server.resource.Resource;
import dev.hangar.server.resource.ResourceService;
import dev.hangar.server.runtime.ArgType;
import dev.hangar.server.runtime.EngineArg;
import dev.hangar.server.runtime.EngineArgValidator;
import dev.hangar.server.runtime.Installation;
import dev.hangar.server.runtime.RuntimeCatalog;
import dev.hangar.server.runtime.RuntimeInstallations;
import dev.hangar.server.runtime.RuntimeSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Turns an endpoint's stored configuration into a {@link LaunchPlan}, checking on the way what may
 * have changed since it was created: the runtime is installed here, the model is still ready and
 * its files are where they were, the engine arguments still fit the runtime's schema (and the
 * models they name are still the owner's to use), and the environment variables are still allowed.
 */
@Component
class LaunchPlanner {

    /** What planning gave: a plan, or why the endpoint cannot be launched as configured. */
    sealed interface Planning {}

    /** A plan with the model and resource it was made from. */
    record Planned(LaunchPlan plan, Model model, Resource resource) implements Planning {}

    /** The endpoint cannot be launched as configured: the failed state to show and why. */
    record Unlaunchable(EndpointState state, Message reason) implements Planning {}

    private final RuntimeCatalog catalog;
    private final RuntimeInstallations installations;
    private final ModelService models;
    private final ResourceService resources;
    private final EndpointEnv envRules;
    private final EndpointFiles files;
    private final UserService users;

    LaunchPlanner(
            RuntimeCatalog catalog,
            RuntimeInstallations installations,
            ModelService models,
            ResourceService resources,
            EndpointEnv envRules,
            EndpointFiles files,
            UserService users) {
        this.catalog = catalog;
        this.installations = installations;
        this.models = models;
        this.resources = resources;
        this.envRules = envRules;
        this.files = files;
        this.users = users;
    }

    Planning plan(EndpointRepository.Row row) {
        Endpoint endpoint = row.endpoint();
        RuntimeSpec runtime = catalog.find(endpoint.runtime()).orElse(null);
        if (runtime == null) {
            return new Unlaunchable(
                    EndpointState.BUILDING_FAILED,
                    MessageCode.REASON_RUNTIME_UNKNOWN.with("runtime", endpoint.runtime()));
        }
        if (runtime.notLaunchableReason().isPresent()) {
            return new Unlaunchable(
                    EndpointState.BUILDING_FAILED,
                    MessageCode.REASON_DETAIL.with(
                            "detail", runtime.notLaunchableReason().get()));
        }
        Installation installation = installations.of(runtime);
        if (!installation.installed()) {
            return new Unlaunchable(
                    EndpointState.BUILDING_FAILED,
                    MessageCode.REASON_NOT_INSTALLED.with(
                            "runtime",
                            runtime.name(),
                            "cluster",
                            endpoint.cluster(),
                            "problem",
                            installation.message()));
        }
        Model model = models.byId(endpoint.modelId()).orElse(null);
        if (model == null) {
            return new Unlaunchable(EndpointState.NO_APP_FILE, MessageCode.REASON_MODEL_DELETED.with());
        }
        List<String> missing = missingFiles(model);
        if (!missing.isEmpty()) {
            return new Unlaunchable(
                    EndpointState.NO_APP_FILE,
                    MessageCode.REASON_FILES_GONE.with(
                            "model", model.name(), "path", ModelLocation.root(model), "files", missing));
        }
        if (model.status() != ModelStatus.READY) {
            return new Unlaunchable(
                    EndpointState.BUILDING_FAILED,
                    model.statusReason() == null
                            ? MessageCode.REASON_MODEL_NOT_READY.with("model", model.name(), "status", model.status())
                            : MessageCode.REASON_MODEL_NOT_READY_BECAUSE.with(
                                    "model",
                                    model.name(),
                                    "status",
                                    model.status(),
                                    "reason",
                                    model.statusReasonMessage()));
        }
        Map<String, Object> args;
        Map<String, String> env;
        try {
            args = new LinkedHashMap<>(EngineArgValidator.validate(runtime, endpoint.engineArgs()));
            env = envRules.check(endpoint.env());
        } catch (ApiException e) {
            return new Unlaunchable(EndpointState.BUILDING_FAILED, e.message());
        }
        Optional<Unlaunchable> unavailable = resolveModelArgs(runtime, row, args);
        if (unavailable.isPresent()) {
            return unavailable.get();
        }
        Map<String, Path> adapters = new LinkedHashMap<>();
        unavailable = resolveAdapters(row, adapters);
        if (unavailable.isPresent()) {
            return unavailable.get();
        }
        Resource resource = resources.resource(row.clusterId(), row.resourceId());
        LaunchPlan plan = new LaunchPlan(
                runtime,
                ModelLocation.launchPath(model),
                args,
                endpoint.name(),
                resource.gpuCount(),
                CpuShare.threads(resource.cpus(), Runtime.getRuntime().availableProcessors(), endpoint.replicas()),
                env,
                "embeddings".equals(model.task()),
                installations.builtInWorker().orElse(null),
                files.directory(endpoint.id()),
                adapters);
        return new Planned(plan, model, resource);
    }

    /**
     * Model arguments ({@code lora}) name a registry model by id; the launch gets the model's file
     * while the endpoint's owner may still use that model and it is ready. The reason names the
     * model, never its path.
     */
    private Optional<Unlaunchable> resolveModelArgs(
            RuntimeSpec runtime, EndpointRepository.Row row, Map<String, Object> args) {
        for (EngineArg arg : runtime.engineArgs()) {
            if (arg.type() != ArgType.MODEL || !(args.get(arg.name()) instanceof String id)) {
                continue;
            }
            Optional<Unlaunchable> unavailable = unavailable(row, arg.name(), id);
            if (unavailable.isPresent()) {
                return unavailable;
            }
            args.put(
                    arg.name(),
                    ModelLocation.launchPath(models.byId(id).orElseThrow()).toString());
        }
        return Optional.empty();
    }

    /** The endpoint's LoRA adapters (registry models) by name, with their files, under the same rule as model arguments. */
    private Optional<Unlaunchable> resolveAdapters(EndpointRepository.Row row, Map<String, Path> files) {
        if (!(row.endpoint().spec() instanceof Endpoint.ModelSpec spec)) {
            return Optional.empty();
        }
        for (EndpointAdapter adapter : spec.adapters()) {
            Optional<Unlaunchable> unavailable = unavailable(row, "adapters", adapter.modelId());
            if (unavailable.isPresent()) {
                return unavailable;
            }
            files.put(
                    adapter.name(),
                    ModelLocation.launchPath(models.byId(adapter.modelId()).orElseThrow()));
        }
        return Optional.empty();
    }

    /** Why the registry model {@code id} that {@code field} names cannot be launched with now; empty when it can. */
    private Optional<Unlaunchable> unavailable(EndpointRepository.Row row, String field, String id) {
        Model model = models.byId(id).orElse(null);
        Message why = model == null
                ? MessageCode.REASON_ARG_MODEL_DELETED.with()
                : users.find(row.ownerId())
                                .filter(user -> models.usableBy(user, id))
                                .isEmpty()
                        ? MessageCode.REASON_ARG_MODEL_PRIVATE.with("owner", model.owner())
                        : model.status() != ModelStatus.READY
                                ? MessageCode.REASON_ARG_MODEL_STATUS.with("status", model.status())
                                : null;
        if (why == null) {
            return Optional.empty();
        }
        return Optional.of(new Unlaunchable(
                EndpointState.NO_APP_FILE,
                MessageCode.REASON_ARG_MODEL_UNAVAILABLE.with(
                        "arg",
                        field,
                        "model",
                        model == null ? id : "'" + model.name() + "'",
                        "owner",
                        row.endpoint().owner(),
                        "why",
                        why)));
    }

    /** How long the endpoint's replicas may drain when stopped, even when it could no longer be planned. */
    Duration stopGrace(EndpointRepository.Row row) {
        return catalog.find(row.endpoint().runtime())
                .map(runtime -> LaunchPlan.stopGrace(runtime, row.endpoint().engineArgs()))
                .orElse(LaunchPlan.DEFAULT_GRACE);
    }

    /** The path the endpoint's runtime answers health checks on. */
    String healthPath(EndpointRepository.Row row) {
        return catalog.find(row.endpoint().runtime())
                .map(RuntimeSpec::healthPath)
                .orElse("/health");
    }

    /** Whether the endpoint runs on the built-in worker, whose {@code /info} tells whether it takes a replica's token. */
    boolean builtIn(EndpointRepository.Row row) {
        return catalog.find(row.endpoint().runtime()).map(RuntimeSpec::builtIn).orElse(false);
    }

    static List<String> missingFiles(Model model) {
        return model.files().stream()
                .filter(f -> !Files.exists(ModelLocation.file(model, f)))
                .map(ModelFile::name)
                .toList();
    }
}
