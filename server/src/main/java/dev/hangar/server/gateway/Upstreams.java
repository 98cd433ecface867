package dev.hangar.server.gateway;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/**
 * The connections an {@link EdgeExchange} sends its request over and hears its answer from: to a
 * replica, or to a router endpoint's provider. A port, so that the exchange's decisions are tested
 * without sockets; {@link ReplicaConnections} is the one on the network.
 */
interface Upstreams {

    /**
     * Where a request goes: {@code baseUrl} (under which {@code /chat/completions} and the others
     * are) with its {@code Authorization} header (null for none). A provider's host is reached only
     * where the router rules allow it, and its key goes to it alone.
     */
    record Destination(String baseUrl, String authorization, boolean provider) {}

    /** What an exchange hears from its connection. */
    interface Listener {

        void connected(Channel channel, boolean reused);

        void response(HttpResponse head);

        /** A part of the body; the listener releases it. */
        void content(HttpContent content);

        /** The end of one read from the connection: what its parts brought can leave in one write. */
        default void readComplete() {}

        /** The connection could not be made, or failed or closed before the answer ended. */
        void failed(Throwable cause);
    }

    /**
     * A connection to {@code destination} on {@code loop}, reused from the loop's pool unless
     * {@code fresh}; the answer goes to {@code listener}. Runs on {@code loop}.
     */
    void open(EventLoop loop, Destination destination, boolean fresh, Listener listener);

    /** Sends a POST of {@code kind} with {@code body} (JSON) to the destination. */
    void post(Channel channel, Destination destination, InferenceKind kind, byte[] body);

    /** Gives a connection whose answer was read to the end back to its loop's pool. Runs on its loop. */
    void release(Channel channel, Destination destination);

    /** Closes a connection whose answer is not wanted; its listener hears nothing more. */
    void discard(Channel channel);
}
