package dev.hangar.server.gateway;

import dev.hangar.server.endpoint.Replica;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Sends a request's original body to a replica with the JDK {@link HttpClient} and answers the
 * replica's response with its body as a stream, so that the gateway can pass it on as it arrives.
 * Closing that stream before its end cancels the request on the replica's side.
 */
@Component
class ReplicaClient {

    /** A replica on a reachable host accepts at once; longer means it is gone. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    /**
     * How long a replica may take before its response starts. A non-streamed answer starts only once
     * it is generated, so this bounds the longest generation, not a network delay.
     */
    static final Duration RESPONSE_TIMEOUT = Duration.ofMinutes(10);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();

    HttpResponse<InputStream> send(Replica replica, RoutedRequest request) throws IOException {
        HttpRequest upstream = HttpRequest.newBuilder(
                        URI.create(replica.address() + request.kind().path()))
                .timeout(RESPONSE_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()))
                .build();
        try {
            return http.send(upstream, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for replica " + replica.id());
        }
    }
}
