package dev.hangar.server.gateway;

import java.io.InputStream;
import java.util.Optional;

/**
 * A replica's answer whose body is read as it arrives. Closing it after the body's end keeps the
 * connection for the next request; closing it before drops the connection, which is how the
 * replica learns that nobody waits for the rest (it stops generating).
 */
interface UpstreamResponse extends AutoCloseable {

    int status();

    /** The {@code Content-Type} the replica sent, {@code application/json} when it sent none. */
    String contentType();

    InputStream body();

    /** The first value of a header the replica sent; empty when it sent none. */
    Optional<String> header(String name);

    @Override
    void close();
}
