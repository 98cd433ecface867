package dev.hangar.server.auth;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Browser login: user and password in, a session cookie out. API clients use keys instead. */
@RestController
@RequestMapping("/api/v1/auth")
@Tag(name = "Auth", description = "Login for the web UI and who-am-I")
class AuthController {

    record LoginRequest(
            @NotBlank @Size(max = 64) String username,
            @NotBlank @Size(max = 200) String password) {}

    record PasswordChange(
            @NotBlank @Size(max = 200) String currentPassword,
            @NotNull @Size(min = 12, max = 200) String newPassword) {}

    private final LoginService logins;

    AuthController(LoginService logins) {
        this.logins = logins;
    }

    @PostMapping("/login")
    @Operation(
            summary = "Log in with user and password; sets the HANGAR_SESSION cookie",
            description = "Repeated failures for one username or from one address are answered 429 with Retry-After.")
    User login(@Valid @RequestBody LoginRequest login, HttpServletRequest request) {
        User user = logins.login(login.username(), login.password(), request.getRemoteAddr());
        HttpSession old = request.getSession(false);
        if (old != null) {
            old.invalidate();
        }
        HttpSession session = request.getSession(true);
        session.setAttribute(HangarAuthenticationFilter.SESSION_USER, user.id());
        session.setAttribute(HangarAuthenticationFilter.SESSION_EPOCH, logins.sessionEpoch(user));
        return user;
    }

    @PostMapping("/password")
    @Operation(
            summary = "Change your own password",
            description =
                    "Needs the current password. Every other session of yours ends; this one and your API keys go on.")
    ResponseEntity<Void> changePassword(
            @Valid @RequestBody PasswordChange change,
            @AuthenticationPrincipal AuthenticatedUser caller,
            HttpServletRequest request) {
        int epoch =
                logins.changePassword(caller, change.currentPassword(), change.newPassword(), request.getRemoteAddr());
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.setAttribute(HangarAuthenticationFilter.SESSION_EPOCH, epoch);
        }
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/logout")
    @Operation(summary = "End the browser session")
    ResponseEntity<Void> logout(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/me")
    @Operation(summary = "The caller: user, role, and the API key used if any")
    AuthenticatedUser me(@AuthenticationPrincipal AuthenticatedUser caller) {
        return caller;
    }
}
