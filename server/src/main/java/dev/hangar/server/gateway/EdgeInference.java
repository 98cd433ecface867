package dev.hangar.server.gateway;

import dev.hangar.server.auth.ApiKeyChecker;
import dev.hangar.server.auth.AuthenticatedUser;
import dev.hangar.server.auth.BrowserSessions;
import dev.hangar.server.auth.CrossSiteRequests;
import dev.hangar.server.auth.KeyAdvice;
import dev.hangar.server.edge.ContainerSessions;
import dev.hangar.server.edge.EdgeRoutes;
import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ProblemType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.ssl.SslHandler;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's data plane, the one way OpenAI inference calls are served: every caller (an API
 * key, or a browser session found by its cookie) and every endpoint (replicas of its own, or a
 * router endpoint's provider). A call is authenticated from its head (the key caches, or the
 * database off the loop) before its body is read, then checked, routed and relayed on the edge's
 * event loop, without the servlet container, the security filter chain or a thread per request.
 * {@link InferenceApi} describes the calls for the API's description.
 */
@Component
class EdgeInference implements EdgeRoutes<AuthenticatedUser> {

    private static final String BEARER = "Bearer ";
    private static final Map<String, InferenceKind> KINDS = Map.of(
            "/v1/chat/completions", InferenceKind.CHAT,
            "/v1/completions", InferenceKind.COMPLETION,
            "/v1/embeddings", InferenceKind.EMBEDDING,
            "/v1/rerank", InferenceKind.RERANK);

    private final ApiKeyChecker keys;
    private final ContainerSessions containerSessions;
    private final BrowserSessions browserSessions;
    private final KeyAdvice advice;
    private final RoutePlanner planner;
    private final RoutingTable table;
    private final Upstreams upstreams;
    private final JsonMapper json;
    private final OffLoopCalls offLoop;
    private final long bodyLimit;

    EdgeInference(
            ApiKeyChecker keys,
            ContainerSessions containerSessions,
            BrowserSessions browserSessions,
            KeyAdvice advice,
            RoutePlanner planner,
            RoutingTable table,
            ReplicaConnections upstreams,
            JsonMapper json,
            OffLoopCalls offLoop,
            HangarProperties properties) {
        this.keys = keys;
        this.containerSessions = containerSessions;
        this.browserSessions = browserSessions;
        this.advice = advice;
        this.offLoop = offLoop;
        this.planner = planner;
        this.table = table;
        this.upstreams = upstreams;
        this.json = json;
        this.bodyLimit = properties.api().maxGatewayBodySize().toBytes();
    }

    @Override
    public boolean claims(HttpRequest head) {
        return KINDS.containsKey(path(head));
    }

    @Override
    public long bodyLimit() {
        return bodyLimit;
    }

    /**
     * A {@code Bearer} key when the request has an {@code Authorization} header (a wrong one is
     * refused even when a session exists); else the session its cookie names, when the request is
     * not another site's page writing with it ({@link CrossSiteRequests}).
     */
    @Override
    public void authenticate(
            ChannelHandlerContext context, HttpRequest head, Consumer<AuthenticatedUser> admitted, Runnable refused) {
        HttpHeaders headers = head.headers();
        String header = headers.get(HttpHeaderNames.AUTHORIZATION);
        Consumer<RuntimeException> refuse =
                failure -> exchange(context, head, refused).refuseAndClose(failure);
        if (header == null) {
            session(context, head, admitted, refuse);
            return;
        }
        if (header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            refuse.accept(new ApiException(ProblemType.UNAUTHORIZED, advice.add(MessageCode.AUTH_BAD_HEADER.with())));
            return;
        }
        String key = header.substring(BEARER.length()).trim();
        Consumer<ApiKeyChecker.Check> decide = check -> {
            switch (check) {
                case ApiKeyChecker.Check.Valid valid -> admitted.accept(valid.user());
                case ApiKeyChecker.Check.Invalid invalid ->
                    refuse.accept(new ApiException(ProblemType.UNAUTHORIZED, advice.add(invalid.reason())));
            }
        };
        Optional<ApiKeyChecker.Check> cached = keys.checkCached(key);
        if (cached.isPresent()) {
            decide.accept(cached.get());
            return;
        }
        offLoop.call(() -> keys.check(key), context.channel().eventLoop(), decide, refuse);
    }

    private void session(
            ChannelHandlerContext context,
            HttpRequest head,
            Consumer<AuthenticatedUser> admitted,
            Consumer<RuntimeException> refuse) {
        HttpHeaders headers = head.headers();
        String scheme = context.pipeline().get(SslHandler.class) == null ? "http" : "https";
        if (CrossSiteRequests.isCrossSiteWrite(
                head.method().name(),
                headers.get("Sec-Fetch-Site"),
                headers.get(HttpHeaderNames.ORIGIN),
                scheme + "://" + headers.get(HttpHeaderNames.HOST))) {
            refuse.accept(new ApiException(ProblemType.FORBIDDEN, MessageCode.AUTH_CROSS_SITE.with()));
            return;
        }
        String cookies = headers.get(HttpHeaderNames.COOKIE);
        RuntimeException noCredentials =
                new ApiException(ProblemType.UNAUTHORIZED, advice.add(MessageCode.AUTH_NEEDS_CREDENTIALS.with()));
        if (cookies == null) {
            refuse.accept(noCredentials);
            return;
        }
        offLoop.call(
                () -> containerSessions.find(cookies).flatMap(browserSessions::user),
                context.channel().eventLoop(),
                user -> user.ifPresentOrElse(admitted, () -> refuse.accept(noCredentials)),
                refuse);
    }

    @Override
    public void refuse(ChannelHandlerContext context, HttpRequest head, RuntimeException refusal, Runnable done) {
        exchange(context, head, done).refuseAndClose(refusal);
    }

    @Override
    public void serve(
            ChannelHandlerContext context, HttpRequest head, AuthenticatedUser caller, ByteBuf body, Runnable done) {
        long started = System.nanoTime();
        EdgeExchange exchange = exchange(context, head, done);
        if (!HttpMethod.POST.equals(head.method())) {
            exchange.refuse(new ApiException(
                    ProblemType.METHOD_NOT_ALLOWED,
                    MessageCode.GATEWAY_METHOD.with("method", head.method(), "path", path(head))));
            return;
        }
        step(exchange, () -> {
            RoutedRequest request = RoutedRequest.parse(KINDS.get(path(head)), ByteBufUtil.getBytes(body), json);
            Consumer<RoutingTable.Snapshot> admit =
                    routes -> exchange.start(planner.admit(caller, request, routes, started, exchange::header));
            Optional<RoutingTable.Snapshot> routes = table.currentIfRead();
            if (routes.isPresent()) {
                admit.accept(routes.get());
            } else { // being read again after a change: the request parks, holding no thread, until it is read
                offLoop.resume(
                        table.whenCurrent(),
                        context.channel().eventLoop(),
                        read -> step(exchange, () -> admit.accept(read)),
                        exchange::refuse);
            }
        });
    }

    /** Runs one step of the request's way to its replica on the event loop; a failure is the client's answer. */
    private static void step(EdgeExchange exchange, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            exchange.refuse(e);
        }
    }

    private EdgeExchange exchange(ChannelHandlerContext context, HttpRequest head, Runnable done) {
        return new EdgeExchange(context, head, done, planner, upstreams, json);
    }

    private static String path(HttpRequest head) {
        String uri = head.uri();
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }
}
