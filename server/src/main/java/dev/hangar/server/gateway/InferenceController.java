package dev.hangar.server.gateway;

import dev.hangar.server.auth.AuthenticatedUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * OpenAI's inference calls. The body is read as bytes (bounded by the gateway's body limit),
 * checked for what routing needs and sent on unchanged; the replica's answer is streamed back.
 * Requests with an API key are answered by {@link EdgeInference} on the edge before they reach
 * the servlet container, except those for router endpoints; this controller serves those, browser
 * sessions (the playground), and documents the calls.
 */
@RestController
@RequestMapping("/v1")
@Tag(name = "Gateway", description = "OpenAI-compatible API; the model is an endpoint's name")
class InferenceController {

    private final InferenceRouter router;
    private final JsonMapper json;

    InferenceController(InferenceRouter router, JsonMapper json) {
        this.router = router;
        this.json = json;
    }

    @PostMapping("/chat/completions")
    @Operation(summary = "Chat completion, streamed as Server-Sent Events with \"stream\": true")
    void chat(
            @AuthenticationPrincipal AuthenticatedUser caller,
            @RequestBody(required = false) byte[] body,
            HttpServletResponse response)
            throws IOException {
        route(caller, InferenceKind.CHAT, body, response);
    }

    @PostMapping("/completions")
    @Operation(summary = "Text completion (legacy), streamed as Server-Sent Events with \"stream\": true")
    void completion(
            @AuthenticationPrincipal AuthenticatedUser caller,
            @RequestBody(required = false) byte[] body,
            HttpServletResponse response)
            throws IOException {
        route(caller, InferenceKind.COMPLETION, body, response);
    }

    @PostMapping("/embeddings")
    @Operation(summary = "Embeddings of a string or a list of them")
    void embeddings(
            @AuthenticationPrincipal AuthenticatedUser caller,
            @RequestBody(required = false) byte[] body,
            HttpServletResponse response)
            throws IOException {
        route(caller, InferenceKind.EMBEDDING, body, response);
    }

    private void route(AuthenticatedUser caller, InferenceKind kind, byte[] body, HttpServletResponse response)
            throws IOException {
        router.route(caller, RoutedRequest.parse(kind, body == null ? new byte[0] : body, json), response);
    }
}
