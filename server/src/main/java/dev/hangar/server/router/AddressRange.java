package dev.hangar.server.router;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/** A CIDR range of IPv4 or IPv6 addresses ({@code 10.0.0.0/8}, {@code fc00::/7}); a bare address is a range of one. */
final class AddressRange {

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

    private final byte[] network;
    private final int prefix;

    private AddressRange(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /** Parses {@code address[/prefix]}; the address must be a literal, so that no name is looked up. */
    static AddressRange parse(String text) {
        int slash = text.indexOf('/');
        String literal = slash < 0 ? text : text.substring(0, slash);
        byte[] network = literal(literal)
                .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not an IP address or CIDR range"))
                .getAddress();
        int bits = network.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no prefix length after its /", e);
        }
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0-" + bits);
        }
        return new AddressRange(network, prefix);
    }

    /**
     * The address written as {@code text} (dotted IPv4, or IPv6); empty for anything else, which is
     * never looked up as a name.
     */
    static Optional<InetAddress> literal(String text) {
        if (!IPV4.matcher(text).matches() && !text.contains(":")) {
            return Optional.empty();
        }
        try {
            InetAddress address = InetAddress.getByName(text);
            return Optional.of(text.contains(":") ? asIpv6(address) : address);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Java reads {@code ::ffff:a.b.c.d} as an IPv4 address; a range written in IPv6 stays IPv6. */
    private static InetAddress asIpv6(InetAddress address) throws UnknownHostException {
        byte[] bytes = address.getAddress();
        if (bytes.length == 16) {
            return address;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(bytes, 0, mapped, 12, 4);
        return Inet6Address.getByAddress(null, mapped, -1);
    }

    boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        int whole = prefix / 8;
        if (!Arrays.equals(bytes, 0, whole, network, 0, whole)) {
            return false;
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest);
        return (bytes[whole] & mask) == (network[whole] & mask);
    }
}
