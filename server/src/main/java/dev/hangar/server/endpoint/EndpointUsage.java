package dev.hangar.server.endpoint;

import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.registry.ModelUsage;
import dev.hangar.server.resource.ResourceUsage;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Tells the registry and the resource catalog which endpoints use a model or a resource, and stops
 * other users' endpoints when a model's owner withdraws it.
 */
@Component
class EndpointUsage implements ModelUsage, ResourceUsage {

    private static final Logger log = LoggerFactory.getLogger(EndpointUsage.class);

    private final EndpointRepository endpoints;
    /** Looked up when used: the reconciler itself needs the registry, which needs this. */
    private final ObjectProvider<EndpointControl> control;

    private final Clock clock;

    EndpointUsage(EndpointRepository endpoints, ObjectProvider<EndpointControl> control, Clock clock) {
        this.endpoints = endpoints;
        this.control = control;
        this.clock = clock;
    }

    @Override
    public List<String> endpointsOfOwnerServing(String modelId, String ownerId) {
        return endpoints.usingModel(modelId).stream()
                .filter(row -> row.ownerId().equals(ownerId))
                .map(row -> row.endpoint().name())
                .toList();
    }

    @Override
    public List<String> withdrawFromOthers(String modelId, String ownerId, Message why) {
        List<EndpointRepository.Row> others = endpoints.usingModel(modelId).stream()
                .filter(row -> !row.ownerId().equals(ownerId))
                .toList();
        Instant now = clock.instant();
        for (EndpointRepository.Row row : others) {
            Endpoint endpoint = row.endpoint();
            // an endpoint already Stopped stays so; it cannot start again (EndpointService)
            endpoints.request(
                    endpoint.id(),
                    EndpointAction.STOP,
                    DesiredState.STOPPED,
                    null,
                    MessageCode.REASON_STOPPING.with("why", why),
                    now);
            endpoints.recordEvent(endpoint.id(), EventLevel.WARNING, null, why, now);
            log.info(
                    "endpoint {} ({}) of {} stopped: {}", endpoint.name(), endpoint.id(), endpoint.owner(), why.text());
            control.getObject().wake(endpoint.id());
        }
        return others.stream().map(row -> row.endpoint().name()).toList();
    }

    @Override
    public List<String> endpointsOn(String resourceId) {
        return endpoints.namesUsingResource(resourceId);
    }
}
