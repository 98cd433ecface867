package dev.hangar.server.edge;

import dev.hangar.server.home.HangarProperties;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.GracefulShutdownCallback;
import org.springframework.boot.web.server.GracefulShutdownResult;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.WebServerException;

/**
 * Hangar's listener: an event-loop HTTP server (HTTPS with a configured certificate) on the public
 * port that answers the {@link EdgeRoutes} itself and passes every other request to the servlet container, which listens on a
 * loopback port of its own. The servlet container keeps what it is good at (the management API,
 * sessions, the UI, the API docs); the gateway's hot path skips its per-request machinery.
 */
final class EdgeWebServer implements WebServer {

    private static final Logger log = LoggerFactory.getLogger(EdgeWebServer.class);

    /** A connection that sends nothing for this long between requests, or in the middle of one, is closed. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    private static final Duration DRAIN_POLL = Duration.ofMillis(50);
    private static final int MAX_INITIAL_LINE = 8192;
    private static final int MAX_HEADER_SIZE = 16384;
    private static final int MAX_CHUNK_SIZE = 65536;

    private final WebServer container;
    private final InetAddress address;
    private final int port;
    private final Supplier<EdgeRoutes<?>> routes;
    private final EdgeForwarding forwarding;
    private final HangarProperties.Edge settings;
    private final EdgeTransport transport;
    private EventLoopGroup group;
    private Channel listener;
    private ChannelGroup connections;
    private int boundPort = -1;
    private final AtomicInteger serving = new AtomicInteger();

    EdgeWebServer(
            WebServer container,
            InetAddress address,
            int port,
            Supplier<EdgeRoutes<?>> routes,
            EdgeForwarding forwarding,
            HangarProperties.Edge settings,
            EdgeTransport transport) {
        this.container = container;
        this.address = address;
        this.port = port;
        this.routes = routes;
        this.forwarding = forwarding;
        this.settings = settings;
        this.transport = transport;
    }

    @Override
    public synchronized void start() throws WebServerException {
        if (listener != null) {
            return;
        }
        Optional<SslContext> tls = settings.tls().map(EdgeTls::serverContext);
        UnauthenticatedConnections unauthenticated =
                new UnauthenticatedConnections(settings.maxUnauthenticatedConnections());
        container.start();
        InetSocketAddress containerAddress =
                new InetSocketAddress(InetAddress.getLoopbackAddress(), container.getPort());
        EdgeRoutes<?> edgeRoutes = routes.get();
        group = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("edge"), transport.handlers());
        connections = new DefaultChannelGroup("edge-connections", GlobalEventExecutor.INSTANCE);
        InetSocketAddress bindTo = address == null ? new InetSocketAddress(port) : new InetSocketAddress(address, port);
        try {
            listener = new ServerBootstrap()
                    .group(group)
                    .channel(transport.listening())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            if (!unauthenticated.tryOpen()) {
                                log.debug(
                                        "edge: {} connections without a good API key are open; closing {}",
                                        settings.maxUnauthenticatedConnections(),
                                        channel.remoteAddress());
                                channel.close();
                                return;
                            }
                            connections.add(channel);
                            LingeringClose closing = new LingeringClose();
                            tls.ifPresent(context -> channel.pipeline().addLast(context.newHandler(channel.alloc())));
                            channel.pipeline()
                                    .addLast(closing)
                                    .addLast(new IdleStateHandler(IDLE_TIMEOUT.toSeconds(), 0, 0, TimeUnit.SECONDS))
                                    .addLast(new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, MAX_CHUNK_SIZE))
                                    .addLast(new HttpServerKeepAliveHandler())
                                    .addLast(new EdgeConnection<>(
                                            edgeRoutes,
                                            containerAddress,
                                            serving,
                                            closing,
                                            forwarding,
                                            unauthenticated,
                                            transport));
                        }
                    })
                    .bind(bindTo)
                    .syncUninterruptibly()
                    .channel();
        } catch (Exception e) { // the bind's BindException arrives undeclared
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            container.stop();
            if (e instanceof BindException) {
                throw new PortInUseException(port, e);
            }
            throw new WebServerException("Could not listen on " + bindTo, e);
        }
        boundPort = ((InetSocketAddress) listener.localAddress()).getPort();
        log.debug("edge listening on {}, servlet container on {}", listener.localAddress(), containerAddress);
    }

    @Override
    public synchronized void stop() throws WebServerException {
        if (listener != null) {
            listener.close().syncUninterruptibly();
            connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            listener = null;
        }
        container.stop();
    }

    /** The public port: the one clients use. */
    @Override
    public int getPort() {
        return boundPort >= 0 ? boundPort : port;
    }

    /**
     * Stops accepting connections, then lets the servlet container and the routes finish the
     * requests they are answering (Spring bounds the wait: {@code spring.lifecycle.timeout-per-shutdown-phase}).
     */
    @Override
    public void shutDownGracefully(GracefulShutdownCallback callback) {
        synchronized (this) {
            if (listener != null) {
                listener.close().syncUninterruptibly();
            }
        }
        container.shutDownGracefully(result -> Thread.ofVirtual()
                .name("edge-drain")
                .start(() -> {
                    while (serving.get() > 0) {
                        try {
                            Thread.sleep(DRAIN_POLL);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            break;
                        }
                    }
                    callback.shutdownComplete(result == null ? GracefulShutdownResult.IMMEDIATE : result);
                }));
    }

    @Override
    public void destroy() {
        stop();
        container.destroy();
    }
}
