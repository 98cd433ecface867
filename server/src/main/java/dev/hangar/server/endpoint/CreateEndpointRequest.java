package dev.hangar.server.endpoint;

import dev.hangar.server.core.Visibility;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * What a user asks for when creating an endpoint, as the API receives it; null fields take their
 * defaults ({@code adapters}: registry LoRA adapters, by name or id, for the built-in runtime). The service checks it and the repository stores it as it is, with what the service
 * resolved ({@link EndpointRepository.NewEndpoint}).
 */
record CreateEndpointRequest(
        @NotBlank @Pattern(regexp = EndpointController.NAME_PATTERN, message = EndpointController.NAME_RULE)
        String name,

        @Size(max = 200) String model,
        @Size(max = 32) String runtime,
        Map<String, Object> engineArgs,
        @Size(max = EndpointService.MAX_ADAPTERS) List<@Size(max = 200) String> adapters,
        @Size(max = 64) String cluster,
        @Size(max = 64) String resource,
        @Min(0) @Max(EndpointService.MAX_REPLICAS) Integer minReplicas,
        @Min(1) @Max(EndpointService.MAX_REPLICAS) Integer maxReplicas,
        Visibility visibility,
        @Size(max = 2000) String description,
        Map<String, String> env,
        @Valid UpstreamRules.UpstreamSpec upstream,
        @Valid TokenPricing pricing) {

    /** The visibility asked for; private when none was. */
    Visibility visibilityOrPrivate() {
        return visibility == null ? Visibility.PRIVATE : visibility;
    }
}
