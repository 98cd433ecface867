package dev.hangar.server.gateway;

import dev.hangar.server.core.RequestIdFilter;
import dev.hangar.server.endpoint.Replica;
import dev.hangar.server.gateway.Upstreams.Destination;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ApiProblem;
import dev.hangar.server.problem.ErrorResponses;
import dev.hangar.server.problem.ProblemType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * One inference request on the edge, from its admission to the last byte of its answer, driven by
 * events on the client's event loop: a connection to a replica or provider, its answer head, each
 * part of its body, a failure on either side. Where it stands is its {@link Phase}; the decisions
 * are the {@link RoutePlanner}'s, the bytes go through an {@link AnswerPass}. Every failure the
 * client hears of is answered here, in OpenAI's error shape ({@link #refuse(RuntimeException)}).
 * The replica is read at its own pace: a client that does not read holds no replica's slot.
 */
final class EdgeExchange implements Upstreams.Listener {

    private static final Logger log = LoggerFactory.getLogger(EdgeExchange.class);
    /** The most bytes of an answer kept for a client that does not read them. */
    static final long MAX_UNSENT = 8L << 20;

    /** Where an exchange stands; {@link #mayBecome} holds every transition it may make. */
    enum Phase {
        /** Being authenticated, read and planned: nothing was sent anywhere yet. */
        ADMITTING,
        /** Waiting for a connection to the attempt's replica (or provider). */
        CONNECTING,
        /** The request went out; the answer's head has not come. A failure now may still be retried. */
        AWAITING_ANSWER,
        /** The answer is on its way to the client: no other replica can be tried. */
        RELAYING,
        /** Answered (or refused), or the client went away. */
        OVER;

        boolean mayBecome(Phase next) {
            return switch (this) {
                case ADMITTING -> next == CONNECTING || next == OVER;
                case CONNECTING, AWAITING_ANSWER -> next != ADMITTING;
                case RELAYING -> next == OVER;
                case OVER -> false;
            };
        }
    }

    private final ChannelHandlerContext client;
    private final String requestId;
    private final boolean keepAlive;
    private final Runnable done;
    private final RoutePlanner planner;
    private final Upstreams upstreams;
    private final JsonMapper json;
    private final HttpHeaders headers = new DefaultHttpHeaders();
    private final ChannelFutureListener clientClosed = closed -> clientGone();
    private final ClientStream stream = new ClientStream();

    private Phase phase = Phase.ADMITTING;
    private RoutePlanner.Plan plan;
    private Attempt attempt;
    private AnswerPass pass;
    private int status;
    /** Whether the client was told the answer's length (as the replica told it), rather than sent it in chunks. */
    private boolean lengthDeclared;

    /** One try of one replica: what it holds, and the connection it is on. */
    private static final class Attempt {

        final Replica replica;
        final Destination destination;
        final ReplicaBalancer.Lease lease;
        Channel upstream;
        boolean reused;
        boolean freshTried;

        Attempt(Replica replica, Destination destination, ReplicaBalancer.Lease lease) {
            this.replica = replica;
            this.destination = destination;
            this.lease = lease;
        }
    }

    EdgeExchange(
            ChannelHandlerContext client,
            HttpRequest head,
            Runnable done,
            RoutePlanner planner,
            Upstreams upstreams,
            JsonMapper json) {
        this.client = client;
        this.requestId = RequestIdFilter.idFor(head.headers().get(RequestIdFilter.HEADER));
        this.keepAlive = HttpUtil.isKeepAlive(head);
        this.done = done;
        this.planner = planner;
        this.upstreams = upstreams;
        this.json = json;
        headers.set(RequestIdFilter.HEADER, requestId);
        headers.set("X-Content-Type-Options", "nosniff");
    }

    Phase phase() {
        return phase;
    }

    /** A header for the answer, whatever it turns out to be (the key's rate-limit headers). */
    void header(String name, String value) {
        headers.set(name, value);
    }

    private void enter(Phase next) {
        if (!phase.mayBecome(next)) {
            throw new IllegalStateException("exchange " + requestId + ": " + phase + " cannot become " + next);
        }
        phase = next;
    }

    void start(RoutePlanner.Plan admitted) {
        this.plan = admitted;
        client.channel().closeFuture().addListener(clientClosed);
        tryNext();
    }

    private void tryNext() {
        Optional<Replica> next = planner.next(plan);
        if (next.isEmpty()) {
            refuse(plan.noneAnswered());
            return;
        }
        Replica replica = next.get();
        attempt = new Attempt(replica, plan.forward.to(replica), planner.acquire(replica));
        connect(false);
    }

    private void connect(boolean fresh) {
        enter(Phase.CONNECTING);
        upstreams.open(client.channel().eventLoop(), attempt.destination, fresh, this);
    }

    @Override
    public void connected(Channel channel, boolean reused) {
        if (phase != Phase.CONNECTING) {
            channel.close();
            return;
        }
        enter(Phase.AWAITING_ANSWER);
        attempt.upstream = channel;
        attempt.reused = reused;
        upstreams.post(channel, attempt.destination, plan.outgoing.kind(), plan.outgoing.body());
    }

    @Override
    public void response(HttpResponse head) {
        if (phase != Phase.AWAITING_ANSWER) {
            return;
        }
        status = head.status().code();
        String name = plan.endpoint.name();
        String where = plan.forward.describe(attempt.replica);
        switch (planner.judge(plan, attempt.replica, status)) {
            case TRY_ANOTHER -> {
                log.info("endpoint {}: {} is full (429); trying another", name, where);
                tryAnother();
            }
            case SUSPECT_AND_TRY_ANOTHER -> {
                log.warn("endpoint {}: {} answered {}; retrying on another", name, where, status);
                tryAnother();
            }
            case PROVIDER_REFUSED -> {
                log.warn("endpoint {}: {} refused its API key ({})", name, where, status);
                dropUpstream();
                refuse(planner.providerRefused(plan, status));
            }
            case RELAY -> answer(head);
        }
    }

    /**
     * Starts the client's answer with the replica's head. An answer whose length the replica gave
     * (a JSON body) goes on with that length, as it came; an event stream, or an answer of unknown
     * length, in chunks.
     */
    private void answer(HttpResponse head) {
        enter(Phase.RELAYING);
        String contentType = head.headers().get(HttpHeaderNames.CONTENT_TYPE, "application/json");
        DefaultHttpResponse answer = new DefaultHttpResponse(HttpVersion.HTTP_1_1, head.status(), headers);
        AnswerPass.setHeaders(headers, contentType, attempt.replica.id(), head.headers());
        String length = head.headers().get(HttpHeaderNames.CONTENT_LENGTH);
        lengthDeclared =
                length != null && !HttpUtil.isTransferEncodingChunked(head) && !AnswerPass.isEventStream(contentType);
        if (lengthDeclared) {
            headers.set(HttpHeaderNames.CONTENT_LENGTH, length);
        } else {
            HttpUtil.setTransferEncodingChunked(answer, true);
        }
        HttpUtil.setKeepAlive(answer, keepAlive);
        pass = AnswerPass.of(contentType, status, plan.outgoing, stream, json);
        client.write(answer, client.voidPromise()); // leaves with what else this read brought (readComplete)
    }

    @Override
    public void content(HttpContent content) {
        try {
            if (phase != Phase.RELAYING) {
                return;
            }
            ByteBuf bytes = content.content();
            if (bytes.isReadable()) {
                byte[] array = ByteBufUtil.getBytes(bytes);
                pass.accept(array, 0, array.length);
            }
            if (content instanceof LastHttpContent) {
                pass.finish();
                end(Relayed.Ending.COMPLETE);
            }
        } finally {
            content.release();
        }
    }

    /**
     * Sends what this read from the replica brought, in one write: a streamed answer's head, its
     * first event and the first token often arrive together, and leave together as they would
     * straight from the replica.
     */
    @Override
    public void readComplete() {
        if (phase == Phase.RELAYING) {
            client.flush();
        }
    }

    @Override
    public void failed(Throwable cause) {
        switch (phase) {
            case CONNECTING, AWAITING_ANSWER -> retry(cause);
            case RELAYING -> brokeOff(cause);
            case ADMITTING, OVER -> {}
        }
    }

    /** The attempt failed before the client saw a byte: once more on a fresh connection, or on another replica. */
    private void retry(Throwable cause) {
        dropUpstream();
        if (attempt.reused && !attempt.freshTried) {
            // a pooled connection the replica had closed meanwhile: once more on a new one, not the replica's fault
            attempt.freshTried = true;
            connect(true);
            return;
        }
        String where = plan.forward.describe(attempt.replica);
        planner.unreachable(attempt.replica);
        plan.failed(where + " could not be reached (" + cause + ")");
        log.warn(
                "endpoint {}: {} could not be reached ({}){}",
                plan.endpoint.name(),
                where,
                cause.toString(),
                plan.retryLeft() ? "; retrying on another" : "");
        tryAnother();
    }

    private void brokeOff(Throwable cause) {
        dropUpstream();
        log.warn(
                "endpoint {}: {} broke off its answer: {}",
                plan.endpoint.name(),
                plan.forward.describe(attempt.replica),
                cause.toString());
        pass.replicaBrokeOff(plan.endpoint.name());
        end(Relayed.Ending.REPLICA_FAILED);
    }

    private void tryAnother() {
        dropUpstream();
        attempt.lease.close();
        attempt = null;
        tryNext();
    }

    /** Closes the upstream connection: its answer is not wanted (and a generation behind it stops). */
    private void dropUpstream() {
        Channel dropped = attempt.upstream;
        attempt.upstream = null;
        if (dropped != null) {
            upstreams.discard(dropped);
        }
    }

    private void end(Relayed.Ending ending) {
        enter(Phase.OVER);
        client.channel().closeFuture().removeListener(clientClosed);
        if (ending == Relayed.Ending.COMPLETE && attempt.upstream != null) {
            upstreams.release(attempt.upstream, attempt.destination);
            attempt.upstream = null;
        }
        dropUpstream();
        // the answer's last bytes leave first: reading its usage and metering it do not delay them
        boolean nextRequest = false;
        if (ending == Relayed.Ending.REPLICA_FAILED && lengthDeclared) {
            client.close(); // the client was promised more bytes than it got: only a closed connection says so
        } else if (ending != Relayed.Ending.CLIENT_GONE) {
            client.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT, client.voidPromise());
            nextRequest = true;
        }
        Relayed relayed = pass == null // the client went away before the answer began
                ? new Relayed(status, 0, Optional.empty(), 0, ending)
                : pass.result(status, ending);
        plan.metered.relayed(attempt.replica, attempt.lease.sharing(), relayed);
        attempt.lease.close();
        if (nextRequest) {
            done.run();
        }
    }

    /** The client closed its connection before the answer ended: the replica's work is cancelled. */
    private void clientGone() {
        if (phase == Phase.OVER) {
            return;
        }
        log.info(
                "endpoint {}: client went away during the answer of {}; cancelled it",
                plan.endpoint.name(),
                plan.forward.describe(attempt.replica));
        end(Relayed.Ending.CLIENT_GONE);
    }

    /**
     * Answers the client with what {@code failure} says, in OpenAI's error shape: an {@link
     * ApiException} its own problem; anything else a 500 logged under the request's id.
     */
    void refuse(RuntimeException failure) {
        answerProblem(failure, keepAlive);
    }

    /** Refuses a request whose body was not read: the connection is closed after the answer. */
    void refuseAndClose(RuntimeException failure) {
        answerProblem(failure, false);
    }

    private void answerProblem(RuntimeException failure, boolean keepConnection) {
        enter(Phase.OVER);
        client.channel().closeFuture().removeListener(clientClosed);
        if (attempt != null) {
            dropUpstream();
            attempt.lease.close();
        }
        ApiProblem problem = problem(failure);
        byte[] body = json.writeValueAsBytes(ErrorResponses.openAiBody(problem));
        DefaultFullHttpResponse answer = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(problem.type().status().value()),
                Unpooled.wrappedBuffer(body));
        answer.headers()
                .set(headers)
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (problem.type() == ProblemType.UNAUTHORIZED) {
            answer.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"hangar\"");
        }
        HttpUtil.setKeepAlive(answer, keepConnection);
        client.writeAndFlush(answer);
        done.run();
    }

    private ApiProblem problem(RuntimeException failure) {
        if (failure instanceof ApiException refusal) {
            return ApiProblem.from(refusal);
        }
        log.error("gateway: request {} failed", requestId, failure);
        return ApiProblem.of(ProblemType.INTERNAL, MessageCode.GATEWAY_INTERNAL.with("requestId", requestId));
    }

    /**
     * The answer's body on its way to the client: what a pass writes between two flushes is one
     * chunk, and the chunks of one read from the replica leave in one write to the socket. The
     * replica is read at its own pace whatever the client does, so that a client that reads slowly
     * or not at all never holds a replica's slot beyond its generation; its answer waits in memory,
     * up to {@link #MAX_UNSENT} bytes, after which the client is dropped (and the generation
     * cancelled).
     */
    private final class ClientStream implements AnswerPass.Sink {

        private ByteBuf pending;

        @Override
        public void write(byte[] bytes, int offset, int length) {
            if (pending == null) {
                pending = client.alloc().buffer(Math.max(256, length));
            }
            pending.writeBytes(bytes, offset, length);
        }

        /** Queues what was written as one chunk; it is sent with the rest of what the replica's last read brought ({@link #readComplete}). */
        @Override
        public void flush() {
            if (pending == null) {
                return;
            }
            ByteBuf chunk = pending;
            pending = null;
            client.write(new DefaultHttpContent(chunk), client.voidPromise());
            ChannelOutboundBuffer buffered = client.channel().unsafe().outboundBuffer();
            if (buffered != null && buffered.totalPendingWriteBytes() > MAX_UNSENT) {
                log.warn(
                        "endpoint {}: the client of request {} left over {} bytes of its answer unread; dropped it",
                        plan.endpoint.name(),
                        requestId,
                        MAX_UNSENT);
                client.close();
            }
        }
    }
}
