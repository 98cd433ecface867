package dev.hangar.server.gateway;

import dev.hangar.server.auth.AuthenticatedUser;
import dev.hangar.server.core.Visibility;
import dev.hangar.server.endpoint.Endpoint;
import dev.hangar.server.endpoint.EndpointRepository.Row;
import dev.hangar.server.endpoint.EndpointState;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ProblemType;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Which endpoint a {@code model} name means for a caller: their own endpoint of that name first,
 * else the one public endpoint of that name; for an admin, else the only endpoint of that name.
 * An ambiguous name means none, as in the management API. Listing and routing use the same rule,
 * so every model {@code GET /v1/models} lists can be called by that name. An endpoint that serves
 * LoRA adapters is also called as {@code ENDPOINT:ADAPTER} (endpoint names hold no colon), one name
 * per adapter.
 */
@Component
class ModelCatalog {

    private final RoutingTable table;

    ModelCatalog(RoutingTable table) {
        this.table = table;
    }

    /** The endpoint {@code name} means for the caller, in whatever state it is. */
    Optional<Endpoint> find(AuthenticatedUser caller, String name) {
        return find(table.current(), caller, name).map(Row::endpoint);
    }

    /** An endpoint a model name means, and the adapter of it the name chose (null for its model). */
    record Found(Row row, String adapter) {}

    /** What {@code model} means for the caller: an endpoint's name, or {@code ENDPOINT:ADAPTER} for one it serves. */
    static Optional<Found> resolve(RoutingTable.Snapshot snapshot, AuthenticatedUser caller, String model) {
        int colon = model.indexOf(':');
        if (colon < 0) {
            return find(snapshot, caller, model).map(row -> new Found(row, null));
        }
        String adapter = model.substring(colon + 1);
        return find(snapshot, caller, model.substring(0, colon))
                .filter(row -> row.endpoint().adapters().contains(adapter))
                .map(row -> new Found(row, adapter));
    }

    /** The endpoint and adapter {@code model} means for the caller, in whatever state the endpoint is. */
    Optional<Found> resolve(AuthenticatedUser caller, String model) {
        return resolve(table.current(), caller, model);
    }

    /** The row of the endpoint {@code name} means for the caller in {@code snapshot}, in whatever state it is. */
    static Optional<Row> find(RoutingTable.Snapshot snapshot, AuthenticatedUser caller, String name) {
        return choose(caller, snapshot.named(name));
    }

    /** The 404 for a model name the caller cannot use, worded as OpenAI words it, so that clients show a familiar message. */
    static ApiException notFound(String model) {
        return new ApiException(ProblemType.MODEL_NOT_FOUND, MessageCode.GATEWAY_MODEL_NOT_FOUND.with("model", model));
    }

    /** The endpoints the caller can call by name that serve or wake on a request (Running, Sleeping), by name. */
    List<Endpoint> listServing(AuthenticatedUser caller) {
        return table.current().byName().values().stream()
                .map(named -> choose(caller, named))
                .flatMap(Optional::stream)
                .map(Row::endpoint)
                .filter(ModelCatalog::serving)
                .sorted(Comparator.comparing(Endpoint::name))
                .toList();
    }

    static boolean serving(Endpoint endpoint) {
        return endpoint.state() == EndpointState.RUNNING || endpoint.state() == EndpointState.SLEEPING;
    }

    /** The rule itself, over all endpoints of one name (a loop: it runs for every request). */
    static Optional<Row> choose(AuthenticatedUser caller, List<Row> named) {
        Row shared = null;
        int sharedCount = 0;
        for (Row row : named) {
            if (row.ownerId().equals(caller.userId())) {
                return Optional.of(row);
            }
            if (row.endpoint().visibility() == Visibility.PUBLIC) {
                shared = row;
                sharedCount++;
            }
        }
        if (sharedCount == 1) {
            return Optional.of(shared);
        }
        if (caller.isAdmin() && named.size() == 1) {
            return Optional.of(named.getFirst());
        }
        return Optional.empty();
    }
}
