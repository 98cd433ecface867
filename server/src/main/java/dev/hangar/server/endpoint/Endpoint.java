package dev.hangar.server.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hangar.server.core.Visibility;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * An endpoint as the API shows it: what was asked for (model, runtime, engine arguments, resource,
 * replicas, or for a router the provider it forwards to) and where it is (state, progress,
 * replicas ready).
 *
 * @param model the registry model it serves; null for a router endpoint
 * @param upstream where a router endpoint ({@code openai-compatible} runtime) forwards; null for others
 * @param pricing a router endpoint's price per million tokens; null for others
 * @param replicas how many replicas are wanted while it runs
 * @param actions what may be asked of it now, from {@link EndpointState}'s table
 * @see #asSeenByOthers()
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Endpoint(
        String id,
        String name,
        String owner,
        String description,
        Visibility visibility,
        String model,
        String modelId,
        String runtime,
        Map<String, Object> engineArgs,
        Map<String, String> env,
        String cluster,
        String resource,
        Upstream upstream,
        TokenPricing pricing,
        int minReplicas,
        int maxReplicas,
        int replicas,
        int readyReplicas,
        EndpointState state,
        String stateReason,
        Progress progress,
        Set<EndpointAction> actions,
        Instant createdAt,
        Instant updatedAt) {

    /**
     * What a user other than its owner (and not an admin) sees of a public endpoint: its name,
     * state and how to call it. Its configuration (engine arguments, env values, a router's
     * upstream) and the reasons and progress of its deployments, which name server paths and
     * providers, are its owner's.
     */
    public Endpoint asSeenByOthers() {
        return new Endpoint(
                id,
                name,
                owner,
                description,
                visibility,
                model,
                modelId,
                runtime,
                null,
                null,
                cluster,
                resource,
                null,
                pricing,
                minReplicas,
                maxReplicas,
                replicas,
                readyReplicas,
                state,
                null,
                null,
                Set.of(),
                createdAt,
                updatedAt);
    }
}
