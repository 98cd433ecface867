package dev.hangar.server.router;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The addresses a router endpoint may not reach unless an admin allows them: those that lead to
 * this machine, its local networks or a cloud's metadata service rather than to a provider on the
 * internet (RFC 6890's special-purpose registries). An IPv6 address that carries an IPv4 one
 * (mapped, compatible, NAT64, 6to4) is judged by the IPv4 address it carries.
 */
final class RestrictedAddresses {

    private static final Map<AddressRange, String> RANGES = ranges(
            "0.0.0.0/8", "an unspecified address",
            "127.0.0.0/8", "a loopback address",
            "10.0.0.0/8", "a private address",
            "172.16.0.0/12", "a private address",
            "192.168.0.0/16", "a private address",
            "100.64.0.0/10", "a shared (carrier-grade NAT) address",
            "169.254.0.0/16", "a link-local address (where clouds serve instance metadata)",
            "224.0.0.0/4", "a multicast address",
            "240.0.0.0/4", "a reserved or broadcast address",
            "::/128", "an unspecified address",
            "::1/128", "a loopback address",
            "fe80::/10", "a link-local address",
            "fec0::/10", "a site-local address",
            "fc00::/7", "a unique-local (private) address",
            "ff00::/8", "a multicast address");

    /** IPv6 prefixes whose addresses carry an IPv4 address, and where it sits in them. */
    private static final Map<AddressRange, Integer> CARRIERS = Map.of(
            AddressRange.parse("::ffff:0:0/96"), 12,
            AddressRange.parse("::/96"), 12,
            AddressRange.parse("64:ff9b::/96"), 12,
            AddressRange.parse("2002::/16"), 2);

    private RestrictedAddresses() {}

    /** What kind of restricted address {@code address} is; empty for an address on the internet. */
    static Optional<String> kind(InetAddress address) {
        Optional<InetAddress> carried = carriedIpv4(address);
        if (carried.isPresent()) {
            return kind(carried.get());
        }
        return RANGES.entrySet().stream()
                .filter(range -> range.getKey().contains(address))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    private static Optional<InetAddress> carriedIpv4(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != 16) {
            return Optional.empty();
        }
        return CARRIERS.entrySet().stream()
                .filter(carrier -> carrier.getKey().contains(address))
                .findFirst()
                .filter(carrier -> !isUnspecifiedOrLoopback(bytes))
                .map(carrier -> ipv4(Arrays.copyOfRange(bytes, carrier.getValue(), carrier.getValue() + 4)));
    }

    /** {@code ::} and {@code ::1} lie in the compatible prefix but are IPv6's own. */
    private static boolean isUnspecifiedOrLoopback(byte[] bytes) {
        for (int i = 0; i < 15; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[15] == 0 || bytes[15] == 1;
    }

    private static InetAddress ipv4(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    private static Map<AddressRange, String> ranges(String... rangeThenKind) {
        Map<AddressRange, String> ranges = new LinkedHashMap<>();
        for (int i = 0; i < rangeThenKind.length; i += 2) {
            ranges.put(AddressRange.parse(rangeThenKind[i]), rangeThenKind[i + 1]);
        }
        return ranges;
    }
}
