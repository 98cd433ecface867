package dev.hangar.server.edge;

import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ProblemType;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection on the edge. Each request on it is either served by the {@link EdgeRoutes}
 * on the event loop (authenticated from its head first: a refused one never has its body read), or,
 * when the routes do not claim it, passed, as it arrives and with back-pressure both ways, to the
 * servlet container over a loopback connection that belongs to this client connection alone. Requests are
 * answered one at a time, in their order: one that arrives while another is being answered
 * (pipelined) waits. The connection is read meanwhile, so that a client that goes away is noticed at
 * once and the work done for it cancelled. Each passed request names its client ({@link EdgeForwarding}).
 */
final class EdgeConnection<C> extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(EdgeConnection.class);

    private enum Mode {
        /** Between requests. */
        IDLE,
        /** The routes are checking a request's credentials; its body is not read meanwhile. */
        AUTHENTICATING,
        /** Collecting the body of a request for the routes. */
        COLLECT,
        /** The routes are answering; nothing more is read. */
        SERVING,
        /** Passing a request to the servlet container and its answer back. */
        PASS,
        /** Dropping the rest of a request that was already answered (refused as too large). */
        DISCARD
    }

    private final EdgeRoutes<C> routes;
    private final InetSocketAddress container;
    private final AtomicInteger serving;
    private final LingeringClose closing;
    private final EdgeForwarding forwarding;
    private final UnauthenticatedConnections unauthenticated;
    private final EdgeTransport transport;
    /** Whether this connection still counts among the {@link UnauthenticatedConnections}. */
    private boolean counted = true;

    private Mode mode = Mode.IDLE;
    private HttpRequest head;
    private C caller;
    /** Whether the routes answer the current request's credentials later: its connection stopped being read. */
    private boolean admittedLater;

    private CompositeByteBuf body;
    private Channel backend;
    private final Queue<HttpObject> waiting = new ArrayDeque<>();
    private boolean answerPending;
    private boolean awaitingAnswer;
    private final Queue<Object> backlog = new ArrayDeque<>();
    private ChannelHandlerContext context;

    /**
     * {@code serving} counts the requests the routes are answering, over all connections, for a
     * graceful shutdown; {@code closing} is told whether the client's requests were read to their end;
     * the connection is one of the {@code unauthenticated} until it presents a good key.
     */
    EdgeConnection(
            EdgeRoutes<C> routes,
            InetSocketAddress container,
            AtomicInteger serving,
            LingeringClose closing,
            EdgeForwarding forwarding,
            UnauthenticatedConnections unauthenticated,
            EdgeTransport transport) {
        this.routes = routes;
        this.container = container;
        this.serving = serving;
        this.closing = closing;
        this.forwarding = forwarding;
        this.unauthenticated = unauthenticated;
        this.transport = transport;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.context = context;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        closing.requestsReadInFull(false);
        if (busy()) {
            // a pipelined request waits until this one is answered; a body, until its request's key is checked
            backlog.add(message);
            context.channel().config().setAutoRead(false);
            return;
        }
        dispatch(message);
    }

    /**
     * Whether a request is being answered. The connection is still read meanwhile, only to notice
     * at once a client that goes away (its answer is then cancelled).
     */
    private boolean busy() {
        return mode == Mode.AUTHENTICATING || mode == Mode.SERVING || mode == Mode.PASS && awaitingAnswer;
    }

    private void dispatch(Object message) {
        if (message instanceof HttpRequest request) {
            begin(request);
        }
        if (message instanceof HttpContent content) {
            content(content);
        } else if (!(message instanceof HttpRequest)) {
            ReferenceCountUtil.release(message);
        }
    }

    private void begin(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            badRequest(request);
            return;
        }
        if (!routes.claims(request)) {
            continueIfExpected(request);
            pass(request);
            return;
        }
        head = request;
        mode = Mode.AUTHENTICATING;
        routes.authenticate(context, request, this::admitted, this::closeAfterRefusal);
        if (mode == Mode.AUTHENTICATING) {
            // the answer comes later, from another thread: the body stays in the socket until then
            admittedLater = true;
            context.channel().config().setAutoRead(false);
        }
    }

    /** The request's credentials are good: its body may come. */
    private void admitted(C caller) {
        if (mode != Mode.AUTHENTICATING) {
            return; // the client went away meanwhile
        }
        boolean later = admittedLater;
        admittedLater = false;
        this.caller = caller;
        uncount();
        long declared = HttpUtil.getContentLength(head, -1L);
        if (declared > routes.bodyLimit()) {
            mode = Mode.DISCARD;
            refuseTooLarge();
            return;
        }
        continueIfExpected(head);
        mode = Mode.COLLECT;
        body = context.alloc().compositeBuffer(64);
        if (later) {
            resume();
        }
    }

    /**
     * Tells a client that waits for it ({@code Expect: 100-continue}) to send the body, once the
     * request is known to be wanted; the servlet container is not asked again.
     */
    private void continueIfExpected(HttpRequest request) {
        if (HttpUtil.is100ContinueExpected(request)) {
            request.headers().remove(HttpHeaderNames.EXPECT);
            context.writeAndFlush(new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
        }
    }

    private void content(HttpContent content) {
        switch (mode) {
            case COLLECT -> collect(content);
            case PASS -> forward(content);
            default -> content.release();
        }
    }

    private void collect(HttpContent content) {
        ByteBuf bytes = content.content();
        if (body.readableBytes() + (long) bytes.readableBytes() > routes.bodyLimit()) {
            content.release();
            body.release();
            body = null;
            mode = Mode.DISCARD;
            refuseTooLarge();
            return;
        }
        body.addComponent(true, bytes.retain());
        boolean last = content instanceof LastHttpContent;
        content.release();
        if (!last) {
            return;
        }
        closing.requestsReadInFull(backlog.isEmpty());
        mode = Mode.SERVING;
        serving.incrementAndGet();
        try {
            routes.serve(context, head, caller, body, this::served);
        } catch (RuntimeException e) {
            log.error("edge: the answer to {} {} failed", head.method(), head.uri(), e);
            serving.decrementAndGet();
            mode = Mode.DISCARD;
            releaseBody();
            context.close();
        }
    }

    private void refuseTooLarge() {
        routes.refuse(
                context,
                head,
                new ApiException(
                        ProblemType.PAYLOAD_TOO_LARGE,
                        MessageCode.PROBLEM_BODY_TOO_LARGE.with("limit", routes.bodyLimit())),
                this::closeAfterRefusal);
    }

    private void served() {
        releaseBody();
        next();
    }

    private void releaseBody() {
        if (body != null) {
            body.release();
            body = null;
        }
    }

    /** A refused request (too large, bad credentials) is answered at once; its connection is closed rather than read to the end. */
    private void closeAfterRefusal() {
        mode = Mode.DISCARD;
        context.close();
    }

    /** Ready for the next request on this connection. */
    private void next() {
        if (mode == Mode.SERVING) {
            serving.decrementAndGet();
        }
        mode = Mode.IDLE;
        awaitingAnswer = false;
        head = null;
        caller = null;
        resume();
    }

    /** Handles what waited in the backlog, then reads the connection again if nothing is left waiting. */
    private void resume() {
        while (!backlog.isEmpty() && !busy()) {
            dispatch(backlog.poll());
        }
        context.channel().config().setAutoRead(backlog.isEmpty());
        if (backlog.isEmpty()) {
            context.read();
        }
    }

    private void pass(HttpRequest request) {
        boolean secure = context.pipeline().get(SslHandler.class) != null;
        request.headers()
                .set(EdgeForwarding.HEADER, forwarding.value(context.channel().remoteAddress(), secure));
        mode = Mode.PASS;
        answerPending = true;
        forward(request);
        if (request instanceof LastHttpContent) {
            requestSent();
        }
    }

    private void forward(HttpObject part) {
        boolean last = part instanceof LastHttpContent && !(part instanceof HttpRequest);
        if (backend == null && !(part instanceof HttpRequest)) {
            // the container answered before the body came and closed its connection: the rest has no reader
            ReferenceCountUtil.release(part);
        } else {
            if (backend == null) {
                connect();
            }
            if (!backend.isActive()) {
                waiting.add(part);
            } else {
                backend.writeAndFlush(part);
                if (!backend.isWritable()) {
                    context.channel().config().setAutoRead(false);
                }
            }
        }
        if (last) {
            requestSent();
        }
    }

    /**
     * The whole request is on its way; the next one waits until its answer has been passed back. An
     * answer that came before the body did (a refusal from the head alone) ends the request only now:
     * the container reads the body before it reads the next request on its connection.
     */
    private void requestSent() {
        awaitingAnswer = true;
        closing.requestsReadInFull(backlog.isEmpty());
        if (!answerPending) {
            next();
        }
    }

    private void connect() {
        context.channel().config().setAutoRead(false);
        backend = new Bootstrap()
                .group(context.channel().eventLoop())
                .channel(transport.connected())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.AUTO_READ, true)
                .handler(new io.netty.channel.ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new HttpClientCodec(), new ContainerAnswer());
                    }
                })
                .connect(container)
                .addListener((ChannelFutureListener) future -> {
                    if (!future.isSuccess()) {
                        log.error("edge: the servlet container at {} cannot be reached", container, future.cause());
                        releaseAll(waiting);
                        respondAndClose(
                                HttpResponseStatus.SERVICE_UNAVAILABLE,
                                "The server is starting or stopping; retry shortly.");
                        return;
                    }
                    Channel channel = future.channel();
                    boolean sentAll = false;
                    while (!waiting.isEmpty()) {
                        HttpObject part = waiting.poll();
                        sentAll = part instanceof LastHttpContent;
                        channel.write(part);
                    }
                    channel.flush();
                    if (mode == Mode.PASS) {
                        context.channel().config().setAutoRead(sentAll || channel.isWritable());
                    }
                })
                .channel();
    }

    /** Passes the servlet container's answer back to the client as it arrives. */
    private final class ContainerAnswer extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext backendContext, Object message) {
            Channel client = context.channel();
            if (!client.isActive()) {
                ReferenceCountUtil.release(message);
                return;
            }
            boolean last = message instanceof LastHttpContent;
            client.write(message);
            if (last) {
                client.flush();
                answerPending = false;
                if (awaitingAnswer) {
                    next();
                }
            } else if (!client.isWritable()) {
                backendContext.channel().config().setAutoRead(false);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext backendContext) {
            context.channel().flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext backendContext) {
            if (mode == Mode.PASS && backendContext.channel().isWritable()) {
                context.channel().config().setAutoRead(true);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext backendContext) {
            backend = null;
            if (answerPending) {
                context.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext backendContext, Throwable cause) {
            log.warn("edge: connection to the servlet container failed: {}", cause.toString());
            backendContext.close();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        if (backend != null && context.channel().isWritable()) {
            backend.config().setAutoRead(true);
        }
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event instanceof IdleStateEvent
                && (mode == Mode.IDLE
                        || mode == Mode.AUTHENTICATING
                        || mode == Mode.COLLECT
                        || mode == Mode.PASS && !answerPending)) {
            // a client that sends nothing, a request that never completes (slow loris), or the rest of a
            // body that was already answered and never comes, holds no more than a socket
            context.close();
            return;
        }
        context.fireUserEventTriggered(event);
    }

    private void uncount() {
        if (counted) {
            counted = false;
            unauthenticated.leave();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        uncount();
        if (mode == Mode.SERVING) {
            serving.decrementAndGet();
        }
        mode = Mode.DISCARD;
        releaseBody();
        releaseAll(waiting);
        releaseAll(backlog);
        if (backend != null) {
            backend.close();
        }
        context.fireChannelInactive();
    }

    private static void releaseAll(Queue<?> messages) {
        messages.forEach(ReferenceCountUtil::release);
        messages.clear();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        log.debug("edge: client connection failed: {}", cause.toString());
        context.close();
    }

    /** A request that cannot be read; one for the routes is refused by them, in their API's error shape. */
    private void badRequest(HttpRequest request) {
        mode = Mode.DISCARD;
        Message detail = MessageCode.PROBLEM_UNREADABLE_REQUEST.with(
                "reason", String.valueOf(request.decoderResult().cause().getMessage()));
        if (routes.claims(request)) {
            routes.refuse(context, request, new ApiException(ProblemType.BAD_REQUEST, detail), this::closeAfterRefusal);
        } else {
            respondAndClose(HttpResponseStatus.BAD_REQUEST, detail.text());
        }
    }

    private void respondAndClose(HttpResponseStatus status, String text) {
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(text + "\n", StandardCharsets.UTF_8));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
