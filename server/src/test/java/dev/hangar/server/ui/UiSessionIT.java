package dev.hangar.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.ServerTest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The web UI sends several calls at once with its session cookie; all of them must be recognised. */
class UiSessionIT extends ServerTest {

    @Test
    void parallelCallsOfOneSessionAllSucceedAndKeepTheSession() {
        ApiClient browser = loggedInUser(unique("ui-parallel"));

        List<CompletableFuture<ApiClient.Response>> calls = IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.supplyAsync(
                        () -> browser.get(i % 2 == 0 ? "/api/v1/auth/me" : "/api/v1/endpoints")))
                .toList();

        for (var call : calls) {
            ApiClient.Response response = call.join();
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            assertThat(response.raw().headers().firstValue("Set-Cookie")).isEmpty();
        }
        assertThat(browser.get("/api/v1/auth/me").status()).isEqualTo(200);
    }
}
