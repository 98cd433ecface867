package dev.hangar.server.backend.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangar.server.edge.EdgeTransport;
import dev.hangar.server.gateway.ProviderRequests;
import dev.hangar.server.message.Message;
import dev.hangar.server.reconcile.ProviderHandle;
import dev.hangar.server.reconcile.ProviderLaunch;
import dev.hangar.server.router.UpstreamResolver;
import dev.hangar.server.support.Settings;
import dev.hangar.server.support.StandInProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** A router endpoint's replica is started by checking its provider: a stand-in provider on this machine. */
class ProviderBackendTest {

    private static final String KEY = "sk-provider";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final StandInProvider provider = new StandInProvider(KEY, List.of("gpt-small", "gpt-large"));
    private final ProviderRequests requests = requests(Map.of("hangar.routers.allowed-hosts", "localhost"));
    private final ProviderBackend backend = new ProviderBackend(requests, JSON);

    ProviderBackendTest() throws IOException {}

    @AfterEach
    void close() throws InterruptedException {
        provider.close();
        requests.close();
    }

    @Test
    void aProviderThatListsTheModelForTheKeyIsStartedAtItsBaseUrl() throws IOException {
        ProviderHandle handle = backend.start(launch(provider.baseUrl(), "gpt-large", "Bearer " + KEY));

        assertThat(handle.address()).isEqualTo(provider.baseUrl());
        assertThat(handle.replicaId()).isEqualTo("rep_1");
        assertThat(handle.caveat()).isEmpty();
        assertThat(provider.received()).singleElement().satisfies(sent -> {
            assertThat(sent.method() + " " + sent.path()).isEqualTo("GET /v1/models");
            assertThat(sent.authorization()).isEqualTo("Bearer " + KEY);
        });
        assertThat(backend.observe(handle).alive())
                .as("a started provider is assumed up")
                .isTrue();
        assertThat(backend.exited(handle)).isNotDone();
    }

    @Test
    void aRefusedKeyOrNoKeyIsSaidWithoutRepeatingTheKey() {
        assertThatThrownBy(() -> backend.start(launch(provider.baseUrl(), "gpt-large", "Bearer sk-wrong")))
                .isInstanceOf(IOException.class)
                .hasMessage("the provider at " + provider.baseUrl()
                        + " refused the API key (401); set the right key with PATCH upstream.apiKey, then start it");
        assertThatThrownBy(() -> backend.start(launch(provider.baseUrl(), "gpt-large", null)))
                .hasMessageStartingWith(
                        "the provider at " + provider.baseUrl() + " refused a request without a key (401)");
    }

    @Test
    void aModelTheProviderDoesNotListIsRefusedNamingWhereToLook() {
        assertThatThrownBy(() -> backend.start(launch(provider.baseUrl(), "gpt-nonexistent", "Bearer " + KEY)))
                .hasMessage("the provider at " + provider.baseUrl() + " does not serve model 'gpt-nonexistent'"
                        + " (it lists 2 others); set upstream.model to one the provider lists at GET "
                        + provider.baseUrl() + "/models");
    }

    @Test
    void aProviderWithoutAModelListIsStartedWithACaveat() throws IOException {
        String elsewhere = provider.baseUrl().replace("/v1", "/unlisted");

        ProviderHandle handle = backend.start(launch(elsewhere, "gpt-large", "Bearer " + KEY));

        assertThat(handle.address()).isEqualTo(elsewhere);
        assertThat(handle.caveat().map(Message::text))
                .contains("the provider at " + elsewhere
                        + " has no /models list (404); the model name gpt-large is not checked");
    }

    @Test
    void aProviderThatDoesNotAnswerCannotBeReached() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String gone = "http://localhost:" + closedPort + "/v1";

        assertThatThrownBy(() -> backend.start(launch(gone, "gpt-large", "Bearer " + KEY)))
                .hasMessageStartingWith("could not reach the provider at " + gone + ": ");
    }

    @Test
    void anAddressRoutersMayNotReachIsNeverConnectedTo() throws InterruptedException {
        try (ProviderRequests strict = requests(Map.of())) {
            assertThatThrownBy(() -> new ProviderBackend(strict, JSON)
                            .start(launch(provider.baseUrl(), "gpt-large", "Bearer " + KEY)))
                    .hasMessageStartingWith("the provider at " + provider.baseUrl() + " is refused: ")
                    .hasMessageContaining("loopback")
                    .hasMessageContaining("HANGAR_ROUTER_ALLOWED_HOSTS");
        }
        assertThat(provider.received())
                .as("nothing was sent to the refused address")
                .isEmpty();
    }

    private static ProviderLaunch launch(String baseUrl, String model, String authorization) {
        return new ProviderLaunch("rep_1", baseUrl, model, authorization);
    }

    private static ProviderRequests requests(Map<String, ?> settings) {
        return new ProviderRequests(EdgeTransport.NIO, new UpstreamResolver(Settings.hangar(settings)));
    }
}
