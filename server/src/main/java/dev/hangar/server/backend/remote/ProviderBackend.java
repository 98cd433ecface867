package dev.hangar.server.backend.remote;

import dev.hangar.server.gateway.ProviderRequests;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.reconcile.ProviderHandle;
import dev.hangar.server.reconcile.ProviderLaunch;
import dev.hangar.server.reconcile.ReplicaBackend;
import dev.hangar.server.reconcile.ReplicaObservation;
import dev.hangar.server.router.UpstreamResolver;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves a router endpoint's one replica from a remote OpenAI-compatible provider. Its start is
 * the check of what can go wrong with a provider: its base URL answers {@code GET /models} with
 * the endpoint's key, and the model is among those it lists (a provider without {@code /models} is
 * accepted with a caveat). Nothing runs here, so there is nothing to stop, and a started provider
 * is assumed up: a provider that goes away later is what a request to it says. It is asked with the
 * gateway's client ({@link ProviderRequests}): only at addresses the {@link UpstreamResolver}
 * permits, never following a redirect. What a provider answers is never repeated
 * beyond its status code: its body is the provider's (or, on a mistaken URL, some other
 * service's) to keep.
 */
@Component
public class ProviderBackend implements ReplicaBackend<ProviderLaunch, ProviderHandle> {

    private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(15);
    private static final int MAX_LISTING_BYTES = 4 << 20;

    private final ProviderRequests requests;
    private final JsonMapper json;

    public ProviderBackend(ProviderRequests requests, JsonMapper json) {
        this.requests = requests;
        this.json = json;
    }

    /**
     * Verifies the provider and answers a handle whose address is its base URL.
     *
     * @throws IOException when the provider cannot serve the endpoint, saying why and what to change
     */
    @Override
    public ProviderHandle start(ProviderLaunch launch) throws IOException {
        String where = "the provider at " + launch.baseUrl();
        ProviderRequests.Answer answer;
        try {
            answer = requests.get(
                    launch.baseUrl(), "/models", launch.authorization(), VERIFY_TIMEOUT, MAX_LISTING_BYTES);
        } catch (UpstreamResolver.Refused e) {
            throw new IOException(where + " is refused: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IOException(
                    "could not reach " + where + ": "
                            + (e.getMessage() == null
                                    ? e.getClass().getSimpleName() + " (nothing answers there)"
                                    : e.toString()),
                    e);
        }
        int status = answer.status();
        if (status == 401 || status == 403) {
            throw new IOException(where + " refused "
                    + (launch.authorization() == null ? "a request without a key" : "the API key") + " (" + status
                    + "); set the right key with PATCH upstream.apiKey, then start it");
        }
        if (status == 404) {
            return new ProviderHandle(
                    launch.replicaId(),
                    launch.baseUrl(),
                    Optional.of(MessageCode.EVENT_PROVIDER_NO_MODEL_LIST.with(
                            "url", launch.baseUrl(), "model", launch.model())));
        }
        if (status / 100 != 2) {
            throw new IOException(where + " answered GET /models with " + status);
        }
        List<String> served = modelIds(answer.body());
        if (!served.isEmpty() && !served.contains(launch.model())) {
            throw new IOException(where + " does not serve model '" + launch.model() + "' (it lists "
                    + served.size() + " others); set upstream.model to one the provider lists at GET "
                    + launch.baseUrl() + "/models");
        }
        return new ProviderHandle(launch.replicaId(), launch.baseUrl(), Optional.empty());
    }

    /**
     * Assumed up: a provider that stops answering is what the requests sent to it say. How long it
     * has been serving is not ours to know (it is checked once, at its start), so its age is none.
     */
    @Override
    public ReplicaObservation observe(ProviderHandle handle) {
        return ReplicaObservation.running(Duration.ZERO);
    }

    /** Never completes: no process of ours ends. */
    @Override
    public CompletableFuture<?> exited(ProviderHandle handle) {
        return new CompletableFuture<>();
    }

    /** Nothing runs here to stop; the replica stops being routed to. */
    @Override
    public void stop(ProviderHandle handle, Duration grace) {}

    @Override
    public void maintain(ProviderHandle handle) {}

    /** The {@code data[].id} of an OpenAI model list; empty when the body is not one. */
    private List<String> modelIds(byte[] body) {
        List<String> ids = new ArrayList<>();
        try {
            for (JsonNode model : json.readTree(body).path("data")) {
                if (model.path("id").isString()) {
                    ids.add(model.path("id").asString());
                }
            }
        } catch (JacksonException e) {
            return List.of();
        }
        return ids;
    }
}
