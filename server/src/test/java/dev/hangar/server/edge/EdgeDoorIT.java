package dev.hangar.server.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.Deployments;
import dev.hangar.server.support.ServerTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The gateway's door, tried as a client without a good key would: it is refused from the request's
 * head, before its body is read, and nothing it does makes an event loop wait for the database.
 */
@Import(EdgeDoorIT.DatabaseThreads.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EdgeDoorIT extends ServerTest {

    private static final Duration DEPLOY = Duration.ofSeconds(90);

    private ApiClient owner;
    private String name;
    private String endpointId;

    /** Records the name of every thread that takes a database connection. */
    @TestConfiguration
    static class DatabaseThreads {

        static final Set<String> NAMES = ConcurrentHashMap.newKeySet();

        @Bean
        static BeanPostProcessor recordDatabaseThreads() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    if (!(bean instanceof DataSource dataSource) || bean instanceof DelegatingDataSource) {
                        return bean;
                    }
                    return new DelegatingDataSource(dataSource) {
                        @Override
                        public Connection getConnection() throws SQLException {
                            NAMES.add(Thread.currentThread().getName());
                            return super.getConnection();
                        }

                        @Override
                        public Connection getConnection(String username, String password) throws SQLException {
                            NAMES.add(Thread.currentThread().getName());
                            return super.getConnection(username, password);
                        }
                    };
                }
            };
        }
    }

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

    @Test
    void noEdgeThreadEverCallsTheDatabase() {
        // a key's first use: not in the key cache yet
        ApiClient fresh = owner.withKey(owner.postJson("/api/v1/api-keys", "{\"name\":\"" + unique("fresh") + "\"}")
                .json()
                .get("key")
                .asString());
        assertThat(fresh.postJson("/v1/completions", completion(name)).status()).isEqualTo(200);
        // unknown keys, the same one twice and others
        String junk = "hgr_junk-" + unique("k");
        for (String key : new String[] {junk, junk, "hgr_junk-" + unique("k")}) {
            assertThat(anonymous()
                            .withKey(key)
                            .postJson("/v1/completions", completion(name))
                            .status())
                    .isEqualTo(401);
        }
        // a key with a monthly quota: its month's usage is counted in memory, never read on the request's way
        ApiClient quota = owner.withKey(owner.postJson(
                        "/api/v1/api-keys",
                        "{\"name\":\"" + unique("quota") + "\",\"limits\":{\"monthlyTokens\":100000}}")
                .json()
                .get("key")
                .asString());
        assertThat(quota.postJson("/v1/completions", completion(name)).status()).isEqualTo(200);
        // a routing change: the routing table is read again on the next request
        assertThat(owner.patchJson("/api/v1/endpoints/" + endpointId, "{\"visibility\":\"public\"}")
                        .status())
                .isEqualTo(200);
        assertThat(fresh.postJson("/v1/completions", completion(name)).status()).isEqualTo(200);
        assertThat(owner.patchJson("/api/v1/endpoints/" + endpointId, "{\"visibility\":\"private\"}")
                        .status())
                .isEqualTo(200);
        assertThat(quota.postJson("/v1/completions", completion(name)).status()).isEqualTo(200);

        assertThat(DatabaseThreads.NAMES)
                .as("threads that took a database connection")
                .isNotEmpty();
        assertThat(DatabaseThreads.NAMES).noneMatch(thread -> thread.startsWith("edge"));
    }

    private static byte[] head(String authorization, long contentLength, boolean expectContinue) {
        return ("POST /v1/completions HTTP/1.1\r\nHost: x\r\nAuthorization: " + authorization
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + contentLength + "\r\n"
                        + (expectContinue ? "Expect: 100-continue\r\n" : "") + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** One answer: its head, and its body when it declares a length. */
    private static String readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        while (!read.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            read.write(b);
        }
        String head = read.toString(StandardCharsets.ISO_8859_1);
        int length = head.lines()
                .filter(line -> line.toLowerCase().startsWith("content-length:"))
                .map(line ->
                        Integer.parseInt(line.substring(line.indexOf(':') + 1).trim()))
                .findFirst()
                .orElse(0);
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static String completion(String model) {
        return "{\"model\":\"" + model + "\",\"prompt\":\"Hi\",\"max_tokens\":1}";
    }
}
