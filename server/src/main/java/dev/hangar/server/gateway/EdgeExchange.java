package dev.hangar.server.gateway;

import dev.hangar.server.core.RequestIdFilter;
import dev.hangar.server.endpoint.Replica;
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
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * One inference request on the edge, from its admission to the last byte of its answer, driven by
 * events on the client's event loop: a connection to a replica, the replica's answer head, each part
 * of its body, a failure on either side. The decisions are the {@link RoutePlanner}'s, the bytes go
 * through an {@link AnswerPass}, as on the servlet path; back-pressure stops reading the replica
 * while the client's socket is full.
 */
final class EdgeExchange implements ReplicaConnections.Listener {

    private static final Logger log = LoggerFactory.getLogger(EdgeExchange.class);
    /** The most bytes of an answer kept for a client that does not read them. */
    static final long MAX_UNSENT = 8L << 20;

    private final ChannelHandlerContext client;
    private final String requestId;
    private final boolean keepAlive;
    private final Runnable done;
    private final RoutePlanner planner;
    private final ReplicaConnections connections;
    private final JsonMapper json;
    private final HttpHeaders headers = new DefaultHttpHeaders();
    private final ChannelFutureListener clientClosed = closed -> clientGone();

    private RoutePlanner.Plan plan;
    private Replica replica;
    private String address;
    private ReplicaBalancer.Lease lease;
    private Channel upstream;
    private boolean reused;
    private boolean freshTried;
    private int status;
    /** Whether the client was told the answer's length (as the replica told it), rather than sent it in chunks. */
    private boolean lengthDeclared;

    private AnswerPass pass;
    private final ClientStream stream = new ClientStream();
    private boolean over;

    EdgeExchange(
            ChannelHandlerContext client,
            HttpRequest head,
            String requestId,
            Runnable done,
            RoutePlanner planner,
            ReplicaConnections connections,
            JsonMapper json) {
        this.client = client;
        this.requestId = requestId;
        this.keepAlive = HttpUtil.isKeepAlive(head);
        this.done = done;
        this.planner = planner;
        this.connections = connections;
        this.json = json;
        headers.set(RequestIdFilter.HEADER, requestId);
        headers.set("X-Content-Type-Options", "nosniff");
    }

    String requestId() {
        return requestId;
    }

    /** A header for the answer, whatever it turns out to be (the key's rate-limit headers). */
    void header(String name, String value) {
        headers.set(name, value);
    }

    void start(RoutePlanner.Plan admitted) {
        this.plan = admitted;
        client.channel().closeFuture().addListener(clientClosed);
        attempt();
    }

    private void attempt() {
        Optional<Replica> next = planner.next(plan);
        if (next.isEmpty()) {
            refuse(ApiProblem.from(plan.noneAnswered()));
            return;
        }
        replica = next.get();
        address = replica.address();
        lease = planner.acquire(replica);
        freshTried = false;
        connections.open(client.channel().eventLoop(), address, false, this);
    }

    @Override
    public void connected(Channel channel, boolean reusedConnection) {
        if (over) {
            channel.close();
            return;
        }
        upstream = channel;
        reused = reusedConnection;
        connections.post(channel, replica, plan.outgoing.kind(), plan.outgoing.body());
    }

    @Override
    public void unreachable(Throwable cause) {
        failed(cause);
    }

    @Override
    public void response(HttpResponse head) {
        if (over) {
            return;
        }
        status = head.status().code();
        switch (planner.judge(plan, replica, status)) {
            case TRY_ANOTHER -> {
                log.info("endpoint {}: replica {} is full (429); trying another", plan.endpoint.name(), replica.id());
                tryAnother();
            }
            case SUSPECT_AND_TRY_ANOTHER -> {
                log.warn(
                        "endpoint {}: replica {} answered {}; retrying on another",
                        plan.endpoint.name(),
                        replica.id(),
                        status);
                tryAnother();
            }
            case PROVIDER_REFUSED -> {
                dropUpstream();
                refuse(ApiProblem.from(planner.providerRefused(plan, status)));
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
        String contentType = head.headers().get(HttpHeaderNames.CONTENT_TYPE, "application/json");
        DefaultHttpResponse answer = new DefaultHttpResponse(HttpVersion.HTTP_1_1, head.status(), headers);
        AnswerPass.headers(
                        contentType,
                        replica.id(),
                        name -> Optional.ofNullable(head.headers().get(name)))
                .forEach(headers::set);
        String length = head.headers().get(HttpHeaderNames.CONTENT_LENGTH);
        lengthDeclared =
                length != null && !HttpUtil.isTransferEncodingChunked(head) && !AnswerPass.isEventStream(contentType);
        if (lengthDeclared) {
            headers.set(HttpHeaderNames.CONTENT_LENGTH, length);
        } else {
            HttpUtil.setTransferEncodingChunked(answer, true);
        }
        HttpUtil.setKeepAlive(answer, keepAlive);
        pass = AnswerPass.of(contentType, status, plan.request, stream, json);
        client.write(answer, client.voidPromise()); // leaves with what else this read brought (readComplete)
    }

    @Override
    public void content(HttpContent content) {
        try {
            if (over || pass == null) {
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
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the client stream does not throw: a failed write closes the client
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
        if (!over && pass != null) {
            client.flush();
        }
    }

    @Override
    public void failed(Throwable cause) {
        if (over) {
            return;
        }
        dropUpstream();
        if (pass != null) {
            log.warn(
                    "endpoint {}: replica {} broke off its answer: {}",
                    plan.endpoint.name(),
                    replica.id(),
                    cause.toString());
            try {
                pass.replicaBrokeOff(plan.endpoint.name());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            end(Relayed.Ending.REPLICA_FAILED);
            return;
        }
        if (reused && !freshTried) {
            // a pooled connection the replica had closed meanwhile: once more on a new one, not the replica's fault
            freshTried = true;
            connections.open(client.channel().eventLoop(), address, true, this);
            return;
        }
        planner.unreachable(replica);
        plan.failed(plan.describe(replica) + " could not be reached (" + cause + ")");
        log.warn(
                "endpoint {}: {} could not be reached ({}){}",
                plan.endpoint.name(),
                plan.describe(replica),
                cause.toString(),
                plan.retryLeft() ? "; retrying on another" : "");
        lease.close();
        lease = null;
        attempt();
    }

    private void tryAnother() {
        dropUpstream();
        lease.close();
        lease = null;
        attempt();
    }

    /** Closes the replica connection: its answer is not wanted (and a generation behind it stops). */
    private void dropUpstream() {
        Channel dropped = upstream;
        upstream = null;
        if (dropped != null) {
            connections.discard(dropped);
        }
    }

    private void end(Relayed.Ending ending) {
        over = true;
        client.channel().closeFuture().removeListener(clientClosed);
        if (ending == Relayed.Ending.COMPLETE && upstream != null) {
            connections.release(upstream, address);
            upstream = null;
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
        Relayed relayed = pass.result(status, ending);
        planner.relayed(plan, replica, lease.sharing(), relayed);
        lease.close();
        lease = null;
        if (nextRequest) {
            done.run();
        }
    }

    /** The client closed its connection before the answer ended: the replica's work is cancelled. */
    private void clientGone() {
        if (over) {
            return;
        }
        log.info(
                "endpoint {}: client went away during the answer of replica {}; cancelled it",
                plan.endpoint.name(),
                replica.id());
        if (pass == null) {
            pass = AnswerPass.of("application/json", status, plan.request, OutputStream.nullOutputStream(), json);
        }
        end(Relayed.Ending.CLIENT_GONE);
    }

    /** Answers the client with {@code problem} in OpenAI's error shape. */
    void refuse(ApiProblem problem) {
        refuse(problem, keepAlive);
    }

    /** Refuses a request whose body was not read: the connection is closed after the answer. */
    void refuseAndClose(ApiProblem problem) {
        refuse(problem, false);
    }

    private void refuse(ApiProblem problem, boolean keepConnection) {
        over = true;
        if (plan != null) {
            client.channel().closeFuture().removeListener(clientClosed);
        }
        if (lease != null) {
            lease.close();
            lease = null;
        }
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

    /**
     * The answer's body on its way to the client: what a pass writes between two flushes is one
     * chunk, and the chunks of one read from the replica leave in one write to the socket. The replica is read at its own pace whatever the client does, so that a client that
     * reads slowly or not at all never holds a replica's slot beyond its generation; its answer
     * waits in memory, up to {@link #MAX_UNSENT} bytes, after which the client is dropped (and the
     * generation cancelled).
     */
    private final class ClientStream extends OutputStream {

        private ByteBuf pending;

        @Override
        public void write(int b) {
            buffer(1).writeByte(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            buffer(length).writeBytes(bytes, offset, length);
        }

        private ByteBuf buffer(int length) {
            if (pending == null) {
                pending = client.alloc().buffer(Math.max(256, length));
            }
            return pending;
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
