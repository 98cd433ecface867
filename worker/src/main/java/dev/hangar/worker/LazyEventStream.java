package dev.hangar.worker;

import java.io.IOException;
import tools.jackson.databind.node.ObjectNode;

/**
 * An event stream that opens (status 200 and its first event) only when there is something to send, so that failures
 * before generation starts (queue full, bad grammar) are still ordinary error responses. The opening event leaves with
 * the first one sent, in one write: the first token reaches the client with the stream's head, not after it.
 */
final class LazyEventStream implements AutoCloseable {
    private final ApiCall call;
    private final ObjectNode opening;
    private SseStream stream;

    /** @param opening the event that opens the stream, e.g. the chat role chunk */
    LazyEventStream(ApiCall call, ObjectNode opening) {
        this.call = call;
        this.opening = opening;
    }

    void send(ObjectNode event) throws IOException {
        open().send(event);
    }

    /** Sends the last events and {@code [DONE]}, in one write. */
    void finish(ObjectNode... last) throws IOException {
        SseStream open = open();
        for (ObjectNode event : last) {
            open.queue(event);
        }
        open.done();
    }

    boolean isOpen() {
        return stream != null;
    }

    /** After the stream opened, an error can only travel as an event, which OpenAI's SDKs raise. */
    void fail(String message) throws IOException {
        stream.send(ApiCall.errorBody(call.json(), message, "server_error", null));
    }

    private SseStream open() throws IOException {
        if (stream == null) {
            stream = call.startEventStream();
            if (opening != null) {
                stream.queue(opening);
            }
        }
        return stream;
    }

    @Override
    public void close() throws IOException {
        if (stream != null) {
            stream.close();
        }
    }
}
