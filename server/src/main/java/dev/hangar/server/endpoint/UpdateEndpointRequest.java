package dev.hangar.server.endpoint;

import dev.hangar.server.core.Visibility;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/** A partial change of an endpoint, as the API receives it; null fields stay as they are. */
record UpdateEndpointRequest(
        @Size(max = 2000) String description,
        Visibility visibility,
        @Min(0) @Max(EndpointService.MAX_REPLICAS) Integer minReplicas,
        @Min(1) @Max(EndpointService.MAX_REPLICAS) Integer maxReplicas,
        @Min(0) @Max(EndpointService.MAX_REPLICAS) Integer replicas,
        @Size(max = 32) String runtime,
        Map<String, Object> engineArgs,
        @Size(max = EndpointService.MAX_ADAPTERS) List<@Size(max = 200) String> adapters,
        @Size(max = 64) String cluster,
        @Size(max = 64) String resource,
        Map<String, String> env,
        @Valid UpstreamRules.UpstreamSpec upstream,
        @Valid TokenPricing pricing) {

    boolean touchesLaunch() {
        return runtime != null
                || engineArgs != null
                || adapters != null
                || cluster != null
                || resource != null
                || env != null;
    }

    boolean touchesReplicas() {
        return minReplicas != null || maxReplicas != null || replicas != null;
    }

    boolean touchesUpstream() {
        return upstream != null || pricing != null;
    }
}
