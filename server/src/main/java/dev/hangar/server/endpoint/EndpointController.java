package dev.hangar.server.endpoint;

import dev.hangar.server.auth.AuthenticatedUser;
import dev.hangar.server.core.Page;
import dev.hangar.server.core.PageRequest;
import dev.hangar.server.core.Visibility;
import dev.hangar.server.endpoint.admission.MemoryEstimate;
import dev.hangar.server.message.Message;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The endpoint API: deploy a model, follow its progress, stop, start, restart, scale, delete. */
@RestController
@RequestMapping("/api/v1/endpoints")
@Tag(name = "Endpoints", description = "Deploy models as endpoints and manage their lifecycle")
class EndpointController {

    /** Endpoint names are what clients send as {@code model}: short, URL- and shell-safe. */
    static final String NAME_PATTERN = "[a-z0-9][a-z0-9._-]{0,63}";

    static final String NAME_RULE =
            "must be 1-64 of a-z, 0-9, '.', '_', '-', starting with a lowercase letter or digit";

    record EstimateRequest(
            @NotBlank @Size(max = 200) String model,
            @Size(max = 32) String runtime,
            Map<String, Object> engineArgs) {}

    /**
     * One replica's memory: the parts and the arithmetic behind them.
     *
     * @param gpuMemory true when the figures are GPU memory, false when they are the machine's RAM
     * @param descriptionCode the code of {@code description} (docs/api.md, Messages), with its
     *     {@code descriptionParams}, for the UI to show it in the reader's language
     */
    record MemoryEstimateView(
            long weightsBytes,
            long kvCacheBytes,
            String kvCacheBasis,
            long overheadBytes,
            String overheadBasis,
            boolean gpuMemory,
            long totalBytes,
            String description,
            String descriptionCode,
            Map<String, Object> descriptionParams) {

        static MemoryEstimateView of(MemoryEstimate estimate) {
            Message description = estimate.describe();
            return new MemoryEstimateView(
                    estimate.weightsBytes(),
                    estimate.kvCacheBytes(),
                    estimate.kvCacheBasis() == null
                            ? null
                            : estimate.kvCacheBasis().text(),
                    estimate.overheadBytes(),
                    estimate.overheadBasis().text(),
                    estimate.device(),
                    estimate.totalBytes(),
                    description.text(),
                    description.code(),
                    description.sortedParams());
        }
    }

    record ScaleRequest(
            @NotNull @Min(0) @Max(EndpointService.MAX_REPLICAS)
            Integer replicas) {}

    private final EndpointService endpoints;

    EndpointController(EndpointService endpoints) {
        this.endpoints = endpoints;
    }

    @PostMapping
    @Operation(
            summary = "Deploy a model, or create a router endpoint (runtime `openai-compatible` with an `upstream`);"
                    + " the deployment runs in the background, follow `state` and `progress`")
    ResponseEntity<Endpoint> create(
            @Valid @RequestBody CreateEndpointRequest request, @AuthenticationPrincipal AuthenticatedUser caller) {
        Endpoint endpoint = endpoints.create(caller, request);
        return ResponseEntity.created(URI.create("/api/v1/endpoints/" + endpoint.id()))
                .body(endpoint);
    }

    @PostMapping("/memory-estimate")
    @Operation(
            summary = "The memory one replica would need (weights, KV cache, overhead) if this model were deployed"
                    + " on this runtime with these engine arguments; nothing is created")
    MemoryEstimateView estimate(
            @Valid @RequestBody EstimateRequest request, @AuthenticationPrincipal AuthenticatedUser caller) {
        return MemoryEstimateView.of(
                endpoints.estimate(caller, request.model(), request.runtime(), request.engineArgs()));
    }

    @GetMapping
    @Operation(summary = "List the endpoints you may see, newest first")
    Page<Endpoint> list(
            @RequestParam Optional<@Size(max = 200) String> q,
            @RequestParam Optional<EndpointState> state,
            @RequestParam Optional<@Size(max = 32) String> runtime,
            @RequestParam Optional<@Size(max = 40) String> model,
            @RequestParam Optional<Visibility> visibility,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(PageRequest.MAX_SIZE) int size,
            @AuthenticationPrincipal AuthenticatedUser caller) {
        return endpoints.list(
                caller, new EndpointQuery(q, state, runtime, model, visibility, new PageRequest(page, size)));
    }

    @GetMapping("/{idOrName}")
    @Operation(summary = "An endpoint with its state, progress and the actions allowed now")
    Endpoint get(@PathVariable String idOrName, @AuthenticationPrincipal AuthenticatedUser caller) {
        return endpoints.get(caller, idOrName);
    }

    @PatchMapping("/{idOrName}")
    @Operation(
            summary = "Change an endpoint; runtime, engine arguments, resource and env only while it is Stopped;"
                    + " a router's upstream and pricing at any time")
    Endpoint update(
            @PathVariable String idOrName,
            @Valid @RequestBody UpdateEndpointRequest request,
            @AuthenticationPrincipal AuthenticatedUser caller) {
        return endpoints.update(caller, idOrName, request);
    }

    @DeleteMapping("/{idOrName}")
    @Operation(summary = "Stop the endpoint's replicas (they drain first) and delete it")
    ResponseEntity<Void> delete(@PathVariable String idOrName, @AuthenticationPrincipal AuthenticatedUser caller) {
        endpoints.delete(caller, idOrName);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{idOrName}/stop")
    @Operation(summary = "Stop serving: replicas drain and exit")
    ResponseEntity<Endpoint> stop(@PathVariable String idOrName, @AuthenticationPrincipal AuthenticatedUser caller) {
        return ResponseEntity.accepted().body(endpoints.stop(caller, idOrName));
    }

    @PostMapping("/{idOrName}/start")
    @Operation(summary = "Deploy a stopped endpoint again")
    ResponseEntity<Endpoint> start(@PathVariable String idOrName, @AuthenticationPrincipal AuthenticatedUser caller) {
        return ResponseEntity.accepted().body(endpoints.start(caller, idOrName));
    }

    @PostMapping("/{idOrName}/restart")
    @Operation(summary = "Deploy again from the first step, replacing the replicas")
    ResponseEntity<Endpoint> restart(@PathVariable String idOrName, @AuthenticationPrincipal AuthenticatedUser caller) {
        return ResponseEntity.accepted().body(endpoints.restart(caller, idOrName));
    }

    @PostMapping("/{idOrName}/scale")
    @Operation(summary = "Set the number of replicas, within minReplicas..maxReplicas")
    ResponseEntity<Endpoint> scale(
            @PathVariable String idOrName,
            @Valid @RequestBody ScaleRequest request,
            @AuthenticationPrincipal AuthenticatedUser caller) {
        return ResponseEntity.accepted().body(endpoints.scale(caller, idOrName, request.replicas()));
    }

    @GetMapping("/{idOrName}/events")
    @Operation(summary = "What happened to the endpoint, oldest first (the newest `limit`)")
    List<EndpointEvent> events(
            @PathVariable String idOrName,
            @RequestParam(defaultValue = "200") @Min(1) @Max(1000) int limit,
            @AuthenticationPrincipal AuthenticatedUser caller) {
        return endpoints.events(caller, idOrName, limit);
    }

    @GetMapping("/{idOrName}/replicas")
    @Operation(summary = "The endpoint's replicas: state, address, pid, restarts, last exit code")
    List<Replica> replicas(@PathVariable String idOrName, @AuthenticationPrincipal AuthenticatedUser caller) {
        return endpoints.replicas(caller, idOrName);
    }
}
