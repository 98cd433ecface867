package dev.hangar.server.edge;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import java.util.function.Consumer;

/**
 * Requests the edge answers itself, on its event loop, instead of passing them to the servlet
 * container: the gateway's inference calls, all of them, where every microsecond of the platform's own is
 * added to each token's way to the client. A claimed request is authenticated from its head
 * before a byte of its body is read; {@code C} is what authenticating it learns (the caller).
 * Nothing here may block the event loop: what needs the database runs elsewhere and continues on
 * the loop.
 */
public interface EdgeRoutes<C> {

    /** Whether this request (its head; the body follows) is one to serve here. Cheap: called for every request. */
    boolean claims(HttpRequest head);

    /** The largest body a claimed request may have; a larger one is refused with 413 before it is served. */
    long bodyLimit();

    /**
     * Checks a claimed request's credentials from its head alone, before its body is read or a
     * {@code 100 Continue} is sent. Ends on the channel's event loop, now or later, in one of two
     * ways: runs {@code admitted} with the caller; or, having answered the request itself (a
     * refusal whose connection is then closed), runs {@code refused}.
     */
    void authenticate(ChannelHandlerContext context, HttpRequest head, Consumer<C> admitted, Runnable refused);

    /**
     * Answers a claimed request with {@code refusal} (its body too large, its head unreadable) in
     * the routes' error shape, then runs {@code done}; the connection is closed after it.
     */
    void refuse(ChannelHandlerContext context, HttpRequest head, RuntimeException refusal, Runnable done);

    /**
     * Serves a claimed request with its whole body, for the caller {@link #authenticate} admitted.
     * Ends on the channel's event loop, now or later: having written the complete response (or
     * closed the channel), runs {@code done}. The body belongs to the caller and stays readable
     * until then.
     */
    void serve(ChannelHandlerContext context, HttpRequest head, C caller, ByteBuf body, Runnable done);
}
