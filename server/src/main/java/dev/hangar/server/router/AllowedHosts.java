package dev.hangar.server.router;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The admin's exceptions to the restricted addresses (HANGAR_ROUTER_ALLOWED_HOSTS): a host name
 * allows URLs naming that host, whatever it resolves to; an address or CIDR range allows the
 * addresses in it, whichever name led there.
 */
final class AllowedHosts {

    private final Set<String> names = new HashSet<>();
    private final List<AddressRange> ranges = new ArrayList<>();

    AllowedHosts(List<String> entries) {
        for (String entry : entries) {
            if (entry.contains("/") || entry.contains(":") || entry.matches("[0-9.]+")) {
                // anything that looks like an address is one, or a mistake the server refuses to start with
                ranges.add(AddressRange.parse(entry));
            } else {
                names.add(hostName(entry));
            }
        }
    }

    boolean allowsName(String host) {
        return names.contains(hostName(host));
    }

    boolean allowsAddress(InetAddress address) {
        return ranges.stream().anyMatch(range -> range.contains(address));
    }

    /** Host names compare without case and without the root's trailing dot. */
    private static String hostName(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
