package dev.hangar.server.gateway;

import dev.hangar.server.edge.EdgeTransport;
import dev.hangar.server.gateway.Upstreams.Destination;
import dev.hangar.server.router.UpstreamResolver;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

/**
 * Single requests to a router endpoint's provider from outside the data path (the provider
 * backend's check), with the gateway's own client ({@link ReplicaConnections}): at addresses the
 * {@link UpstreamResolver} permits, resolved off any event loop, the address checked being the one
 * connected to; TLS with verified host names; no redirects. The connections live on one event
 * loop of its own, so that a check works whether or not the edge listens. {@link #get} waits for
 * the answer: a caller on an event loop must not call it.
 */
@Component
public class ProviderRequests implements AutoCloseable {

    /** A provider's answer: its status and the first bytes of its body, at most as many as asked for. */
    public record Answer(int status, byte[] body) {}

    private final OffLoopCalls lookups = new OffLoopCalls();
    private final ReplicaConnections connections;
    private final EventLoopGroup loops;

    public ProviderRequests(EdgeTransport transport, UpstreamResolver resolver) {
        this.connections = new ReplicaConnections(transport, resolver, lookups);
        this.loops =
                new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("provider-requests"), transport.handlers());
    }

    /**
     * {@code GET path} under {@code baseUrl} with {@code authorization} (null for none), asking for JSON.
     *
     * @throws UpstreamResolver.Refused when the provider's host resolves to an address routers may not reach
     * @throws IOException when it cannot be reached, fails, or does not answer within {@code timeout}
     */
    public Answer get(String baseUrl, String path, String authorization, Duration timeout, int maxBytes)
            throws IOException {
        Destination destination = new Destination(baseUrl, authorization, true);
        EventLoop loop = loops.next();
        Exchange exchange = new Exchange(destination, path, maxBytes);
        loop.execute(() -> connections.open(loop, destination, true, exchange));
        try {
            return exchange.answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("no answer within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the provider");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } finally {
            loop.execute(exchange::close);
        }
    }

    @Override
    public void close() throws InterruptedException {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        lookups.close();
    }

    /** One request's life on the loop: connected, sent, its answer collected up to the limit, then the connection closed. */
    private final class Exchange implements Upstreams.Listener {

        final CompletableFuture<Answer> answer = new CompletableFuture<>();
        private final Destination destination;
        private final String path;
        private final int maxBytes;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private Channel channel;
        private int status;

        Exchange(Destination destination, String path, int maxBytes) {
            this.destination = destination;
            this.path = path;
            this.maxBytes = maxBytes;
        }

        @Override
        public void connected(Channel channel, boolean reused) {
            this.channel = channel;
            connections.get(channel, destination, path);
        }

        @Override
        public void response(HttpResponse head) {
            status = head.status().code();
        }

        @Override
        public void content(HttpContent content) {
            try {
                ByteBuf bytes = content.content();
                byte[] taken = new byte[Math.min(bytes.readableBytes(), maxBytes - body.size())];
                bytes.readBytes(taken);
                body.write(taken, 0, taken.length);
                if (content instanceof LastHttpContent || body.size() >= maxBytes) {
                    answer.complete(new Answer(status, body.toByteArray()));
                    close();
                }
            } finally {
                content.release();
            }
        }

        @Override
        public void failed(Throwable cause) {
            answer.completeExceptionally(cause);
        }

        /** Closes the connection unless it is closed already; the answer is not wanted (any more). */
        void close() {
            if (channel != null && channel.isActive()) {
                connections.discard(channel);
            }
            channel = null;
        }
    }
}
