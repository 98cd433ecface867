package dev.hangar.server.edge;

import static dev.hangar.server.support.RawAnswers.readAnswer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.Deployments;
import dev.hangar.server.support.ServerTest;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The gateway's door, tried as a client without a good key would: it is refused from the request's
 * head, before its body is read ({@code NoDatabaseOnEventLoopsIT} shows that no event loop waits for
 * the database meanwhile).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EdgeDoorIT extends ServerTest {

    private static final Duration DEPLOY = Duration.ofSeconds(90);

    private ApiClient owner;
    private String name;
    private String endpointId;

    @BeforeAll
    void deployAnEndpoint() {
        owner = userWithKey(unique("door-owner"));
        String modelId = Deployments.readyTinyGguf(owner, SOURCES, unique("door-tiny"));
        name = unique("door-chat");
        var created = owner.postJson(
                "/api/v1/endpoints",
                "{\"name\":\"" + name + "\",\"model\":\"" + modelId + "\",\"minReplicas\":1,\"maxReplicas\":1,"
                        + "\"engineArgs\":{\"ctx-size\":512}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        endpointId = created.json().get("id").asString();
        Deployments.awaitState(owner, endpointId, DEPLOY, "Running");
    }

    @AfterAll
    void deleteTheEndpoint() {
        if (endpointId != null) {
            assertThat(owner.delete("/api/v1/endpoints/" + endpointId).status()).isEqualTo(204);
        }
    }

    @Test
    void aBadKeyIsRefusedBeforeTheBodyArrives() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            // 30 MB announced (under the body limit), not one byte of it sent
            socket.getOutputStream().write(head("Bearer hgr_junk-" + unique("k"), 30_000_000, false));

            String answer = readAnswer(socket.getInputStream());

            assertThat(answer).startsWith("HTTP/1.1 401").contains("authentication_error");
            assertThat(answer.toLowerCase()).contains("connection: close");
        }
    }

    @Test
    void noContinueForABadKey() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head("Bearer hgr_junk-" + unique("k"), 1_000_000, true));

            String answer = readAnswer(socket.getInputStream());

            assertThat(answer).as("the first answer").startsWith("HTTP/1.1 401").doesNotContain("100 Continue");
        }
    }

    @Test
    void aGoodKeyIsToldToContinueAndServed() throws IOException {
        byte[] body = completion(name).getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(head("Bearer " + owner.apiKey(), body.length, true));
            assertThat(readAnswer(socket.getInputStream())).startsWith("HTTP/1.1 100 Continue");

            socket.getOutputStream().write(body);

            assertThat(readAnswer(socket.getInputStream())).startsWith("HTTP/1.1 200");
        }
    }

    private static byte[] head(String authorization, long contentLength, boolean expectContinue) {
        return ("POST /v1/completions HTTP/1.1\r\nHost: x\r\nAuthorization: " + authorization
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + contentLength + "\r\n"
                        + (expectContinue ? "Expect: 100-continue\r\n" : "") + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static String completion(String model) {
        return "{\"model\":\"" + model + "\",\"prompt\":\"Hi\",\"max_tokens\":1}";
    }
}
