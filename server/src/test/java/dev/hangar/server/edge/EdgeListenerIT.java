package dev.hangar.server.edge;

import static dev.hangar.server.support.RawAnswers.readHead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hangar.server.support.RunningServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public port's own settings, each on a server of its own: the cap on keyless connections, HTTPS. */
class EdgeListenerIT {

    private static final String UNKNOWN_MODEL = "{\"model\":\"no-such-model\",\"prompt\":\"Hi\",\"max_tokens\":1}";

    @Test
    void unauthenticatedConnectionsAreCapped(@TempDir Path home) throws IOException {
        try (RunningServer server =
                        RunningServer.start(home, Map.of("hangar.edge.max-unauthenticated-connections", 3));
                Socket first = connect(server);
                Socket second = connect(server);
                Socket third = connect(server)) {
            String key = server.read("admin-api-key");

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                try (Socket fourth = connect(server)) {
                    assertThat(closedByServer(fourth))
                            .as("a fourth connection without a key")
                            .isTrue();
                }
            });

            // a good key takes the first connection out of the count: there is room for one more
            first.getOutputStream().write(completion(key));
            assertThat(readHead(first.getInputStream())).startsWith("HTTP/1.1 404");
            try (Socket late = connect(server)) {
                late.getOutputStream().write(completion(key));
                assertThat(readHead(late.getInputStream())).startsWith("HTTP/1.1 404");
            }
            assertThat(closedByServer(second))
                    .as("connections within the cap stay open")
                    .isFalse();
        }
    }

    @Test
    void hangarServesHttpsWithAConfiguredCertificate(@TempDir Path home) throws Exception {
        Path certificate = resource("/tls/localhost-cert.pem");
        Path privateKey = resource("/tls/localhost-key.pem");
        try (RunningServer server = RunningServer.start(
                home, Map.of("hangar.edge.tls-cert", certificate, "hangar.edge.tls-key", privateKey))) {
            String key = server.read("admin-api-key");
            HttpClient client = HttpClient.newBuilder()
                    .sslContext(trusting(certificate))
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            String secure = "https://localhost:" + server.port();

            HttpResponse<String> me = client.send(
                    HttpRequest.newBuilder(URI.create(secure + "/api/v1/auth/me"))
                            .header("Authorization", "Bearer " + key)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> inference = client.send(
                    HttpRequest.newBuilder(URI.create(secure + "/v1/completions"))
                            .header("Authorization", "Bearer " + key)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(UNKNOWN_MODEL))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
            assertThat(me.body()).contains("admin");
            assertThat(inference.statusCode()).as(inference.body()).isEqualTo(404);
            assertThat(inference.body()).contains("model_not_found");
            assertThatThrownBy(() -> HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/health"))
                                            .timeout(Duration.ofSeconds(10))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString()))
                    .as("plain HTTP on the HTTPS port")
                    .isInstanceOf(IOException.class);
        }
    }

    private static Socket connect(RunningServer server) throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(2_000);
        return socket;
    }

    /** Whether the server closed the connection (end of stream or reset) rather than kept it open. */
    private static boolean closedByServer(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    private static byte[] completion(String key) {
        byte[] body = UNKNOWN_MODEL.getBytes(StandardCharsets.UTF_8);
        return ("POST /v1/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n"
                        + UNKNOWN_MODEL)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(EdgeListenerIT.class.getResource(name).toURI());
    }

    private static SSLContext trusting(Path certificate) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trusted.setCertificateEntry(
                    "hangar", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
