package dev.hangar.server.endpoint;

import dev.hangar.server.auth.AuthenticatedUser;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.registry.Model;
import dev.hangar.server.registry.ModelFormat;
import dev.hangar.server.registry.ModelService;
import dev.hangar.server.registry.ModelStatus;
import dev.hangar.server.runtime.RuntimeSpec;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Which registry models an endpoint may serve as LoRA adapters beside its model: only on the built-in
 * runtime (its worker loads them by name), each a ready GGUF LoRA adapter the caller may use, made for
 * the architecture of the endpoint's model, named once. Kept by the registry model's id and name; the
 * name is what clients add to the endpoint's ({@code model: "ENDPOINT:NAME"}).
 */
@Component
class AdapterAccess {

    private static final String FIELD = "adapters";

    private final ModelService models;

    AdapterAccess(ModelService models) {
        this.models = models;
    }

    List<EndpointAdapter> authorize(AuthenticatedUser caller, Model base, RuntimeSpec runtime, List<String> wanted) {
        if (wanted == null || wanted.isEmpty()) {
            return List.of();
        }
        if (!runtime.builtIn()) {
            throw ApiException.invalidField(
                    FIELD, MessageCode.ENDPOINT_ADAPTERS_BUILT_IN_ONLY.with("runtime", runtime.name()));
        }
        List<EndpointAdapter> adapters = new ArrayList<>();
        for (String idOrName : wanted) {
            Model adapter = models.get(caller, idOrName);
            if (adapter.status() != ModelStatus.READY
                    || adapter.facts() == null
                    || adapter.facts().format() != ModelFormat.GGUF) {
                throw ApiException.invalidField(FIELD, MessageCode.ARG_NOT_READY_GGUF.with("model", adapter.name()));
            }
            if (adapter.facts().adapterFor() == null) {
                throw ApiException.invalidField(
                        FIELD, MessageCode.ENDPOINT_ADAPTER_NOT_LORA.with("model", adapter.name()));
            }
            String architecture = base.facts() == null ? null : base.facts().architecture();
            if (!adapter.facts().adapterFor().equals(architecture)) {
                throw ApiException.invalidField(
                        FIELD,
                        MessageCode.ENDPOINT_ADAPTER_OTHER_BASE.with(
                                "adapter",
                                adapter.name(),
                                "adapterFor",
                                adapter.facts().adapterFor(),
                                "model",
                                base.name(),
                                "architecture",
                                architecture == null ? "?" : architecture));
            }
            if (adapters.stream().anyMatch(taken -> taken.name().equals(adapter.name()))) {
                throw ApiException.invalidField(
                        FIELD, MessageCode.ENDPOINT_ADAPTER_TWICE.with("model", adapter.name()));
            }
            adapters.add(new EndpointAdapter(adapter.name(), adapter.id()));
        }
        return adapters;
    }
}
