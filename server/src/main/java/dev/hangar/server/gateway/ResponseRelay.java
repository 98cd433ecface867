package dev.hangar.server.gateway;

import dev.hangar.server.endpoint.Replica;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Passes a replica's response to the client as it arrives: status, {@code Content-Type}, then the
 * body, flushed as it comes (an event stream event by event), so streamed tokens reach the client
 * when the replica sends them. On the way it notes what metering needs: when the first token
 * passed and the usage the replica reported. If the replica breaks off an event stream, the client
 * gets a last {@code data:} event with an OpenAI error (which the OpenAI SDKs raise) instead of a
 * stream that just stops; if the client goes away, the replica's response is dropped, which
 * cancels its work.
 */
@Component
class ResponseRelay {

    static final String REPLICA_HEADER = "x-hangar-replica";
    private static final List<String> RETRY_HEADERS = List.of("Retry-After", "retry-after-ms");

    private static final Logger log = LoggerFactory.getLogger(ResponseRelay.class);
    private static final String EVENT_STREAM = "text/event-stream";
    /** An event longer than this is passed on as it is, without looking into it. */
    private static final int MAX_EVENT_BYTES = 1 << 20;

    private final JsonMapper json;

    ResponseRelay(JsonMapper json) {
        this.json = json;
    }

    Relayed relay(
            String endpoint,
            Replica replica,
            RoutedRequest request,
            UpstreamResponse upstream,
            HttpServletResponse response)
            throws IOException {
        String contentType = upstream.contentType();
        boolean eventStream = contentType.startsWith(EVENT_STREAM);
        response.setStatus(upstream.status());
        response.setContentType(contentType);
        response.setHeader(REPLICA_HEADER, replica.id());
        // a replica's full queue (429) or a provider's limit says when to come back; the SDKs' retry waits that long
        for (String retry : RETRY_HEADERS) {
            upstream.header(retry).ifPresent(value -> response.setHeader(retry, value));
        }
        if (eventStream) {
            response.setHeader("Cache-Control", "no-cache");
        }
        Pass pass = eventStream
                ? new EventPass(response.getOutputStream(), request.usageAdded())
                : new PlainPass(response.getOutputStream(), upstream.status() < 300);
        InputStream in = upstream.body();
        byte[] buffer = new byte[8192];
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (IOException e) {
                log.warn("endpoint {}: replica {} broke off its answer: {}", endpoint, replica.id(), e.toString());
                if (eventStream) {
                    sendErrorEvent(response.getOutputStream(), endpoint);
                }
                return pass.result(upstream.status(), Relayed.Ending.REPLICA_FAILED);
            }
            try {
                if (n < 0) {
                    pass.finish();
                    return pass.result(upstream.status(), Relayed.Ending.COMPLETE);
                }
                pass.accept(buffer, n);
            } catch (IOException e) {
                log.info(
                        "endpoint {}: client went away during the answer of replica {}; cancelled it",
                        endpoint,
                        replica.id());
                return pass.result(upstream.status(), Relayed.Ending.CLIENT_GONE);
            }
        }
    }

    /** Moves the bytes of one answer to the client and notes what metering needs. */
    private abstract static class Pass {

        final OutputStream out;
        long firstTokenNanos;
        Optional<TokenUsage> usage = Optional.empty();
        long contentChunks;

        Pass(OutputStream out) {
            this.out = out;
        }

        abstract void accept(byte[] buffer, int length) throws IOException;

        void finish() throws IOException {}

        Relayed result(int status, Relayed.Ending ending) {
            return new Relayed(status, firstTokenNanos, usage, contentChunks, ending);
        }
    }

    /** Anything but an event stream: bytes on as they come; the usage read from them on the way. */
    private static final class PlainPass extends Pass {

        private final UsageScanner scanner;

        PlainPass(OutputStream out, boolean success) {
            super(out);
            this.scanner = success ? new UsageScanner() : null;
        }

        @Override
        void accept(byte[] buffer, int length) throws IOException {
            if (firstTokenNanos == 0) {
                firstTokenNanos = System.nanoTime();
            }
            if (scanner != null) {
                scanner.feed(buffer, 0, length);
            }
            out.write(buffer, 0, length);
            out.flush();
        }

        @Override
        Relayed result(int status, Relayed.Ending ending) {
            if (scanner != null) {
                usage = scanner.usage();
            }
            return super.result(status, ending);
        }
    }

    /**
     * An event stream, passed on event by event (each flushed as soon as its blank line arrives).
     * Each {@code data:} event is read for content and usage; the usage-only event is held back
     * when the gateway asked for it on the client's behalf.
     */
    private final class EventPass extends Pass {

        private final boolean hideUsageEvent;
        private final ByteArrayOutputStream event = new ByteArrayOutputStream(512);
        private boolean lineStart = true;

        EventPass(OutputStream out, boolean hideUsageEvent) {
            super(out);
            this.hideUsageEvent = hideUsageEvent;
        }

        @Override
        void accept(byte[] buffer, int length) throws IOException {
            int from = 0;
            for (int i = 0; i < length; i++) {
                byte b = buffer[i];
                if (b == '\n') {
                    boolean blankLine = lineStart;
                    lineStart = true;
                    if (blankLine) {
                        event.write(buffer, from, i + 1 - from);
                        from = i + 1;
                        endEvent();
                    }
                } else if (b != '\r') {
                    lineStart = false;
                }
            }
            event.write(buffer, from, length - from);
            if (event.size() > MAX_EVENT_BYTES) {
                event.writeTo(out);
                event.reset();
                out.flush();
            }
        }

        @Override
        void finish() throws IOException {
            if (event.size() > 0) {
                endEvent();
            }
        }

        private void endEvent() throws IOException {
            byte[] bytes = event.toByteArray();
            event.reset();
            if (inspect(bytes)) {
                out.write(bytes);
                out.flush();
            }
        }

        /** Notes content and usage; false for the event to hold back. */
        private boolean inspect(byte[] bytes) {
            String text = new String(bytes, StandardCharsets.UTF_8).strip();
            if (!text.startsWith("data:")) {
                return true;
            }
            String data = text.substring("data:".length()).strip();
            if (data.equals("[DONE]") || !data.startsWith("{")) {
                return true;
            }
            JsonNode chunk;
            try {
                chunk = json.readTree(data);
            } catch (JacksonException e) {
                return true;
            }
            JsonNode reported = chunk.path("usage");
            if (reported.isObject()) {
                usage = Optional.of(new TokenUsage(
                        reported.path("prompt_tokens").asLong(0),
                        reported.path("completion_tokens").asLong(0),
                        false));
            }
            JsonNode choices = chunk.path("choices");
            if (carriesContent(choices)) {
                contentChunks++;
                if (firstTokenNanos == 0) {
                    firstTokenNanos = System.nanoTime();
                }
            }
            return !(hideUsageEvent && reported.isObject() && choices.isEmpty());
        }

        private static boolean carriesContent(JsonNode choices) {
            for (JsonNode choice : choices) {
                JsonNode delta = choice.path("delta");
                if (!delta.path("content").asString("").isEmpty()
                        || !choice.path("text").asString("").isEmpty()
                        || delta.has("tool_calls")) {
                    return true;
                }
            }
            return false;
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
