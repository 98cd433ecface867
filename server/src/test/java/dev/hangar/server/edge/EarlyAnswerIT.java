package dev.hangar.server.edge;

import static dev.hangar.server.support.RawAnswers.readAnswer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.support.ServerTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A request the console's API answers from its head alone (here refused for want of credentials)
 * before the client has sent its body, as HTTP clients that write the head and the body apart do:
 * the body still ends that request, and the next request on the same connection is answered.
 */
class EarlyAnswerIT extends ServerTest {

    @Test
    void theNextRequestOnTheConnectionIsAnsweredAfterAnEarlyRefusal() throws IOException {
        byte[] body = "{\"name\":\"early\"}".getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/api-keys HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();

            String refusal = readAnswer(socket.getInputStream());
            out.write(body);
            out.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();

            assertThat(refusal).as("the answer before the body").startsWith("HTTP/1.1 401");
            assertThat(readAnswer(socket.getInputStream()))
                    .as("the next request's answer")
                    .startsWith("HTTP/1.1 200");
        }
    }
}
