package dev.hangar.server.gateway;

import dev.hangar.server.endpoint.Replica;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Passes a replica's response to the client as it arrives: status, {@code Content-Type}, then the
 * body chunk by chunk, flushed after each, so streamed tokens reach the client when the replica
 * sends them. If the replica breaks off an event stream, the client gets a last {@code data:} event
 * with an OpenAI error (which the OpenAI SDKs raise) instead of a stream that just stops; if the
 * client goes away, the replica's response is closed, which cancels its work.
 */
@Component
class ResponseRelay {

    static final String REPLICA_HEADER = "x-hangar-replica";

    private static final Logger log = LoggerFactory.getLogger(ResponseRelay.class);
    private static final String EVENT_STREAM = "text/event-stream";

    private final JsonMapper json;

    ResponseRelay(JsonMapper json) {
        this.json = json;
    }

    void relay(String endpoint, Replica replica, HttpResponse<InputStream> upstream, HttpServletResponse response)
            throws IOException {
        String contentType = upstream.headers().firstValue("Content-Type").orElse("application/json");
        boolean eventStream = contentType.startsWith(EVENT_STREAM);
        response.setStatus(upstream.statusCode());
        response.setContentType(contentType);
        response.setHeader(REPLICA_HEADER, replica.id());
        if (eventStream) {
            response.setHeader("Cache-Control", "no-cache");
        }
        try (InputStream in = upstream.body()) {
            OutputStream out = response.getOutputStream();
            byte[] buffer = new byte[8192];
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    log.warn("endpoint {}: replica {} broke off its answer: {}", endpoint, replica.id(), e.toString());
                    if (eventStream) {
                        sendErrorEvent(out, endpoint);
                    }
                    return;
                }
                if (n < 0) {
                    return;
                }
                try {
                    out.write(buffer, 0, n);
                    out.flush();
                } catch (IOException e) {
                    log.info(
                            "endpoint {}: client went away during the answer of replica {}; cancelled it",
                            endpoint,
                            replica.id());
                    return;
                }
            }
        }
    }

    private void sendErrorEvent(OutputStream out, String endpoint) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put(
                "message",
                "The replica serving endpoint '" + endpoint + "' failed while answering; retry the request.");
        error.put("type", "server_error");
        error.put("param", null);
        error.put("code", null);
        try {
            out.write(("data: " + json.writeValueAsString(Map.of("error", error)) + "\n\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            log.info("endpoint {}: client went away before the stream's error event", endpoint);
        }
    }
}
