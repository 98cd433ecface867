package dev.hangar.server.gateway;

import dev.hangar.server.auth.ApiKeyChecker;
import dev.hangar.server.core.RequestIdFilter;
import dev.hangar.server.edge.EdgeRoutes;
import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ApiProblem;
import dev.hangar.server.problem.ProblemType;
import dev.hangar.server.problem.RequestBodyTooLargeException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's data plane: OpenAI inference calls with an API key are authenticated from the key
 * cache, checked, routed and relayed on the edge's event loop, without the servlet container, the
 * security filter chain or a thread per request (the answers are the same as through {@link
 * InferenceController}). What is left to the servlet container: browser sessions (the
 * playground), router endpoints (their providers are remote, TLS, and slow next to the container's
 * cost), other methods and paths.
 */
@Component
class EdgeInference implements EdgeRoutes {

    private static final Logger log = LoggerFactory.getLogger(EdgeInference.class);
    private static final String BEARER = "Bearer ";
    private static final Map<String, InferenceKind> KINDS = Map.of(
            "/v1/chat/completions", InferenceKind.CHAT,
            "/v1/completions", InferenceKind.COMPLETION,
            "/v1/embeddings", InferenceKind.EMBEDDING);

    private final ApiKeyChecker keys;
    private final RoutePlanner planner;
    private final ReplicaConnections connections;
    private final JsonMapper json;
    private final long bodyLimit;

    EdgeInference(
            ApiKeyChecker keys,
            RoutePlanner planner,
            ReplicaConnections connections,
            JsonMapper json,
            HangarProperties properties) {
        this.keys = keys;
        this.planner = planner;
        this.connections = connections;
        this.json = json;
        this.bodyLimit = properties.api().maxGatewayBodySize().toBytes();
    }

    @Override
    public boolean claims(HttpRequest head) {
        String header = head.headers().get(HttpHeaderNames.AUTHORIZATION);
        return HttpMethod.POST.equals(head.method())
                && KINDS.containsKey(path(head))
                && header != null
                && header.length() > BEARER.length()
                && header.regionMatches(true, 0, BEARER, 0, BEARER.length());
    }

    @Override
    public long bodyLimit() {
        return bodyLimit;
    }

    @Override
    public void refuseTooLarge(ChannelHandlerContext context, HttpRequest head, long limit, Runnable done) {
        exchange(context, head, done)
                .refuse(ApiProblem.of(
                        ProblemType.PAYLOAD_TOO_LARGE, new RequestBodyTooLargeException(limit).getMessage()));
    }

    @Override
    public boolean serve(ChannelHandlerContext context, HttpRequest head, ByteBuf body, Runnable done) {
        long started = System.nanoTime();
        EdgeExchange exchange = exchange(context, head, done);
        String key = head.headers()
                .get(HttpHeaderNames.AUTHORIZATION)
                .substring(BEARER.length())
                .trim();
        try {
            switch (keys.check(key)) {
                case ApiKeyChecker.Check.Invalid invalid ->
                    throw new ApiException(ProblemType.UNAUTHORIZED, invalid.reason());
                case ApiKeyChecker.Check.Valid valid -> {
                    RoutedRequest request =
                            RoutedRequest.parse(KINDS.get(path(head)), ByteBufUtil.getBytes(body), json);
                    RoutePlanner.Target target = planner.target(valid.user(), request);
                    if (target.forward().isPresent()) {
                        return false;
                    }
                    exchange.start(planner.admit(valid.user(), request, target, started, exchange::header));
                }
            }
        } catch (ApiException e) {
            exchange.refuse(ApiProblem.from(e));
        } catch (RuntimeException e) {
            log.error("gateway: request {} failed", exchange.requestId(), e);
            exchange.refuse(ApiProblem.of(
                    ProblemType.INTERNAL,
                    "The gateway failed to route this request; the server log has the details under request id "
                            + exchange.requestId() + "."));
        }
        return true;
    }

    private EdgeExchange exchange(ChannelHandlerContext context, HttpRequest head, Runnable done) {
        String requestId = RequestIdFilter.idFor(head.headers().get(RequestIdFilter.HEADER));
        return new EdgeExchange(context, head, requestId, done, planner, connections, json);
    }

    /** The request's path without its query. */
    private static String path(HttpRequest head) {
        String uri = head.uri();
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }
}
