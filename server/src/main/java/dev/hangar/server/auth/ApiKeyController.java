package dev.hangar.server.auth;

import dev.hangar.server.core.Page;
import dev.hangar.server.core.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Optional;
import org.springframework.http.HttpStatus;
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

/** The caller's API keys: create (shown once), list, revoke. */
@RestController
@RequestMapping("/api/v1/api-keys")
@Tag(name = "API keys", description = "Keys for the API and the gateway; stored hashed, shown once")
class ApiKeyController {

    record CreateApiKeyRequest(
            @NotBlank
            @Size(max = 100)
            @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
            String name,

            Instant expiresAt,
            @Valid KeyLimits limits) {}

    record LimitsRequest(@Valid KeyLimits limits) {}

    private final ApiKeyService keys;
    private final UserService users;

    ApiKeyController(ApiKeyService keys, UserService users) {
        this.keys = keys;
        this.users = users;
    }

    @PostMapping
    @Operation(summary = "Create an API key; the answer holds the key in clear, the only time it is shown")
    ResponseEntity<CreatedApiKey> create(
            @Valid @RequestBody CreateApiKeyRequest request, @AuthenticationPrincipal AuthenticatedUser caller) {
        User owner = users.get(caller.userId());
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(keys.create(
                        owner,
                        request.name().strip(),
                        Optional.ofNullable(request.expiresAt()),
                        request.limits() == null ? KeyLimits.NONE : request.limits(),
                        caller.apiKeyId()));
    }

    @PatchMapping("/{id}")
    @Operation(
            summary =
                    "Set a key's gateway limits (admins): requestsPerMinute, tokensPerMinute, monthlyTokens; null lifts one")
    ApiKey setLimits(
            @PathVariable String id,
            @Valid @RequestBody LimitsRequest request,
            @AuthenticationPrincipal AuthenticatedUser caller) {
        return keys.setLimits(caller, id, request.limits() == null ? KeyLimits.NONE : request.limits());
    }

    @GetMapping
    @Operation(summary = "List your API keys (an admin lists everyone's with all=true)")
    Page<ApiKey> list(
            @RequestParam(defaultValue = "false") boolean all,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(PageRequest.MAX_SIZE) int size,
            @AuthenticationPrincipal AuthenticatedUser caller) {
        return keys.list(caller, all, new PageRequest(page, size));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Revoke an API key; the next request with it gets 401")
    ResponseEntity<Void> revoke(@PathVariable String id, @AuthenticationPrincipal AuthenticatedUser caller) {
        keys.revoke(caller, id);
        return ResponseEntity.noContent().build();
    }
}
