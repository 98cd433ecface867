package dev.hangar.server.gateway;

import dev.hangar.server.endpoint.Replica;
import dev.hangar.server.router.UpstreamResolver;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Sends a request's body to a replica (or a router endpoint's provider) over pooled keep-alive connections and answers the replica's
 * response with its body as a stream, so that the gateway can pass it on as it arrives. The calls
 * block: each request has its own virtual thread, so blocking costs no platform thread, and the
 * bytes move without hand-offs between threads.
 */
@Component
class ReplicaClient implements DisposableBean {

    /** A replica on a reachable host accepts at once; longer means it is gone. */
    static final Timeout CONNECT_TIMEOUT = Timeout.ofSeconds(2);

    /**
     * The longest silence while reading a replica's answer. A non-streamed answer starts only once
     * it is generated, so this bounds the longest generation, not a network delay.
     */
    static final Timeout READ_TIMEOUT = Timeout.ofMinutes(10);

    private final CloseableHttpClient replicas;
    private final CloseableHttpClient providers;

    ReplicaClient(UpstreamResolver providerAddresses) {
        this.replicas = client(SystemDefaultDnsResolver.INSTANCE);
        this.providers = client(providerAddresses);
    }

    private static CloseableHttpClient client(DnsResolver resolver) {
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(resolver)
                        .setMaxConnTotal(4096)
                        .setMaxConnPerRoute(1024)
                        // Without it, a body written after its headers waits for the replica's delayed ACK (40 ms).
                        .setDefaultSocketConfig(
                                SocketConfig.custom().setTcpNoDelay(true).build())
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(CONNECT_TIMEOUT)
                                .setSocketTimeout(READ_TIMEOUT)
                                .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                                .build())
                        .build())
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableContentCompression()
                .disableAuthCaching()
                .build();
    }

    /** Sends to the replica's own OpenAI API, with the replica's token. */
    UpstreamResponse send(Replica replica, RoutedRequest request) throws IOException {
        return send(replicas, replica.address() + "/v1", "Bearer " + replica.token(), request);
    }

    /**
     * Sends to an OpenAI-compatible base URL (a router endpoint's provider) with its
     * {@code Authorization} header, or none when {@code authorization} is null. The caller's own
     * headers, its Hangar key first of all, are never passed on. Only addresses the
     * {@link UpstreamResolver} permits are connected to.
     */
    UpstreamResponse send(String baseUrl, String authorization, RoutedRequest request) throws IOException {
        return send(providers, baseUrl, authorization, request);
    }

    private static UpstreamResponse send(
            CloseableHttpClient http, String baseUrl, String authorization, RoutedRequest request) throws IOException {
        HttpPost post = new HttpPost(baseUrl + request.kind().path());
        if (authorization != null) {
            post.setHeader("Authorization", authorization);
        }
        post.setEntity(new ByteArrayEntity(request.body(), ContentType.APPLICATION_JSON));
        ClassicHttpResponse response = http.executeOpen(null, post, null);
        return new Open(post, response);
    }

    @Override
    public void destroy() throws IOException {
        replicas.close();
        providers.close();
    }

    /** An answer being read; remembers whether its body was read to the end. */
    private static final class Open implements UpstreamResponse {

        private final HttpPost request;
        private final ClassicHttpResponse response;
        private final InputStream body;
        private boolean ended;

        Open(HttpPost request, ClassicHttpResponse response) throws IOException {
            this.request = request;
            this.response = response;
            HttpEntity entity = response.getEntity();
            InputStream content = entity == null ? InputStream.nullInputStream() : entity.getContent();
            this.body = new FilterInputStream(content) {
                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    ended |= n < 0;
                    return n;
                }
            };
        }

        @Override
        public int status() {
            return response.getCode();
        }

        @Override
        public String contentType() {
            Header header = response.getFirstHeader("Content-Type");
            return header == null ? "application/json" : header.getValue();
        }

        @Override
        public InputStream body() {
            return body;
        }

        @Override
        public Optional<String> header(String name) {
            return Optional.ofNullable(response.getFirstHeader(name)).map(Header::getValue);
        }

        @Override
        public void close() {
            if (!ended) {
                request.cancel();
            }
            try {
                response.close();
            } catch (IOException e) {
                // the connection is closed or back in the pool either way
            }
        }
    }
}
