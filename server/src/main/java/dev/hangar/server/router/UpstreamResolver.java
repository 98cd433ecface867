package dev.hangar.server.router;

import dev.hangar.server.home.HangarProperties;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Resolves the host of a router endpoint's upstream and answers its addresses only when every one
 * of them is a router's to reach: not loopback, private, link-local, unique-local, unspecified,
 * multicast or one of this server's own (so not another tenant's replica, a cloud's metadata
 * service or Hangar itself), unless the admin allows it. Connections to providers are made through
 * it, so the address that was checked is the one connected to: a name that resolves elsewhere the
 * next time (DNS rebinding) is checked again before that connection.
 */
@Component
public class UpstreamResolver {

    /** How a host name becomes addresses; the system's resolver outside tests. */
    @FunctionalInterface
    interface Lookup {
        InetAddress[] addresses(String host) throws UnknownHostException;
    }

    /** A host refused because of what it resolves to; says which address and why. */
    public static final class Refused extends UnknownHostException {
        Refused(String message) {
            super(message);
        }
    }

    private final AllowedHosts allowed;
    private final Lookup lookup;
    private final Set<InetAddress> own;

    @Autowired
    public UpstreamResolver(HangarProperties properties) {
        this(properties.routers().allowedHosts(), InetAddress::getAllByName, addressesOfThisMachine());
    }

    UpstreamResolver(List<String> allowedHosts, Lookup lookup, Set<InetAddress> own) {
        this.allowed = new AllowedHosts(allowedHosts);
        this.lookup = lookup;
        this.own = Set.copyOf(own);
    }

    /**
     * The addresses of {@code host} (a name or an address literal, IPv6 in brackets or not).
     *
     * @throws Refused when one of them is restricted and not allowed
     * @throws UnknownHostException when the name does not resolve
     */
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses = lookup.addresses(bare);
        if (allowed.allowsName(bare)) {
            return addresses;
        }
        for (InetAddress address : addresses) {
            Optional<String> restriction = restriction(address);
            if (restriction.isPresent()) {
                throw new Refused(describe(bare, address) + " is " + restriction.get()
                        + ", which router endpoints may not reach; an admin can allow it with"
                        + " HANGAR_ROUTER_ALLOWED_HOSTS");
            }
        }
        return addresses;
    }

    private Optional<String> restriction(InetAddress address) {
        if (allowed.allowsAddress(address)) {
            return Optional.empty();
        }
        Optional<String> kind = RestrictedAddresses.kind(address);
        if (kind.isPresent() || !own.contains(address)) {
            return kind;
        }
        return Optional.of("an address of this server");
    }

    private static String describe(String host, InetAddress address) {
        String literal = address.getHostAddress();
        return literal.equals(host) ? literal : host + " resolves to " + literal + ", which";
    }

    private static Set<InetAddress> addressesOfThisMachine() {
        try {
            return NetworkInterface.networkInterfaces()
                    .flatMap(NetworkInterface::inetAddresses)
                    .collect(Collectors.toSet());
        } catch (SocketException e) {
            throw new IllegalStateException("cannot list this machine's network addresses: " + e.getMessage(), e);
        }
    }
}
