package dev.hangar.server.gateway;

import dev.hangar.server.auth.ApiKeyChecker;
import dev.hangar.server.auth.AuthenticatedUser;
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
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's data plane: OpenAI inference calls with an API key are authenticated from their
 * head (the key caches, or the database off the loop) before their body is read, then checked,
 * routed and relayed on the edge's event loop, without the servlet container, the
 * security filter chain or a thread per request (the answers are the same as through {@link
 * InferenceController}). What is left to the servlet container: browser sessions (the
 * playground), router endpoints (their providers are remote, TLS, and slow next to the container's
 * cost), other methods and paths.
 */
@Component
class EdgeInference implements EdgeRoutes<AuthenticatedUser> {

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
    private final OffLoopCalls offLoop;
    private final long bodyLimit;

    EdgeInference(
            ApiKeyChecker keys,
            RoutePlanner planner,
            ReplicaConnections connections,
            JsonMapper json,
            OffLoopCalls offLoop,
            HangarProperties properties) {
        this.keys = keys;
        this.offLoop = offLoop;
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
    public void authenticate(
            ChannelHandlerContext context, HttpRequest head, Consumer<AuthenticatedUser> admitted, Runnable refused) {
        String key = head.headers()
                .get(HttpHeaderNames.AUTHORIZATION)
                .substring(BEARER.length())
                .trim();
        Consumer<ApiKeyChecker.Check> decide = check -> {
            switch (check) {
                case ApiKeyChecker.Check.Valid valid -> admitted.accept(valid.user());
                case ApiKeyChecker.Check.Invalid invalid ->
                    exchange(context, head, refused)
                            .refuseAndClose(ApiProblem.of(ProblemType.UNAUTHORIZED, invalid.reason()));
            }
        };
        Optional<ApiKeyChecker.Check> cached = keys.checkCached(key);
        if (cached.isPresent()) {
            decide.accept(cached.get());
            return;
        }
        offLoop.call(() -> keys.check(key), context.channel().eventLoop(), decide, failure -> {
            EdgeExchange exchange = exchange(context, head, refused);
            exchange.refuseAndClose(problem(exchange, failure));
        });
    }

    @Override
    public void refuseTooLarge(ChannelHandlerContext context, HttpRequest head, long limit, Runnable done) {
        exchange(context, head, done)
                .refuseAndClose(ApiProblem.of(
                        ProblemType.PAYLOAD_TOO_LARGE, new RequestBodyTooLargeException(limit).getMessage()));
    }

    @Override
    public void serve(
            ChannelHandlerContext context,
            HttpRequest head,
            AuthenticatedUser caller,
            ByteBuf body,
            Runnable done,
            Runnable passOn) {
        long started = System.nanoTime();
        EdgeExchange exchange = exchange(context, head, done);
        Admission admission = new Admission(context.channel().eventLoop(), exchange, caller, started, passOn);
        admission.step(
                () -> admission.route(RoutedRequest.parse(KINDS.get(path(head)), ByteBufUtil.getBytes(body), json)));
    }

    /**
     * One request's way from its parsed body to its replica: each step runs on the event loop, and
     * one that waits for the routing table to be read again parks with {@link OffLoopCalls} and
     * continues when it is read.
     */
    private final class Admission {

        private final Executor loop;
        private final EdgeExchange exchange;
        private final AuthenticatedUser caller;
        private final long started;
        private final Runnable passOn;

        Admission(Executor loop, EdgeExchange exchange, AuthenticatedUser caller, long started, Runnable passOn) {
            this.loop = loop;
            this.exchange = exchange;
            this.caller = caller;
            this.started = started;
            this.passOn = passOn;
        }

        void route(RoutedRequest request) {
            Optional<RoutingTable.Snapshot> routes = planner.routesInMemory();
            if (routes.isPresent()) {
                target(request, routes.get());
            } else {
                offLoop.resume(
                        planner.routesWhenCurrent(), loop, read -> step(() -> target(request, read)), this::failed);
            }
        }

        private void target(RoutedRequest request, RoutingTable.Snapshot routes) {
            RoutePlanner.Target target = planner.target(caller, request, routes);
            if (target.forward().isPresent()) {
                passOn.run();
                return;
            }
            exchange.start(planner.admit(caller, request, target, started, exchange::header));
        }

        void step(Runnable step) {
            try {
                step.run();
            } catch (RuntimeException e) {
                failed(e);
            }
        }

        private void failed(RuntimeException failure) {
            exchange.refuse(problem(exchange, failure));
        }
    }

    /** The refusal for a failure: an {@link ApiException} says it; anything else is logged under the request's id. */
    private static ApiProblem problem(EdgeExchange exchange, RuntimeException failure) {
        if (failure instanceof ApiException refusal) {
            return ApiProblem.from(refusal);
        }
        log.error("gateway: request {} failed", exchange.requestId(), failure);
        return ApiProblem.of(
                ProblemType.INTERNAL,
                "The gateway failed to route this request; the server log has the details under request id "
                        + exchange.requestId() + ".");
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
