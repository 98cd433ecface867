package dev.hangar.server.edge;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * How the edge tells the servlet container who the client is: every request it passes on carries
 * {@link #HEADER} with a secret made at start, the client's address and whether it came over
 * HTTPS. The servlet container listens on loopback, where other local programs can reach it too,
 * so the header is believed only with the secret; whatever a client sends under that name is
 * overwritten by the edge.
 */
@Component
final class EdgeForwarding {

    static final String HEADER = "Hangar-Edge-Forwarded";

    /** What the edge knows about the client of a request. */
    record Client(String address, boolean secure) {}

    private final String secret;

    EdgeForwarding() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** The header's value for a request from {@code client}. */
    String value(SocketAddress client, boolean secure) {
        String address = client instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress()
                : "unknown";
        return secret + " " + address + " " + (secure ? "https" : "http");
    }

    /** The client named by a header value, when it carries the secret. */
    Optional<Client> read(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.split(" ", 3);
        if (parts.length != 3
                || !MessageDigest.isEqual(
                        parts[0].getBytes(StandardCharsets.US_ASCII), secret.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return Optional.of(new Client(parts[1], parts[2].equals("https")));
    }
}
