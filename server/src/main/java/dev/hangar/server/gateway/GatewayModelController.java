package dev.hangar.server.gateway;

import dev.hangar.server.auth.AuthenticatedUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.stream.Stream;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** OpenAI's {@code GET /v1/models}: the endpoints the caller can call, by the name they use as {@code model}. */
@RestController
@RequestMapping("/v1/models")
@Tag(name = "Gateway", description = "OpenAI-compatible API; the model is an endpoint's name")
class GatewayModelController {

    private final ModelCatalog catalog;

    GatewayModelController(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping
    @Operation(
            summary = "The Running or Sleeping endpoints the caller may call (own, public; all for admins),"
                    + " each followed by ENDPOINT:ADAPTER for each LoRA adapter it serves")
    ModelList list(@AuthenticationPrincipal AuthenticatedUser caller) {
        return ModelList.of(catalog.listServing(caller).stream()
                .flatMap(endpoint -> Stream.concat(
                        Stream.of(ModelCard.of(endpoint)),
                        endpoint.adapters().stream().map(adapter -> ModelCard.of(endpoint, adapter))))
                .toList());
    }

    @GetMapping("/{name}")
    @Operation(summary = "One model, or 404 model_not_found")
    ModelCard get(@AuthenticationPrincipal AuthenticatedUser caller, @PathVariable String name) {
        return catalog.resolve(caller, name)
                .filter(found -> ModelCatalog.serving(found.row().endpoint()))
                .map(found -> found.adapter() == null
                        ? ModelCard.of(found.row().endpoint())
                        : ModelCard.of(found.row().endpoint(), found.adapter()))
                .orElseThrow(() -> ModelCatalog.notFound(name));
    }
}
