package dev.hangar.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.endpoint.Replica;
import dev.hangar.server.gateway.EdgeExchange.Phase;
import dev.hangar.server.gateway.Upstreams.Destination;
import dev.hangar.server.telemetry.GatewayRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.Mockito;

/**
 * The exchange's transitions, driven by hand: the client is an in-memory channel, the replicas (or
 * the provider) a fake {@link Upstreams} whose events the test sends. No sockets.
 */
class EdgeExchangeTest {

    private static final String USAGE_EVENT =
            "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":2,\"total_tokens\":9}}\n\n";
    private static final String CONTENT_EVENT = "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\n";

    private final Plans plans = new Plans();
    private final FakeUpstreams upstreams = new FakeUpstreams();
    private final EmbeddedChannel client =
            new EmbeddedChannel(new HttpResponseEncoder(), new ChannelInboundHandlerAdapter());
    private final ChannelHandlerContext context = client.pipeline().lastContext();
    private int done;
    private final EdgeExchange exchange = new EdgeExchange(
            context,
            new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/v1/chat/completions"),
            () -> done++,
            plans.planner,
            upstreams,
            Plans.JSON);

    private final Replica first = Plans.replica("rep-1", 8101);
    private final Replica second = Plans.replica("rep-2", 8102);

    @Test
    void anAnswerIsRelayedWithItsReplicaNamedAndTheConnectionGoesBackToThePool() {
        exchange.start(plans.local(false, first));
        assertThat(exchange.phase()).isEqualTo(Phase.AWAITING_ANSWER);
        assertThat(upstreams.posted).containsExactly("http://127.0.0.1:8101/v1 Bearer tok-rep-1");

        upstreams.answer(200, "application/json", "{\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}}", true);

        assertThat(exchange.phase()).isEqualTo(Phase.OVER);
        assertThat(sent())
                .startsWith("HTTP/1.1 200 OK")
                .contains("x-hangar-replica: rep-1")
                .contains("\"completion_tokens\":4");
        assertThat(upstreams.released).hasSize(1);
        assertThat(done).isOne();
        assertThat(metered().completionTokens()).isEqualTo(4);
    }

    @Test
    void aReplicaThatRefusesTheConnectionIsLeftForTheOtherBeforeTheClientSeesAByte() {
        upstreams.refuseNext = true;
        exchange.start(plans.local(false, first, second));
        String refused = upstreams.opened.getFirst().baseUrl();

        assertThat(exchange.phase()).isEqualTo(Phase.AWAITING_ANSWER);
        assertThat(upstreams.lastDestination().baseUrl()).isNotEqualTo(refused);
        assertThat(sent()).isEmpty();
        upstreams.answer(200, "application/json", "{}", true);
        assertThat(sent()).startsWith("HTTP/1.1 200 OK");
    }

    @Test
    void aFullReplicaIsLeftForTheOtherAndItsAnswerDropped() {
        exchange.start(plans.local(false, first, second));
        Channel full = upstreams.current;
        upstreams.listener.response(head(429, "application/json"));

        assertThat(upstreams.discarded).containsExactly(full);
        assertThat(upstreams.opened).hasSize(2);
        upstreams.answer(200, "application/json", "{}", true);
        // one answer reaches the client, the other replica's (not "429" anywhere: a request id may hold those digits)
        assertThat(sent().lines().filter(line -> line.startsWith("HTTP/"))).containsExactly("HTTP/1.1 200 OK");
    }

    @Test
    void theLastReplicasRetryAfterReachesTheClientAndItsOtherHeadersDoNot() {
        exchange.start(plans.local(false, first));
        DefaultHttpResponse full = head(429, "application/json");
        full.headers().set("Retry-After", "3").set("X-Internal", "secret").setInt("Content-Length", 2);
        upstreams.listener.response(full);
        upstreams.listener.content(new DefaultLastHttpContent(bytes("{}")));

        assertThat(sent())
                .startsWith("HTTP/1.1 429 Too Many Requests")
                .contains("Retry-After: 3")
                .doesNotContain("X-Internal");
    }

    @Test
    void whenNoReplicaAnswersTheClientGetsA503InOpenAisShapeSayingWhy() {
        exchange.start(plans.local(false, first, second));
        upstreams.listener.response(head(503, "application/json"));
        upstreams.listener.failed(new ConnectException("Connection refused"));

        assertThat(exchange.phase()).isEqualTo(Phase.OVER);
        assertThat(sent())
                .startsWith("HTTP/1.1 503 Service Unavailable")
                .contains("\"type\":\"api_error\"")
                .contains("could not be reached (java.net.ConnectException: Connection refused)");
        assertThat(done).isOne();
        assertThat(metered().status()).isEqualTo(503);
    }

    @Test
    void aPooledConnectionTheReplicaHadClosedIsTriedOnceMoreFreshOnTheSameReplica() {
        upstreams.reuse = true;
        exchange.start(plans.local(false, first, second));
        Destination pooled = upstreams.lastDestination();
        upstreams.reuse = false;
        upstreams.listener.failed(new IOException("the connection was closed"));

        assertThat(upstreams.lastDestination()).isEqualTo(pooled);
        assertThat(upstreams.fresh).containsExactly(false, true);
        upstreams.answer(200, "application/json", "{}", true);
        assertThat(sent()).startsWith("HTTP/1.1 200 OK").contains("x-hangar-replica: " + idOf(pooled));
    }

    @Test
    void aStreamTheReplicaBreaksOffEndsWithAnErrorEventAndIsMeteredAsABadGateway() {
        exchange.start(plans.local(true, first, second));
        upstreams.listener.response(head(200, "text/event-stream"));
        upstreams.listener.content(new DefaultHttpContent(bytes(CONTENT_EVENT)));
        upstreams.listener.readComplete();
        assertThat(exchange.phase()).isEqualTo(Phase.RELAYING);

        upstreams.listener.failed(new IOException("the connection was closed"));

        assertThat(exchange.phase()).isEqualTo(Phase.OVER);
        assertThat(upstreams.opened).as("no retry once the client has bytes").hasSize(1);
        assertThat(sent())
                .contains(CONTENT_EVENT)
                .contains("data: {\"error\":{\"message\":\"The replica serving endpoint 'chat' failed while answering;"
                        + " retry the request.\"");
        assertThat(metered().status()).isEqualTo(Metering.REPLICA_BROKE_OFF);
    }

    @Test
    void theUsageEventTheGatewayAskedForIsCountedButNotPassedOn() {
        exchange.start(plans.local(true, first));
        upstreams.listener.response(head(200, "text/event-stream"));
        upstreams.listener.content(new DefaultHttpContent(bytes(CONTENT_EVENT + USAGE_EVENT.substring(0, 20))));
        upstreams.listener.content(new DefaultLastHttpContent(bytes(USAGE_EVENT.substring(20) + "data: [DONE]\n\n")));

        assertThat(sent()).contains(CONTENT_EVENT).contains("data: [DONE]").doesNotContain("prompt_tokens");
        assertThat(metered().promptTokens()).isEqualTo(7);
        assertThat(metered().completionTokens()).isEqualTo(2);
    }

    @Test
    void aClientThatGoesAwayCancelsTheReplicasWork() {
        exchange.start(plans.local(true, first));
        upstreams.listener.response(head(200, "text/event-stream"));
        Channel upstream = upstreams.current;

        client.close();

        assertThat(exchange.phase()).isEqualTo(Phase.OVER);
        assertThat(upstreams.discarded).containsExactly(upstream);
        assertThat(done).as("no next request on a closed connection").isZero();
        assertThat(metered().status()).isEqualTo(Metering.CLIENT_CLOSED);
    }

    @Test
    void aProviderThatRefusesItsKeyIsABadGatewayNotRetriedAndItsKeyWentToItAlone() {
        exchange.start(plans.router(false));
        assertThat(upstreams.posted).containsExactly(Plans.PROVIDER_URL + " Bearer sk-provider");
        assertThat(upstreams.lastDestination().provider()).isTrue();

        upstreams.listener.response(head(401, "application/json"));

        assertThat(exchange.phase()).isEqualTo(Phase.OVER);
        assertThat(upstreams.opened).hasSize(1);
        assertThat(sent())
                .startsWith("HTTP/1.1 502 Bad Gateway")
                .contains("refused its API key (401)")
                .doesNotContain("sk-provider");
        assertThat(metered().status()).isEqualTo(502);
    }

    @Test
    void theTransitionsAllowedAreTheOnesTheExchangeMakes() {
        assertThat(Phase.ADMITTING.mayBecome(Phase.RELAYING)).isFalse();
        assertThat(Phase.AWAITING_ANSWER.mayBecome(Phase.CONNECTING))
                .as("a retry")
                .isTrue();
        assertThat(Phase.RELAYING.mayBecome(Phase.CONNECTING))
                .as("no retry after the first byte")
                .isFalse();
        assertThat(Phase.OVER.mayBecome(Phase.OVER)).isFalse();
    }

    private static String idOf(Destination destination) {
        return destination.baseUrl().endsWith(":8101/v1") ? "rep-1" : "rep-2";
    }

    private GatewayRequest metered() {
        ArgumentCaptor<GatewayRequest> recorded = ArgumentCaptor.forClass(GatewayRequest.class);
        Mockito.verify(plans.meter).record(recorded.capture());
        return recorded.getValue();
    }

    private String sent() {
        StringBuilder out = new StringBuilder();
        for (Object message = client.readOutbound(); message != null; message = client.readOutbound()) {
            ByteBuf bytes = (ByteBuf) message;
            out.append(bytes.toString(StandardCharsets.UTF_8));
            bytes.release();
        }
        return out.toString();
    }

    private static DefaultHttpResponse head(int status, String contentType) {
        DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
        head.headers().set("Content-Type", contentType);
        return head;
    }

    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }

    /** Connections that exist only as the events the test sends to the exchange's listener. */
    private static final class FakeUpstreams implements Upstreams {

        final List<Destination> opened = new ArrayList<>();
        final List<Boolean> fresh = new ArrayList<>();
        final List<String> posted = new ArrayList<>();
        final List<Channel> discarded = new ArrayList<>();
        final List<Channel> released = new ArrayList<>();
        boolean reuse;
        boolean refuseNext;
        Listener listener;
        Channel current;

        @Override
        public void open(EventLoop loop, Destination destination, boolean fresh, Listener listener) {
            opened.add(destination);
            this.fresh.add(fresh);
            this.listener = listener;
            if (refuseNext) {
                refuseNext = false;
                listener.failed(new ConnectException("Connection refused"));
                return;
            }
            current = new EmbeddedChannel();
            listener.connected(current, reuse);
        }

        @Override
        public void post(Channel channel, Destination destination, InferenceKind kind, byte[] body) {
            posted.add(destination.baseUrl() + " " + destination.authorization());
        }

        @Override
        public void release(Channel channel, Destination destination) {
            released.add(channel);
        }

        @Override
        public void discard(Channel channel) {
            discarded.add(channel);
        }

        Destination lastDestination() {
            return opened.getLast();
        }

        /** The current connection answers {@code status} with the whole {@code body}. */
        void answer(int status, String contentType, String body, boolean declareLength) {
            DefaultHttpResponse head = head(status, contentType);
            if (declareLength) {
                head.headers().setInt("Content-Length", body.getBytes(StandardCharsets.UTF_8).length);
            }
            listener.response(head);
            listener.content(new DefaultLastHttpContent(bytes(body)));
            listener.readComplete();
        }
    }
}
