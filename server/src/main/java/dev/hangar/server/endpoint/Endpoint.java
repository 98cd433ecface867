package dev.hangar.server.endpoint;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.hangar.server.core.Visibility;
import dev.hangar.server.runtime.RuntimeSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An endpoint as the API shows it: what was asked for (its {@link Spec}: a registry model on a
 * runtime, or the provider a router forwards to) and where it is (state, progress, replicas
 * ready). The JSON is flat: the kind's fields sit beside the common ones, absent where they do not
 * apply.
 *
 * @param replicas how many replicas are wanted while it runs
 * @param actions what may be asked of it now, from {@link EndpointState}'s table
 * @see #asSeenByOthers()
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "id",
    "name",
    "owner",
    "description",
    "visibility",
    "model",
    "modelId",
    "runtime",
    "engineArgs",
    "adapters",
    "env",
    "cluster",
    "resource",
    "upstream",
    "pricing"
})
public record Endpoint(
        String id,
        String name,
        String owner,
        String description,
        Visibility visibility,
        @JsonIgnore Spec spec,
        String cluster,
        int minReplicas,
        int maxReplicas,
        int replicas,
        int readyReplicas,
        EndpointState state,
        String stateReason,
        String stateReasonCode,
        Map<String, Object> stateReasonParams,
        Progress progress,
        Set<EndpointAction> actions,
        Instant createdAt,
        Instant updatedAt) {

    /** What the endpoint serves, by kind. */
    public sealed interface Spec {

        /** The runtime its replicas run on. */
        String runtime();

        /** The spec without its owner's configuration (engine arguments, env values, a router's upstream). */
        Spec withoutConfiguration();
    }

    /**
     * A registry model served by replicas of a runtime on a resource.
     *
     * @param model the registry model's name
     * @param adapters LoRA adapters (registry models) its replicas serve beside the model
     */
    public record ModelSpec(
            String model,
            String modelId,
            String runtime,
            Map<String, Object> engineArgs,
            Map<String, String> env,
            String resource,
            List<EndpointAdapter> adapters)
            implements Spec {

        public ModelSpec {
            adapters = List.copyOf(adapters);
        }

        /** A spec with no adapters. */
        public ModelSpec(
                String model,
                String modelId,
                String runtime,
                Map<String, Object> engineArgs,
                Map<String, String> env,
                String resource) {
            this(model, modelId, runtime, engineArgs, env, resource, List.of());
        }

        /** Adapters stay: others call them by name. */
        @Override
        public ModelSpec withoutConfiguration() {
            return new ModelSpec(model, modelId, runtime, null, null, resource, adapters);
        }
    }

    /**
     * A router to an external OpenAI-compatible provider ({@value RuntimeSpec#ROUTER} runtime), served
     * by one remote replica: the provider.
     *
     * @param upstream where it forwards; null only in {@link #withoutConfiguration()}
     * @param pricing its price per million tokens; null when it is free
     */
    public record RouterSpec(Upstream upstream, TokenPricing pricing) implements Spec {

        @Override
        public String runtime() {
            return RuntimeSpec.ROUTER;
        }

        @Override
        public RouterSpec withoutConfiguration() {
            return new RouterSpec(null, pricing);
        }
    }

    /** The registry model it serves; null for a router. */
    @JsonProperty
    public String model() {
        return spec instanceof ModelSpec m ? m.model() : null;
    }

    @JsonProperty
    public String modelId() {
        return spec instanceof ModelSpec m ? m.modelId() : null;
    }

    @JsonProperty
    public String runtime() {
        return spec.runtime();
    }

    /** A model's engine arguments; a router has none (empty to its owner). */
    @JsonProperty
    public Map<String, Object> engineArgs() {
        return switch (spec) {
            case ModelSpec m -> m.engineArgs();
            case RouterSpec r -> r.upstream() == null ? null : Map.of();
        };
    }

    /** A model's environment variables; a router has none (empty to its owner). */
    @JsonProperty
    public Map<String, String> env() {
        return switch (spec) {
            case ModelSpec m -> m.env();
            case RouterSpec r -> r.upstream() == null ? null : Map.of();
        };
    }

    /** The names of the LoRA adapters it serves, each called as {@code model: "NAME:ADAPTER"}; none for a router. */
    @JsonIgnore
    public List<String> adapters() {
        return spec instanceof ModelSpec m
                ? m.adapters().stream().map(EndpointAdapter::name).toList()
                : List.of();
    }

    /** {@link #adapters()} as the API shows them: absent when there are none. */
    @JsonProperty("adapters")
    List<String> adaptersShown() {
        List<String> names = adapters();
        return names.isEmpty() ? null : names;
    }

    /** The resource a model's replicas run on; null for a router. */
    @JsonProperty
    public String resource() {
        return spec instanceof ModelSpec m ? m.resource() : null;
    }

    /** Where a router forwards; null for a model. */
    @JsonProperty
    public Upstream upstream() {
        return spec instanceof RouterSpec r ? r.upstream() : null;
    }

    /** A router's price per million tokens; null for a model. */
    @JsonProperty
    public TokenPricing pricing() {
        return spec instanceof RouterSpec r ? r.pricing() : null;
    }

    /**
     * What a user other than its owner (and not an admin) sees of a public endpoint: its name,
     * state and how to call it. Its configuration (engine arguments, env values, a router's
     * upstream) and the reasons and progress of its deployments, which name server paths and
     * providers, are its owner's.
     */
    Endpoint asSeenByOthers() {
        return new Endpoint(
                id,
                name,
                owner,
                description,
                visibility,
                spec.withoutConfiguration(),
                cluster,
                minReplicas,
                maxReplicas,
                replicas,
                readyReplicas,
                state,
                null,
                null,
                null,
                null,
                Set.of(),
                createdAt,
                updatedAt);
    }
}
