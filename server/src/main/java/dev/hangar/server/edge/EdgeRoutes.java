package dev.hangar.server.edge;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Requests the edge answers itself, on its event loop, instead of passing them to the servlet
 * container: the gateway's inference calls, where every microsecond of the platform's own is
 * added to each token's way to the client.
 */
public interface EdgeRoutes {

    /** Whether this request (its head; the body follows) is one to serve here. Cheap: called for every request. */
    boolean claims(HttpRequest head);

    /** The largest body a claimed request may have; a larger one is refused with 413 before it is served. */
    long bodyLimit();

    /** The answer for a claimed request whose body is larger than {@link #bodyLimit()}. */
    void refuseTooLarge(ChannelHandlerContext context, HttpRequest head, long limit, Runnable done);

    /**
     * Serves a claimed request with its whole body. Answers false, having written nothing, when the
     * request turns out to be one for the servlet container after all; else writes the complete
     * response (or closes the channel) and then runs {@code done}, on the channel's event loop.
     * The body is released by the caller after this returns.
     */
    boolean serve(ChannelHandlerContext context, HttpRequest head, ByteBuf body, Runnable done);
}
