package dev.hangar.server.endpoint;

import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.registry.Model;
import dev.hangar.server.resource.Cluster;
import dev.hangar.server.resource.Resource;
import dev.hangar.server.resource.ResourceOperation;
import dev.hangar.server.resource.ResourceService;
import dev.hangar.server.runtime.RuntimeCatalog;
import dev.hangar.server.runtime.RuntimeInstallations;
import dev.hangar.server.runtime.RuntimeSpec;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * Picks the runtime and resource of an endpoint, or checks the ones asked for: the runtime must
 * accept the model's format and task, the resource must allow deployments and have the devices
 * the runtime needs. Every refusal names what would fit.
 */
@Component
class RuntimeChoice {

    private final RuntimeCatalog catalog;
    private final RuntimeInstallations installations;
    private final ResourceService resources;

    RuntimeChoice(RuntimeCatalog catalog, RuntimeInstallations installations, ResourceService resources) {
        this.catalog = catalog;
        this.installations = installations;
        this.resources = resources;
    }

    /** The runtime asked for, checked against the model; without one, the best installed runtime that fits. */
    RuntimeSpec choose(Model model, String requested) {
        String format = model.facts() == null || model.facts().format() == null
                ? ""
                : model.facts().format().toString();
        List<RuntimeSpec> fitting = catalog.fitting(format, model.task());
        if (requested == null) {
            return fitting.stream()
                    .filter(r -> r.notLaunchableReason().isEmpty()
                            && installations.of(r).installed())
                    .findFirst()
                    .or(() -> fitting.stream().findFirst())
                    .orElseThrow(() -> ApiException.invalidField(
                            "model",
                            MessageCode.RUNTIME_NONE_SERVES.with(
                                    "format", format + forTask(model), "runtimes", runtimeNames(catalog.all()))));
        }
        RuntimeSpec runtime = catalog.find(requested)
                .orElseThrow(() -> ApiException.invalidField(
                        "runtime",
                        MessageCode.RUNTIME_UNKNOWN.with(
                                "runtime", requested, "runtimes", runtimeNames(catalog.all()))));
        if (!fitting.contains(runtime)) {
            throw ApiException.invalidField(
                    "runtime",
                    MessageCode.RUNTIME_DOES_NOT_SERVE.with(
                            "runtime",
                            runtime.name(),
                            "format",
                            format + forTask(model),
                            "model",
                            model.name(),
                            "runtimes",
                            runtimeNames(fitting)));
        }
        return runtime;
    }

    /**
     * The resource asked for on the cluster (default {@code local}), or the first one that fits the
     * runtime and passes {@code admit} (which throws when the deployment would not fit it); when
     * none passes, the refusal of the last one tried is thrown.
     */
    Resource resource(RuntimeSpec runtime, String clusterName, String requested, Consumer<Resource> admit) {
        Cluster cluster = resources.cluster(clusterName == null ? "local" : clusterName);
        List<Resource> deployable = resources.resources(cluster.id(), Optional.of(ResourceOperation.DEPLOY));
        List<Resource> fitting =
                deployable.stream().filter(r -> fits(runtime, r)).toList();
        if (requested == null) {
            if (fitting.isEmpty()) {
                throw ApiException.invalidField(
                        "resource",
                        MessageCode.RESOURCE_NO_GPU_IN_CLUSTER.with(
                                "runtime", runtime.name(), "devices", runtime.devices(), "cluster", cluster.name()));
            }
            ApiException refused = null;
            for (Resource candidate : fitting) {
                try {
                    admit.accept(candidate);
                    return candidate;
                } catch (ApiException e) {
                    refused = e;
                }
            }
            throw refused;
        }
        Resource resource = resources.resource(cluster.id(), requested);
        if (!deployable.contains(resource)) {
            throw ApiException.invalidField(
                    "resource",
                    MessageCode.RESOURCE_NOT_FOR_DEPLOYMENTS.with(
                            "resource", resource.name(), "resources", names(deployable)));
        }
        if (!fitting.contains(resource)) {
            throw ApiException.invalidField(
                    "resource",
                    MessageCode.RESOURCE_NO_GPU.with(
                            "runtime",
                            runtime.name(),
                            "devices",
                            runtime.devices(),
                            "resource",
                            resource.name(),
                            "resources",
                            names(fitting)));
        }
        admit.accept(resource);
        return resource;
    }

    /** A runtime that can use the CPU runs anywhere; a GPU-only runtime needs GPUs. */
    private static boolean fits(RuntimeSpec runtime, Resource resource) {
        return runtime.devices().contains("cpu") || resource.gpuCount() > 0;
    }

    private static List<String> names(List<Resource> resources) {
        return resources.stream().map(Resource::name).toList();
    }

    private static List<String> runtimeNames(List<RuntimeSpec> runtimes) {
        return runtimes.stream().map(RuntimeSpec::name).toList();
    }

    private static String forTask(Model model) {
        return model.task() == null ? "" : " for " + model.task();
    }
}
