package dev.hangar.server.edge;

import dev.hangar.server.home.HangarProperties;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's sockets: Linux's io_uring where the kernel allows it (one system call submits a loop
 * pass's reads and writes together), Java's NIO otherwise. The event loops and every channel on
 * them (the clients', the replicas', the servlet container's) must be of the one kind chosen, once
 * per server ({@link EdgeTransportChoice}). {@code HANGAR_EDGE_TRANSPORT=nio} keeps to NIO.
 */
public enum EdgeTransport {
    IO_URING,
    NIO;

    private static final Logger log = LoggerFactory.getLogger(EdgeTransport.class);

    public IoHandlerFactory handlers() {
        return switch (this) {
            case IO_URING -> IoUringIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
    }

    public Class<? extends ServerSocketChannel> listening() {
        return switch (this) {
            case IO_URING -> IoUringServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
        };
    }

    public Class<? extends SocketChannel> connected() {
        return switch (this) {
            case IO_URING -> IoUringSocketChannel.class;
            case NIO -> NioSocketChannel.class;
        };
    }

    /** The kind the settings ask for: NIO when asked, else io_uring where the kernel allows it. */
    static EdgeTransport choose(HangarProperties.Edge settings) {
        if (settings.transport() == HangarProperties.Edge.Transport.NIO) {
            log.info("edge: NIO sockets, as the setting hangar.edge.transport (HANGAR_EDGE_TRANSPORT) asks");
            return NIO;
        }
        if (IoUring.isAvailable()) {
            log.debug("edge: io_uring sockets");
            return IO_URING;
        }
        log.info(
                "edge: NIO sockets: io_uring is not available here ({})",
                IoUring.unavailabilityCause().toString());
        return NIO;
    }
}
