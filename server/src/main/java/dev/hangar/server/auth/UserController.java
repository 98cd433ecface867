package dev.hangar.server.auth;

import dev.hangar.server.core.Page;
import dev.hangar.server.core.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
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

/** Admin-only user management: create, disable or enable, and delete users with what they own. */
@RestController
@RequestMapping("/api/v1/users")
@Tag(name = "Users", description = "Admin: create, list, disable and delete users, set their limits")
class UserController {

    record CreateUserRequest(
            @NotBlank
            @Pattern(
                    regexp = "[a-z0-9][a-z0-9._-]{0,63}",
                    message = "must be 1-64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit")
            String username,

            @NotNull @Size(min = 12, max = 200) String password,
            @NotNull Role role) {}

    /**
     * A change to a user: what is left out or null stays as it is; {@code limits}, when given,
     * replaces the user's limits whole.
     */
    record UpdateUserRequest(
            Role role, Boolean disabled, @Valid UserLimits limits) {

        UserChange change() {
            return new UserChange(
                    Optional.ofNullable(role), Optional.ofNullable(disabled), Optional.ofNullable(limits));
        }
    }

    private final UserService users;
    private final UserDeletion deletion;

    UserController(UserService users, UserDeletion deletion) {
        this.users = users;
        this.deletion = deletion;
    }

    @PostMapping
    @Operation(summary = "Create a user")
    ResponseEntity<User> create(@Valid @RequestBody CreateUserRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(users.create(request.username(), request.password(), request.role()));
    }

    @GetMapping
    @Operation(summary = "List users")
    Page<User> list(
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(PageRequest.MAX_SIZE) int size) {
        return users.list(new PageRequest(page, size));
    }

    @GetMapping("/{idOrName}")
    @Operation(summary = "Get a user by id or username")
    User get(@PathVariable String idOrName) {
        return users.get(idOrName);
    }

    @PatchMapping("/{idOrName}")
    @Operation(
            summary = "Change a user's role, disable or enable them, set their limits",
            description = "role: admin or user; disabled: true stops their API keys and sessions at once;"
                    + " limits (requestsPerMinute, tokensPerMinute, monthlyTokens, maxKeys, maxEndpoints, maxReplicas,"
                    + " storageBytes) replace the user's limits whole, one left out or null is lifted. What the request"
                    + " leaves out stays. An admin cannot change their own role or disable themselves, and the last"
                    + " enabled admin cannot lose the role (409). A demoted admin whose limits the request does not"
                    + " set gets a new user's limits (HANGAR_USER_*).")
    User update(
            @PathVariable String idOrName,
            @Valid @RequestBody UpdateUserRequest request,
            @AuthenticationPrincipal AuthenticatedUser caller) {
        return users.update(caller, idOrName, request.change());
    }

    @PostMapping("/{idOrName}/disable")
    @Operation(summary = "Disable a user: their API keys and sessions stop at once; what they own stays")
    User disable(@PathVariable String idOrName, @AuthenticationPrincipal AuthenticatedUser caller) {
        return users.setDisabled(caller, idOrName, true);
    }

    @PostMapping("/{idOrName}/enable")
    @Operation(summary = "Enable a disabled user again (their API keys work again; they log in anew)")
    User enable(@PathVariable String idOrName, @AuthenticationPrincipal AuthenticatedUser caller) {
        return users.setDisabled(caller, idOrName, false);
    }

    @DeleteMapping("/{idOrName}")
    @Operation(
            summary = "Delete a user and revoke their API keys",
            description = "resources=none (default) refuses a user who owns endpoints, models or datasets;"
                    + " resources=reassign&to=<user> hands them to another user; resources=delete stops and deletes"
                    + " them. Their API keys stop at once. Their usage stays in the usage records under their user id."
                    + " An admin cannot delete themselves or the last enabled admin (409).")
    ResponseEntity<Void> delete(
            @PathVariable String idOrName,
            @RequestParam(defaultValue = "none") String resources,
            @RequestParam Optional<String> to,
            @AuthenticationPrincipal AuthenticatedUser caller) {
        deletion.delete(caller, idOrName, UserDeletion.disposal(resources), to);
        return ResponseEntity.noContent().build();
    }
}
