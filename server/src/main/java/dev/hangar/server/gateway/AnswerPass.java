package dev.hangar.server.gateway;

import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ErrorResponses;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Moves one replica's answer to the client as its bytes arrive and notes on the way what metering
 * needs: when the first token passed and the usage the replica reported. An event stream goes on
 * event by event (each flushed as soon as its blank line arrives), anything else as it comes. If
 * the replica breaks off an event stream, the client gets a last {@code data:} event with an
 * OpenAI error instead of a stream that just stops. The edge's {@link EdgeExchange} feeds it.
 */
abstract class AnswerPass {

    static final String REPLICA_HEADER = "x-hangar-replica";
    private static final List<String> RETRY_HEADERS = List.of("Retry-After", "retry-after-ms");
    private static final String EVENT_STREAM = "text/event-stream";
    /** An event longer than this is passed on as it is, without looking into it. */
    private static final int MAX_EVENT_BYTES = 1 << 20;

    /** Where a pass writes: what is written between two flushes leaves as one piece. */
    interface Sink {

        void write(byte[] bytes, int offset, int length);

        void flush();
    }

    final Sink out;
    long firstTokenNanos;
    Optional<TokenUsage> usage = Optional.empty();
    long contentChunks;

    private AnswerPass(Sink out) {
        this.out = out;
    }

    /** The pass for an answer of {@code contentType} and {@code status}, writing to {@code out}. */
    static AnswerPass of(String contentType, int status, RoutedRequest request, Sink out, JsonMapper json) {
        return isEventStream(contentType)
                ? new EventPass(out, request.usageAdded(), json)
                : new PlainPass(out, status < 300);
    }

    static boolean isEventStream(String contentType) {
        return contentType.startsWith(EVENT_STREAM);
    }

    /**
     * Sets the headers the client gets with a replica's answer: its content type, the replica that
     * answered, and the replica's (or provider's) {@code Retry-After} and {@code retry-after-ms}, so
     * that the SDKs' retry waits as long as the replica asked.
     */
    static void setHeaders(HttpHeaders answer, String contentType, String replicaId, HttpHeaders upstream) {
        answer.set("Content-Type", contentType).set(REPLICA_HEADER, replicaId);
        for (String retry : RETRY_HEADERS) {
            if (upstream.contains(retry)) {
                answer.set(retry, upstream.get(retry));
            }
        }
        if (isEventStream(contentType)) {
            answer.set("Cache-Control", "no-cache");
        }
    }

    abstract void accept(byte[] buffer, int offset, int length);

    void finish() {}

    Relayed result(int status, Relayed.Ending ending) {
        return new Relayed(status, firstTokenNanos, usage, contentChunks, ending);
    }

    /**
     * Ends a stream that the replica broke off with an OpenAI error event, which the SDKs raise,
     * instead of a stream that just stops; nothing for other answers.
     */
    void replicaBrokeOff(String endpoint) {}

    /** Anything but an event stream: bytes on as they come; the usage read from them on the way. */
    private static final class PlainPass extends AnswerPass {

        private final UsageScanner scanner;

        PlainPass(Sink out, boolean success) {
            super(out);
            this.scanner = success ? new UsageScanner() : null;
        }

        @Override
        void accept(byte[] buffer, int offset, int length) {
            if (firstTokenNanos == 0) {
                firstTokenNanos = System.nanoTime();
            }
            if (scanner != null) {
                scanner.feed(buffer, offset, length);
            }
            out.write(buffer, offset, length);
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
     * An event stream. Each {@code data:} event is read for content and usage; the usage-only
     * event is held back when the gateway asked for it on the client's behalf. An event that
     * arrives whole in one read is read and passed on from the read's own bytes; the pieces of
     * one that spans reads are gathered first.
     */
    private static final class EventPass extends AnswerPass {

        private final boolean hideUsageEvent;
        private final JsonMapper json;
        private final EventBuffer event = new EventBuffer();
        private boolean lineStart = true;

        EventPass(Sink out, boolean hideUsageEvent, JsonMapper json) {
            super(out);
            this.hideUsageEvent = hideUsageEvent;
            this.json = json;
        }

        @Override
        void accept(byte[] buffer, int offset, int length) {
            int from = offset;
            int end = offset + length;
            for (int i = offset; i < end; i++) {
                byte b = buffer[i];
                if (b == '\n') {
                    boolean blankLine = lineStart;
                    lineStart = true;
                    if (blankLine) {
                        if (event.size() == 0) {
                            endEvent(buffer, from, i + 1);
                        } else {
                            event.write(buffer, from, i + 1 - from);
                            endGatheredEvent();
                        }
                        from = i + 1;
                    }
                } else if (b != '\r') {
                    lineStart = false;
                }
            }
            event.write(buffer, from, end - from);
            if (event.size() > MAX_EVENT_BYTES) {
                out.write(event.bytes(), 0, event.size());
                event.reset();
                out.flush();
            }
        }

        @Override
        void finish() {
            if (event.size() > 0) {
                endGatheredEvent();
            }
        }

        @Override
        void replicaBrokeOff(String endpoint) {
            Map<String, Object> error = ErrorResponses.openAiError(
                    MessageCode.GATEWAY_REPLICA_BROKE_OFF.with("name", endpoint), "server_error");
            error.put("param", null);
            error.put("code", null);
            byte[] event = ("data: " + json.writeValueAsString(Map.of("error", error)) + "\n\n")
                    .getBytes(StandardCharsets.UTF_8);
            out.write(event, 0, event.length);
            out.flush();
        }

        private void endGatheredEvent() {
            endEvent(event.bytes(), 0, event.size());
            event.reset();
        }

        /** Notes the content and usage of the event in {@code bytes[from, to)} and passes it on, unless it is to be held back. */
        private void endEvent(byte[] bytes, int from, int to) {
            Optional<StreamChunk> chunk = StreamChunk.read(bytes, from, to);
            if (chunk.isPresent()) {
                StreamChunk read = chunk.get();
                if (read.usage().isPresent()) {
                    usage = read.usage();
                }
                if (read.content()) {
                    contentChunks++;
                    if (firstTokenNanos == 0) {
                        firstTokenNanos = System.nanoTime();
                    }
                }
                if (hideUsageEvent && read.usage().isPresent() && !read.hasChoices()) {
                    return;
                }
            }
            out.write(bytes, from, to - from);
            out.flush();
        }
    }

    /** The pieces of an event that spans reads, readable in place. */
    private static final class EventBuffer extends ByteArrayOutputStream {

        EventBuffer() {
            super(512);
        }

        byte[] bytes() {
            return buf;
        }
    }
}
