package dev.hangar.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.hangar.server.edge.EdgeTransport;
import dev.hangar.server.gateway.Upstreams.Destination;
import dev.hangar.server.router.UpstreamResolver;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Providers over TLS through the pooled connections: the request reaches a provider whose
 * certificate is trusted, with the provider's key; one whose certificate is not trusted gets
 * nothing, and neither does a host the router rules refuse.
 */
class ReplicaConnectionsTest {

    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, EdgeTransport.NIO.handlers());
    private final OffLoopCalls offLoop = new OffLoopCalls();
    private final UpstreamResolver resolver = mock(UpstreamResolver.class);
    private final List<String> received = new CopyOnWriteArrayList<>();
    private Channel provider;

    @AfterEach
    void stop() throws Exception {
        if (provider != null) {
            provider.close().sync();
        }
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        offLoop.close();
    }

    @Test
    void aTrustedProviderGetsTheRequestWithItsKeyOverTls() throws Exception {
        when(resolver.resolve("localhost")).thenReturn(new InetAddress[] {InetAddress.getLoopbackAddress()});
        int port = startProvider();
        ReplicaConnections connections = new ReplicaConnections(
                EdgeTransport.NIO,
                resolver,
                offLoop,
                SslContextBuilder.forClient().trustManager(resource("localhost-cert.pem")));

        String answer = send(connections, new Destination("https://localhost:" + port + "/v1", "Bearer sk-p", true));

        assertThat(answer).isEqualTo("200 {\"ok\":true}");
        assertThat(received).containsExactly("POST /v1/chat/completions Bearer sk-p {\"model\":\"m\"}");
    }

    @Test
    void aProviderWhoseCertificateIsNotTrustedGetsNothing() throws Exception {
        when(resolver.resolve("localhost")).thenReturn(new InetAddress[] {InetAddress.getLoopbackAddress()});
        int port = startProvider();
        ReplicaConnections connections = new ReplicaConnections(EdgeTransport.NIO, resolver, offLoop);

        String answer = send(connections, new Destination("https://localhost:" + port + "/v1", "Bearer sk-p", true));

        assertThat(answer).startsWith("failed").contains("SSLHandshakeException");
        assertThat(received).isEmpty();
    }

    @Test
    void aHostTheRouterRulesRefuseIsNotConnectedTo() throws Exception {
        when(resolver.resolve("localhost")).thenThrow(new UnknownHostException("127.0.0.1 is a loopback address"));
        int port = startProvider();
        ReplicaConnections connections = new ReplicaConnections(EdgeTransport.NIO, resolver, offLoop);

        String answer = send(connections, new Destination("https://localhost:" + port + "/v1", "Bearer sk-p", true));

        assertThat(answer).startsWith("failed").contains("127.0.0.1 is a loopback address");
        assertThat(received).isEmpty();
    }

    /** Posts a chat request and answers "status body", or "failed cause". */
    private String send(ReplicaConnections connections, Destination destination) throws Exception {
        CompletableFuture<String> answer = new CompletableFuture<>();
        StringBuilder body = new StringBuilder();
        int[] status = new int[1];
        loops.next()
                .execute(() -> connections.open(loops.next(), destination, false, new Upstreams.Listener() {
                    @Override
                    public void connected(Channel channel, boolean reused) {
                        connections.post(channel, destination, InferenceKind.CHAT, "{\"model\":\"m\"}".getBytes());
                    }

                    @Override
                    public void response(HttpResponse head) {
                        status[0] = head.status().code();
                    }

                    @Override
                    public void content(HttpContent content) {
                        body.append(content.content().toString(StandardCharsets.UTF_8));
                        if (content instanceof LastHttpContent) {
                            answer.complete(status[0] + " " + body);
                        }
                        content.release();
                    }

                    @Override
                    public void failed(Throwable cause) {
                        answer.complete("failed " + cause);
                    }
                }));
        return answer.get(30, TimeUnit.SECONDS);
    }

    private int startProvider() throws Exception {
        SslContext tls = SslContextBuilder.forServer(resource("localhost-cert.pem"), resource("localhost-key.pem"))
                .build();
        provider = new ServerBootstrap()
                .group(loops)
                .channel(EdgeTransport.NIO.listening())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline()
                                .addLast(tls.newHandler(channel.alloc()))
                                .addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 16))
                                .addLast(new SimpleChannelInboundHandler<FullHttpRequest>() {
                                    @Override
                                    protected void channelRead0(
                                            ChannelHandlerContext context, FullHttpRequest request) {
                                        received.add(request.method() + " " + request.uri() + " "
                                                + request.headers().get("Authorization") + " "
                                                + request.content().toString(StandardCharsets.UTF_8));
                                        byte[] ok = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
                                        DefaultFullHttpResponse response = new DefaultFullHttpResponse(
                                                HttpVersion.HTTP_1_1,
                                                HttpResponseStatus.OK,
                                                Unpooled.wrappedBuffer(ok));
                                        response.headers().setInt("Content-Length", ok.length);
                                        context.writeAndFlush(response);
                                    }
                                });
                    }
                })
                .bind(InetAddress.getLoopbackAddress(), 0)
                .sync()
                .channel();
        return ((java.net.InetSocketAddress) provider.localAddress()).getPort();
    }

    private static File resource(String name) throws URISyntaxException {
        return new File(ReplicaConnectionsTest.class.getResource("/tls/" + name).toURI());
    }
}
