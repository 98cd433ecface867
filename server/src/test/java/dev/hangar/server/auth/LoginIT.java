package dev.hangar.server.auth;

import static dev.hangar.server.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.ServerTest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** Password guessing is slowed by username and by client address; passwords bcrypt cannot hash are a 400. */
class LoginIT extends ServerTest {

    private static final String SEVENTY_THREE_BYTES = "é".repeat(36) + "x";

    @Test
    void loginIsThrottledAfterRepeatedFailures() {
        String name = unique("guessed");
        String password = createUser(name);
        ApiClient attacker = anonymous().from(anotherAddress());

        ApiClient.Response answer = null;
        int failures = 0;
        while (failures < 10) {
            answer = login(attacker, name, "wrong-" + failures);
            if (answer.status() != 401) {
                break;
            }
            failures++;
        }

        assertThat(failures).as("failures answered 401 before throttling").isEqualTo(5);
        assertProblem(answer, 429, "rate-limit-exceeded");
        assertThat(answer.raw().headers().firstValue("Retry-After"))
                .hasValueSatisfying(
                        seconds -> assertThat(Long.parseLong(seconds)).isPositive());
        assertThat(login(attacker, name, password).status())
                .as("even the right password waits")
                .isEqualTo(429);
        assertThat(login(anonymous().from(anotherAddress()), name, password).status())
                .as("the user is throttled from every address")
                .isEqualTo(429);
    }

    @Test
    void loginIsThrottledPerClientAddress() {
        ApiClient sprayer = anonymous().from(anotherAddress());
        String name = unique("sprayed");
        String password = createUser(name);

        for (int i = 0; i < 20; i++) {
            assertThat(login(sprayer, unique("nobody"), "guess").status()).isEqualTo(401);
        }

        assertProblem(login(sprayer, name, password), 429, "rate-limit-exceeded");
        assertThat(login(anonymous().from(anotherAddress()), name, password).status())
                .as("another client address logs in")
                .isEqualTo(200);
    }

    @Test
    void aSeventyThreeBytePasswordIsA400() {
        String name = unique("long");
        createUser(name);
        ApiClient client = anonymous().from(anotherAddress());

        assertProblem(login(client, unique("unknown"), SEVENTY_THREE_BYTES), 400, "validation");
        assertProblem(login(client, name, SEVENTY_THREE_BYTES), 400, "validation");
        assertProblem(
                admin().postJson(
                                "/api/v1/users",
                                "{\"username\":\"" + unique("new") + "\",\"password\":\"" + SEVENTY_THREE_BYTES
                                        + "\",\"role\":\"user\"}"),
                400,
                "validation");
    }

    private String createUser(String name) {
        String password = "pw-" + UUID.randomUUID();
        var created = admin().postJson(
                        "/api/v1/users",
                        "{\"username\":\"" + name + "\",\"password\":\"" + password + "\",\"role\":\"user\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return password;
    }

    private static ApiClient.Response login(ApiClient client, String name, String password) {
        return client.postJson(
                "/api/v1/auth/login", "{\"username\":\"" + name + "\",\"password\":\"" + password + "\"}");
    }

    /** A loopback address other than 127.0.0.1, so each test is a client of its own. */
    private static InetAddress anotherAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try {
            return InetAddress.getByAddress(new byte[] {
                127, (byte) random.nextInt(1, 255), (byte) random.nextInt(0, 256), (byte) random.nextInt(1, 255)
            });
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
