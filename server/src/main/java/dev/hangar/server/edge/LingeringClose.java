package dev.hangar.server.edge;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a client connection the way HTTP servers must when the client may still be sending (a
 * body refused as too large, an answer with {@code Connection: close} before the request ended):
 * the answer is flushed and the sending side shut, then whatever the client still sends is read and
 * dropped until it closes too, for at most {@link #LINGER}. Closing at once would reset the
 * connection while the client's data is unread, and a reset makes the client lose the answer.
 *
 * <p>A connection whose requests were all read to their end (an answered {@code Connection:
 * close} request, a keep-alive connection closed while idle) is closed at once: nothing of the
 * client's is left to drop, and a plain close spares a shutdown, a timer and a wake-up for the
 * client's own close.
 */
final class LingeringClose extends ChannelDuplexHandler {

    static final Duration LINGER = Duration.ofSeconds(2);

    private boolean lingering;
    private boolean requestsReadInFull;

    /** Whether every request the client sent so far was read to its end; set by the connection's handler. */
    void requestsReadInFull(boolean readInFull) {
        this.requestsReadInFull = readInFull;
    }

    @Override
    public void close(ChannelHandlerContext context, ChannelPromise promise) {
        if (!(context.channel() instanceof SocketChannel socket) || !socket.isActive()) {
            context.close(promise);
            return;
        }
        if (lingering) {
            // A second close while lingering (the keep-alive handler's, once a "Connection: close" answer is
            // written) waits for the first: closing at once would reset the connection under the client's data.
            socket.closeFuture().addListener(closed -> promise.trySuccess());
            return;
        }
        if (requestsReadInFull) {
            context.close(promise);
            return;
        }
        lingering = true;
        ScheduledFuture<?> deadline =
                context.executor().schedule(() -> context.close(promise), LINGER.toMillis(), TimeUnit.MILLISECONDS);
        socket.closeFuture().addListener(closed -> {
            deadline.cancel(false);
            promise.trySuccess();
        });
        // The sending side is shut once everything written before has left: on io_uring a flushed write may
        // still be in the ring, and a shutdown ahead of it would end the stream before the answer.
        context.writeAndFlush(Unpooled.EMPTY_BUFFER)
                .addListener(written -> socket.shutdownOutput().addListener(shut -> {
                    socket.config().setAutoRead(true);
                    socket.read();
                }));
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (lingering) {
            ReferenceCountUtil.release(message);
            return;
        }
        context.fireChannelRead(message);
    }
}
