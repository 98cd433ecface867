package dev.hangar.server.gateway;

import dev.hangar.server.edge.EdgeTransport;
import dev.hangar.server.endpoint.Replica;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
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
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * The edge's keep-alive connections to replicas, kept per event loop: a request's connection to its
 * replica lives on the same thread as the client's connection, so the bytes of an answer move from
 * one socket to the other without a hand-off between threads. A connection returns to its loop's
 * pool when an answer has been read to the end; one idle for {@link #IDLE_TICK} is closed (before
 * the replica's own keep-alive timeout can close it under a request). Requests leave as one buffer
 * each, their head written from bytes kept per replica and kind of request ({@link #post}); only
 * answers are decoded.
 */
@Component
class ReplicaConnections {

    /** How often a connection's silence is looked at: an idle pooled connection is closed after one tick. */
    static final Duration IDLE_TICK = Duration.ofSeconds(15);

    private final FastThreadLocal<Map<String, ArrayDeque<Channel>>> idle = new FastThreadLocal<>() {
        @Override
        protected Map<String, ArrayDeque<Channel>> initialValue() {
            return new HashMap<>();
        }
    };
    private final Map<String, Target> targets = new ConcurrentHashMap<>();
    private final EdgeTransport transport;

    ReplicaConnections(EdgeTransport transport) {
        this.transport = transport;
    }

    private static final byte[] END_OF_HEAD = {'\r', '\n', '\r', '\n'};

    /**
     * A replica's base address taken apart once: where to connect, and the head of a request of each kind, with the
     * token of the replica that listens there now (a replica started again on the same port has another).
     */
    static final class Target {

        private final InetSocketAddress socket;
        private final String authority;
        private final String basePath;
        private final String token;
        private final Map<InferenceKind, byte[]> postHeads = new ConcurrentHashMap<>();

        Target(URI address, String token) {
            this.socket = new InetSocketAddress(address.getHost(), address.getPort() < 0 ? 80 : address.getPort());
            this.authority = address.getRawAuthority();
            this.basePath = address.getRawPath() == null ? "" : address.getRawPath();
            this.token = token;
        }

        /** The head of a POST of JSON for {@code kind} (under the replica's base path and /v1), up to its length's value. */
        byte[] postHead(InferenceKind kind) {
            return postHeads.computeIfAbsent(
                    kind,
                    k -> ("POST " + basePath + "/v1" + k.path() + " HTTP/1.1\r\nHost: " + authority
                                    + "\r\nAuthorization: Bearer " + token
                                    + "\r\nContent-Type: application/json\r\nContent-Length: ")
                            .getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** What an exchange hears from its replica connection. */
    interface Listener {

        void connected(Channel channel, boolean reused);

        void unreachable(Throwable cause);

        void response(HttpResponse head);

        /** A part of the body; the listener releases it. */
        void content(HttpContent content);

        /** The end of one read from the connection: what its parts brought can leave in one write. */
        void readComplete();

        /** The connection failed or closed before the answer ended. */
        void failed(Throwable cause);
    }

    /**
     * A connection to {@code address} (a replica's base address, {@code http://host:port}) on
     * {@code loop}, reused from the pool unless {@code fresh}; the answer goes to {@code listener}.
     * Runs on {@code loop}.
     */
    void open(EventLoop loop, String address, boolean fresh, Listener listener) {
        ArrayDeque<Channel> pooled = idle.get().get(address);
        while (!fresh && pooled != null && !pooled.isEmpty()) {
            Channel channel = pooled.pollLast();
            if (channel.isActive()) {
                handler(channel).listener = listener;
                listener.connected(channel, true);
                return;
            }
        }
        new Bootstrap()
                .group(loop)
                .channel(transport.connected())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) ReplicaClient.CONNECT_TIMEOUT.toMilliseconds())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline()
                                .addLast(new IdleStateHandler(IDLE_TICK.toSeconds(), 0, 0, TimeUnit.SECONDS))
                                .addLast(new HttpResponseDecoder())
                                .addLast(new Connection());
                    }
                })
                .connect(socket(address))
                .addListener((ChannelFutureListener) connect -> {
                    if (connect.isSuccess()) {
                        Channel channel = connect.channel();
                        channel.closeFuture().addListener(closed -> {
                            ArrayDeque<Channel> pool = idle.get().get(address);
                            if (pool != null) {
                                pool.remove(channel);
                            }
                        });
                        handler(channel).listener = listener;
                        listener.connected(channel, false);
                    } else {
                        listener.unreachable(connect.cause());
                    }
                });
    }

    /** Gives a connection whose answer was read to the end back to its loop's pool. Runs on its loop. */
    void release(Channel channel, String address) {
        handler(channel).listener = null;
        if (!channel.isActive()) {
            return;
        }
        idle.get().computeIfAbsent(address, a -> new ArrayDeque<>()).addLast(channel);
    }

    /** Closes a connection whose answer is not wanted; its listener hears nothing more. */
    void discard(Channel channel) {
        handler(channel).listener = null;
        channel.close();
    }

    /**
     * Sends a request of {@code kind} with {@code body} (JSON) to the replica's {@code /v1} with its token, head and
     * body in one buffer. A write that fails fails the connection's exchange and closes it
     * ({@link Connection#exceptionCaught}).
     */
    void post(Channel channel, Replica replica, InferenceKind kind, byte[] body) {
        byte[] head = target(replica.address(), replica.token()).postHead(kind);
        String length = Integer.toString(body.length);
        ByteBuf request =
                channel.alloc().directBuffer(head.length + length.length() + END_OF_HEAD.length + body.length);
        request.writeBytes(head);
        request.writeCharSequence(length, StandardCharsets.US_ASCII);
        request.writeBytes(END_OF_HEAD).writeBytes(body);
        channel.writeAndFlush(request, channel.voidPromise());
    }

    private Target target(String address, String token) {
        return targets.compute(
                address,
                (a, known) -> known != null && known.token.equals(token) ? known : new Target(URI.create(a), token));
    }

    private InetSocketAddress socket(String address) {
        Target known = targets.get(address);
        if (known != null) {
            return known.socket;
        }
        URI uri = URI.create(address);
        return new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort());
    }

    private static Connection handler(Channel channel) {
        return channel.pipeline().get(Connection.class);
    }

    /** Passes what a connection receives to its current listener; an idle one is closed. */
    private static final class Connection extends ChannelInboundHandlerAdapter {

        private static final long TICKS_TO_TIME_OUT = ReplicaClient.READ_TIMEOUT.toSeconds() / IDLE_TICK.toSeconds();

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
                fail(new IOException(
                        "the replica sent nothing for " + ReplicaClient.READ_TIMEOUT.toMinutes() + " minutes"));
                context.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            fail(new IOException("the replica closed the connection"));
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
