package dev.hangar.server.gateway;

import dev.hangar.server.edge.EdgeTransport;
import dev.hangar.server.router.UpstreamResolver;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The edge's keep-alive connections to replicas and to router endpoints' providers, kept per event
 * loop: a request's upstream connection lives on the same thread as the client's connection, so
 * the bytes of an answer move from one socket to the other without a hand-off between threads. A
 * connection returns to its loop's pool when an answer has been read to the end; one idle for
 * {@link #IDLE_TICK} is closed (before the other side's own keep-alive timeout can close it under a
 * request). Requests leave as one buffer each, their head written from bytes kept per destination
 * and kind of request ({@link #post}); only answers are decoded. A provider is reached over TLS
 * when its URL says {@code https}, at addresses the {@link UpstreamResolver} permits, resolved off
 * the event loop ({@link OffLoopCalls}); the address checked is the one connected to.
 */
@Component
class ReplicaConnections implements Upstreams {

    /** How often a connection's silence is looked at: an idle pooled connection is closed after one tick. */
    static final Duration IDLE_TICK = Duration.ofSeconds(15);

    /** A replica or provider on a reachable host accepts at once; longer means it is gone. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    /**
     * The longest silence while reading an answer. A non-streamed answer starts only once it is
     * generated, so this bounds the longest generation, not a network delay.
     */
    static final Duration READ_TIMEOUT = Duration.ofMinutes(10);

    private static final byte[] END_OF_HEAD = {'\r', '\n', '\r', '\n'};

    /** Idle connections per loop, by base URL. */
    private final FastThreadLocal<Map<String, ArrayDeque<Channel>>> idle = new FastThreadLocal<>() {
        @Override
        protected Map<String, ArrayDeque<Channel>> initialValue() {
            return new HashMap<>();
        }
    };
    /** By base URL: a replica started again on the same port (another token) replaces its target. */
    private final Map<String, Target> targets = new ConcurrentHashMap<>();

    private final EdgeTransport transport;
    private final UpstreamResolver resolver;
    private final OffLoopCalls offLoop;
    private final SslContext tls;

    @Autowired
    ReplicaConnections(EdgeTransport transport, UpstreamResolver resolver, OffLoopCalls offLoop) {
        this(transport, resolver, offLoop, SslContextBuilder.forClient());
    }

    /** With {@code tls} trusting what it trusts (the system's certificate authorities outside tests); host names are verified. */
    ReplicaConnections(
            EdgeTransport transport, UpstreamResolver resolver, OffLoopCalls offLoop, SslContextBuilder tls) {
        this.transport = transport;
        this.resolver = resolver;
        this.offLoop = offLoop;
        try {
            this.tls = tls.endpointIdentificationAlgorithm("HTTPS").build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS for providers: " + e.getMessage(), e);
        }
    }

    /** A destination taken apart once: where to connect, and the head of a request of each kind. */
    private record Target(Destination destination, URI base, boolean tls, int port, Map<InferenceKind, byte[]> posts) {

        static Target of(Destination destination) {
            URI base = URI.create(destination.baseUrl());
            boolean tls = "https".equalsIgnoreCase(base.getScheme());
            int port = base.getPort() >= 0 ? base.getPort() : tls ? 443 : 80;
            return new Target(destination, base, tls, port, new ConcurrentHashMap<>());
        }

        /** The head of a POST of JSON for {@code kind} under the base path, up to its length's value. */
        byte[] postHead(InferenceKind kind) {
            return posts.computeIfAbsent(
                    kind,
                    k -> (head("POST", k.path()) + "\r\nContent-Type: application/json\r\nContent-Length: ")
                            .getBytes(StandardCharsets.US_ASCII));
        }

        /** The request line of {@code method} for {@code path} under the base path, with the headers every request has. */
        String head(String method, String path) {
            String authorization = destination.authorization();
            return method + " " + Objects.requireNonNullElse(base.getRawPath(), "") + path + " HTTP/1.1\r\nHost: "
                    + base.getRawAuthority() + (authorization == null ? "" : "\r\nAuthorization: " + authorization);
        }
    }

    @Override
    public void open(EventLoop loop, Destination destination, boolean fresh, Listener listener) {
        ArrayDeque<Channel> pooled = idle.get().get(destination.baseUrl());
        while (!fresh && pooled != null && !pooled.isEmpty()) {
            Channel channel = pooled.pollLast();
            if (channel.isActive()) {
                handler(channel).listener = listener;
                listener.connected(channel, true);
                return;
            }
        }
        Target target = target(destination);
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(transport.connected())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        if (target.tls()) {
                            channel.pipeline()
                                    .addLast(tls.newHandler(
                                            channel.alloc(), target.base().getHost(), target.port()));
                        }
                        channel.pipeline()
                                .addLast(new IdleStateHandler(IDLE_TICK.toSeconds(), 0, 0, TimeUnit.SECONDS))
                                .addLast(new HttpResponseDecoder())
                                .addLast(new Connection());
                    }
                });
        String host = target.base().getHost();
        if (!destination.provider()) {
            connect(bootstrap, new InetSocketAddress(host, target.port()), destination, listener);
            return;
        }
        offLoop.call(
                () -> {
                    try {
                        return resolver.resolve(host);
                    } catch (UnknownHostException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                loop,
                addresses ->
                        connect(bootstrap, new InetSocketAddress(addresses[0], target.port()), destination, listener),
                failure -> listener.failed(failure instanceof UncheckedIOException io ? io.getCause() : failure));
    }

    private void connect(Bootstrap bootstrap, InetSocketAddress address, Destination destination, Listener listener) {
        bootstrap.connect(address).addListener((ChannelFutureListener) connect -> {
            if (connect.isSuccess()) {
                Channel channel = connect.channel();
                channel.closeFuture().addListener(closed -> {
                    ArrayDeque<Channel> pool = idle.get().get(destination.baseUrl());
                    if (pool != null) {
                        pool.remove(channel);
                    }
                });
                handler(channel).listener = listener;
                listener.connected(channel, false);
            } else {
                listener.failed(connect.cause());
            }
        });
    }

    @Override
    public void release(Channel channel, Destination destination) {
        handler(channel).listener = null;
        if (!channel.isActive()) {
            return;
        }
        idle.get()
                .computeIfAbsent(destination.baseUrl(), d -> new ArrayDeque<>())
                .addLast(channel);
    }

    @Override
    public void discard(Channel channel) {
        handler(channel).listener = null;
        channel.close();
    }

    /**
     * Sends the request with its head and body in one buffer. A write that fails fails the
     * connection's exchange and closes it ({@link Connection#exceptionCaught}).
     */
    @Override
    public void post(Channel channel, Destination destination, InferenceKind kind, byte[] body) {
        byte[] head = target(destination).postHead(kind);
        String length = Integer.toString(body.length);
        ByteBuf request =
                channel.alloc().directBuffer(head.length + length.length() + END_OF_HEAD.length + body.length);
        request.writeBytes(head);
        request.writeCharSequence(length, StandardCharsets.US_ASCII);
        request.writeBytes(END_OF_HEAD).writeBytes(body);
        channel.writeAndFlush(request, channel.voidPromise());
    }

    /** Sends a GET of {@code path} under the destination's base URL, asking for JSON (a provider's check, not an inference). */
    void get(Channel channel, Destination destination, String path) {
        String head = target(destination).head("GET", path) + "\r\nAccept: application/json\r\n\r\n";
        channel.writeAndFlush(Unpooled.copiedBuffer(head, StandardCharsets.US_ASCII), channel.voidPromise());
    }

    private Target target(Destination destination) {
        return targets.compute(
                destination.baseUrl(),
                (url, known) ->
                        known != null && known.destination().equals(destination) ? known : Target.of(destination));
    }

    private static Connection handler(Channel channel) {
        return channel.pipeline().get(Connection.class);
    }

    /** Passes what a connection receives to its current listener; an idle one is closed. */
    private static final class Connection extends ChannelInboundHandlerAdapter {

        private static final long TICKS_TO_TIME_OUT = READ_TIMEOUT.toSeconds() / IDLE_TICK.toSeconds();

        private Listener listener;
        private long silentTicks;

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            silentTicks = 0;
            Listener current = listener;
            if (current == null) {
                ReferenceCountUtil.release(message);
                context.close();
                return;
            }
            if (message instanceof HttpResponse head) {
                current.response(head);
            }
            if (message instanceof HttpContent content) {
                if (listener == current) {
                    current.content(content);
                } else {
                    content.release();
                }
            } else if (!(message instanceof HttpResponse)) {
                ReferenceCountUtil.release(message);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext context) {
            Listener current = listener;
            if (current != null) {
                current.readComplete();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext context, Object event) {
            if (!(event instanceof IdleStateEvent)) {
                context.fireUserEventTriggered(event);
                return;
            }
            if (listener == null) {
                context.close();
            } else if (++silentTicks >= TICKS_TO_TIME_OUT) {
                fail(new IOException("the other side sent nothing for " + READ_TIMEOUT.toMinutes() + " minutes"));
                context.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            fail(new IOException("the connection was closed"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            fail(cause);
            context.close();
        }

        private void fail(Throwable cause) {
            Listener current = listener;
            listener = null;
            if (current != null) {
                current.failed(cause);
            }
        }
    }
}
