package dev.hangar.worker;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A server-sent-event stream in OpenAI's framing: {@code data: <json>} events, ended by {@code data: [DONE]}. An event
 * {@linkplain #send sent} leaves at once with those {@linkplain #queue queued} before it (events made at the same moment
 * leave in one write), so a client that has gone shows up as an {@link IOException} on the next token.
 */
public final class SseStream implements AutoCloseable {
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final JsonMapper json;

    SseStream(OutputStream out, JsonMapper json) {
        this.out = out;
        this.json = json;
    }

    /** Sends {@code event}, and any queued before it, now. */
    public void send(JsonNode event) throws IOException {
        queue(event);
        out.flush();
    }

    /** Writes {@code event} to leave with the next one sent. */
    public void queue(JsonNode event) throws IOException {
        out.write(DATA);
        out.write(json.writeValueAsBytes(event));
        out.write('\n');
        out.write('\n');
    }

    public void done() throws IOException {
        out.write(DONE);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
