package dev.hangar.server.endpoint;

import dev.hangar.server.registry.ModelUsage;
import dev.hangar.server.resource.ResourceUsage;
import java.util.List;
import org.springframework.stereotype.Component;

/** Tells the registry and the resource catalog which endpoints use a model or a resource. */
@Component
class EndpointUsage implements ModelUsage, ResourceUsage {

    private final EndpointRepository endpoints;

    EndpointUsage(EndpointRepository endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public List<String> endpointsServing(String modelId) {
        return endpoints.namesUsingModel(modelId);
    }

    @Override
    public List<String> endpointsOn(String resourceId) {
        return endpoints.namesUsingResource(resourceId);
    }
}
