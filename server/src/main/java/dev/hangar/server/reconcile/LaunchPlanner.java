package dev.hangar.server.reconcile;

import dev.hangar.server.auth.UserService;
import dev.hangar.server.endpoint.Endpoint;
import dev.hangar.server.endpoint.EndpointEnv;
import dev.hangar.server.endpoint.EndpointRepository;
import dev.hangar.server.endpoint.EndpointState;
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
import org.springframework.stereotype.Component;

/**
 * Turns an endpoint's stored configuration into a {@link LaunchPlan}, checking on the way what may
 * have changed since it was created: the runtime is installed here, the model is still ready and
 * its files are where they were, the engine arguments still fit the runtime's schema (and the
 * models they name are still the owner's to use), and the environment variables are still allowed.
 */
@Component
class LaunchPlanner {

    /** A plan with the model and resource it was made from. */
    record Planned(LaunchPlan plan, Model model, Resource resource) {}

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

    Planned plan(EndpointRepository.Row row) throws Unlaunchable {
        Endpoint endpoint = row.endpoint();
        RuntimeSpec runtime = catalog.find(endpoint.runtime())
                .orElseThrow(() -> new Unlaunchable(
                        EndpointState.BUILDING_FAILED, "runtime " + endpoint.runtime() + " is no longer known"));
        if (runtime.notLaunchableReason().isPresent()) {
            throw new Unlaunchable(
                    EndpointState.BUILDING_FAILED, runtime.notLaunchableReason().get());
        }
        Installation installation = installations.of(runtime);
        if (!installation.installed()) {
            throw new Unlaunchable(
                    EndpointState.BUILDING_FAILED,
                    runtime.name() + " is not installed on cluster " + endpoint.cluster() + ": "
                            + installation.problem());
        }
        Model model = models.byId(endpoint.modelId())
                .orElseThrow(() -> new Unlaunchable(EndpointState.NO_APP_FILE, "the model was deleted"));
        List<String> missing = missingFiles(model);
        if (!missing.isEmpty()) {
            throw new Unlaunchable(
                    EndpointState.NO_APP_FILE,
                    "files of model " + model.name() + " are gone from " + ModelLocation.root(model) + ": " + missing);
        }
        if (model.status() != ModelStatus.READY) {
            throw new Unlaunchable(
                    EndpointState.BUILDING_FAILED,
                    "model " + model.name() + " is " + model.status()
                            + (model.statusReason() == null ? "" : ": " + model.statusReason()));
        }
        Map<String, Object> args;
        Map<String, String> env;
        try {
            args = withModelPaths(runtime, row, EngineArgValidator.validate(runtime, endpoint.engineArgs()));
            env = envRules.check(endpoint.env());
        } catch (ApiException e) {
            throw new Unlaunchable(EndpointState.BUILDING_FAILED, e.getMessage());
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
                files.directory(endpoint.id()));
        return new Planned(plan, model, resource);
    }

    /**
     * Model arguments ({@code lora}) name a registry model by id; the launch gets the model's file
     * while the endpoint's owner may still use that model and it is ready. The reason names the
     * model, never its path.
     */
    private Map<String, Object> withModelPaths(
            RuntimeSpec runtime, EndpointRepository.Row row, Map<String, Object> args) throws Unlaunchable {
        Map<String, Object> resolved = new LinkedHashMap<>(args);
        for (EngineArg arg : runtime.engineArgs()) {
            if (arg.type() == ArgType.MODEL && args.get(arg.name()) instanceof String id) {
                resolved.put(arg.name(), usableModelPath(arg, id, row).toString());
            }
        }
        return resolved;
    }

    private Path usableModelPath(EngineArg arg, String id, EndpointRepository.Row row) throws Unlaunchable {
        String owner = row.endpoint().owner();
        Model model = models.byId(id).orElseThrow(() -> unavailable(arg, id, owner, "it was deleted"));
        String name = "'" + model.name() + "'";
        if (users.find(row.ownerId()).filter(user -> models.usableBy(user, id)).isEmpty()) {
            throw unavailable(arg, name, owner, "it is private to " + model.owner());
        }
        if (model.status() != ModelStatus.READY) {
            throw unavailable(arg, name, owner, "it is " + model.status());
        }
        return ModelLocation.launchPath(model);
    }

    private static Unlaunchable unavailable(EngineArg arg, String model, String owner, String why) {
        return new Unlaunchable(
                EndpointState.NO_APP_FILE,
                arg.name() + " model " + model + " is no longer available to " + owner + ": " + why);
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
