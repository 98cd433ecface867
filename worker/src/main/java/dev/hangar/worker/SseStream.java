package dev.hangar.worker;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A server-sent-event stream in OpenAI's framing: {@code data: <json>} events, ended by {@code data: [DONE]}. Every
 * event is flushed at once, so a client that has gone shows up as an {@link IOException} on the next token.
 */
public final class SseStream implements AutoCloseable {
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final JsonMapper json;

    SseStream(OutputStream out, JsonMapper json) {
        this.out = out;
        this.json = json;
    }

    public void send(JsonNode event) throws IOException {
        out.write("data: ".getBytes(StandardCharsets.US_ASCII));
        out.write(json.writeValueAsBytes(event));
        out.write('\n');
        out.write('\n');
        out.flush();
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
