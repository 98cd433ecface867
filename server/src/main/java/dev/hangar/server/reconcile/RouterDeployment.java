package dev.hangar.server.reconcile;

import dev.hangar.server.core.IdGenerator;
import dev.hangar.server.endpoint.DeploymentStep;
import dev.hangar.server.endpoint.Endpoint;
import dev.hangar.server.endpoint.EndpointRepository;
import dev.hangar.server.endpoint.EndpointState;
import dev.hangar.server.endpoint.EventLevel;
import dev.hangar.server.endpoint.Replica;
import dev.hangar.server.endpoint.ReplicaRepository;
import dev.hangar.server.endpoint.ReplicaState;
import dev.hangar.server.endpoint.Upstream;
import dev.hangar.server.home.CredentialCipher;
import dev.hangar.server.home.HangarHome;
import dev.hangar.server.router.UpstreamResolver;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Brings a router endpoint to Running. It has no files, weights or process, so those steps pass
 * at once saying so; what is checked is what can go wrong with a provider: its stored key can be
 * decrypted, its base URL answers {@code GET /models} with that key, and the model is among those
 * it lists (a provider without {@code /models} is accepted with a warning). The one replica slot
 * then stands for the provider and is ready; the gateway forwards to the endpoint's upstream.
 * Connections go only to addresses the {@link UpstreamResolver} permits, and what a provider
 * answers is never repeated beyond its status code: its body is the provider's (or, on a
 * mistaken URL, some other service's) to keep.
 */
@Component
class RouterDeployment implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RouterDeployment.class);
    private static final Timeout VERIFY_TIMEOUT = Timeout.ofSeconds(15);
    private static final int MAX_LISTING_BYTES = 4 << 20;

    private final EndpointRepository endpoints;
    private final ReplicaRepository replicas;
    private final CredentialCipher cipher;
    private final JsonMapper json;
    private final IdGenerator ids;
    private final HangarHome home;
    private final Clock clock;
    private final CloseableHttpClient http;

    RouterDeployment(
            EndpointRepository endpoints,
            ReplicaRepository replicas,
            CredentialCipher cipher,
            JsonMapper json,
            IdGenerator ids,
            HangarHome home,
            UpstreamResolver resolver,
            Clock clock) {
        this.endpoints = endpoints;
        this.replicas = replicas;
        this.cipher = cipher;
        this.json = json;
        this.ids = ids;
        this.home = home;
        this.clock = clock;
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(resolver)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(VERIFY_TIMEOUT)
                                .setSocketTimeout(VERIFY_TIMEOUT)
                                .build())
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .build();
    }

    @Override
    public void destroy() throws IOException {
        http.close();
    }

    Decision run(EndpointRepository.Row row) {
        Endpoint endpoint = row.endpoint();
        Upstream upstream = endpoint.upstream();
        ProgressTracker progress = new ProgressTracker(endpoints, row, clock);
        progress.begin(DeploymentStep.VALIDATE);
        if (upstream == null) {
            return progress.fail(
                    DeploymentStep.VALIDATE,
                    EndpointState.BUILDING_FAILED,
                    "the router endpoint has no upstream; delete it and create it again");
        }
        String authorization;
        try {
            authorization = row.upstreamAuthorization(cipher).orElse(null);
        } catch (IllegalStateException e) {
            return progress.fail(
                    DeploymentStep.VALIDATE,
                    EndpointState.BUILDING_FAILED,
                    e.getMessage() + "; set the provider key again (PATCH with upstream.apiKey), then start it");
        }
        progress.complete(DeploymentStep.VALIDATE, "router to model " + upstream.model() + " at " + upstream.baseUrl());
        progress.begin(DeploymentStep.FETCH_MODEL);
        progress.complete(DeploymentStep.FETCH_MODEL, "nothing to fetch: the provider serves the model");
        progress.begin(DeploymentStep.LOAD);
        progress.complete(DeploymentStep.LOAD, "nothing to load: the provider holds the weights");
        progress.begin(DeploymentStep.PREPARE);
        Replica slot = slot(endpoint, upstream);
        progress.complete(DeploymentStep.PREPARE, "replica " + slot.id() + " stands for the provider");
        progress.begin(DeploymentStep.START_SERVER);
        progress.complete(DeploymentStep.START_SERVER, "no server to start: requests go to " + upstream.baseUrl());

        progress.begin(DeploymentStep.VERIFY);
        Optional<String> problem = verify(endpoint, upstream, authorization);
        if (problem.isPresent()) {
            return progress.fail(DeploymentStep.VERIFY, EndpointState.DEPLOY_FAILED, problem.get());
        }
        progress.complete(DeploymentStep.VERIFY, "the provider answered with the endpoint's key");
        if (!replicas.ready(slot.id(), clock.instant())) {
            return progress.fail(
                    DeploymentStep.VERIFY,
                    EndpointState.DEPLOY_FAILED,
                    "the provider's replica slot was stopped or removed meanwhile");
        }
        log.info(
                "router endpoint {} ({}) is Running: model {} at {}",
                endpoint.name(),
                endpoint.id(),
                upstream.model(),
                upstream.baseUrl());
        return progress.running("forwarding to model " + upstream.model() + " at " + upstream.baseUrl());
    }

    /** The endpoint's one slot, created on its first deployment; it keeps its id, so usage stays on one replica. */
    private Replica slot(Endpoint endpoint, Upstream upstream) {
        List<Replica> existing = replicas.of(endpoint.id());
        if (!existing.isEmpty()) {
            Replica slot = existing.getFirst();
            if (slot.state() == ReplicaState.READY) {
                // not routed to again until the provider has been verified for this deployment
                replicas.stopped(slot.id(), null);
            }
            return slot;
        }
        String id = ids.next("rep");
        String logFile = home.endpointsDirectory()
                .resolve(endpoint.id())
                .resolve(id + ".log")
                .toString();
        replicas.insert(id, endpoint.id(), 0, URI.create(upstream.baseUrl()).getHost(), logFile, clock.instant());
        return replicas.of(endpoint.id()).getFirst();
    }

    /** Empty when the provider answers its model list with the key and lists the model (or has no list). */
    private Optional<String> verify(Endpoint endpoint, Upstream upstream, String authorization) {
        HttpGet request = new HttpGet(upstream.baseUrl() + "/models");
        request.setHeader("Accept", "application/json");
        if (authorization != null) {
            request.setHeader("Authorization", authorization);
        }
        int status;
        byte[] body;
        try (ClassicHttpResponse response = http.executeOpen(null, request, null)) {
            status = response.getCode();
            HttpEntity entity = response.getEntity();
            try (InputStream in = entity == null ? InputStream.nullInputStream() : entity.getContent()) {
                body = in.readNBytes(MAX_LISTING_BYTES);
            }
        } catch (UpstreamResolver.Refused e) {
            return Optional.of("the provider at " + upstream.baseUrl() + " is refused: " + e.getMessage());
        } catch (IOException e) {
            return Optional.of("could not reach the provider at " + upstream.baseUrl() + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() + " (nothing answers there)" : e));
        }
        String where = "the provider at " + upstream.baseUrl();
        if (status == 401 || status == 403) {
            return Optional.of(where + " refused " + (authorization == null ? "a request without a key" : "the API key")
                    + " (" + status + "); set the right key with PATCH upstream.apiKey, then start it");
        }
        if (status == 404) {
            endpoints.recordEvent(
                    endpoint.id(),
                    EventLevel.WARNING,
                    null,
                    where + " has no /models list (404); the model name " + upstream.model() + " is not checked",
                    clock.instant());
            return Optional.empty();
        }
        if (status / 100 != 2) {
            return Optional.of(where + " answered GET /models with " + status);
        }
        List<String> served = modelIds(body);
        if (!served.isEmpty() && !served.contains(upstream.model())) {
            return Optional.of(where + " does not serve model '" + upstream.model() + "' (it lists " + served.size()
                    + " others); set upstream.model to one the provider lists at GET " + upstream.baseUrl()
                    + "/models");
        }
        return Optional.empty();
    }

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
