package dev.hangar.server.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UpstreamResolverTest {

    private static final InetAddress OWN_PUBLIC = address("203.0.113.7");

    /** A DNS of fixed answers: names an attacker controls may point anywhere. */
    private static final Map<String, List<String>> DNS = Map.of(
            "api.provider.example", List.of("93.184.216.34", "2606:2800:220:1::1"),
            "rebind.attacker.example", List.of("10.0.0.5"),
            "half.attacker.example", List.of("93.184.216.34", "127.0.0.1"),
            "metadata.attacker.example", List.of("169.254.169.254"),
            "v6.attacker.example", List.of("fd00:ec2::254"),
            "gpu-box.lan", List.of("192.168.1.20"),
            "self.example", List.of("203.0.113.7"));

    private static UpstreamResolver resolver(String... allowed) {
        return new UpstreamResolver(List.of(allowed), UpstreamResolverTest::lookup, Set.of(OWN_PUBLIC));
    }

    private static InetAddress[] lookup(String host) throws UnknownHostException {
        if (AddressRange.literal(host).isPresent()) {
            return new InetAddress[] {address(host)};
        }
        List<String> answers = DNS.get(host.toLowerCase(java.util.Locale.ROOT).replaceAll("\\.$", ""));
        if (answers == null) {
            throw new UnknownHostException(host);
        }
        return answers.stream().map(UpstreamResolverTest::address).toArray(InetAddress[]::new);
    }

    private static InetAddress address(String literal) {
        return AddressRange.literal(literal).orElseThrow();
    }

    private static void assertRefused(UpstreamResolver resolver, String host, String kind) {
        assertThatThrownBy(() -> resolver.resolve(host))
                .as(host)
                .isInstanceOf(UpstreamResolver.Refused.class)
                .hasMessageContaining(kind)
                .hasMessageContaining("HANGAR_ROUTER_ALLOWED_HOSTS");
    }

    @Test
    void publicAddressesAndNamesAreReachable() throws UnknownHostException {
        assertThat(resolver().resolve("api.provider.example")).hasSize(2);
        assertThat(resolver().resolve("8.8.8.8")).containsExactly(address("8.8.8.8"));
        assertThat(resolver().resolve("[2001:4860:4860::8888]")).hasSize(1);
        assertThat(resolver().resolve("172.32.0.1")).as("just past 172.16/12").hasSize(1);
    }

    @Test
    void ipv4RangesThatLeadInwardAreRefused() {
        UpstreamResolver resolver = resolver();
        assertRefused(resolver, "127.0.0.1", "127.0.0.1 is a loopback address");
        assertRefused(resolver, "127.8.9.10", "a loopback address");
        assertRefused(resolver, "0.0.0.0", "an unspecified address");
        assertRefused(resolver, "10.20.30.40", "a private address");
        assertRefused(resolver, "172.16.0.1", "a private address");
        assertRefused(resolver, "172.31.255.255", "a private address");
        assertRefused(resolver, "192.168.0.1", "a private address");
        assertRefused(resolver, "100.64.0.1", "carrier-grade NAT");
        assertRefused(resolver, "169.254.169.254", "a link-local address");
        assertRefused(resolver, "224.0.0.1", "a multicast address");
        assertRefused(resolver, "255.255.255.255", "broadcast");
    }

    @Test
    void ipv6RangesThatLeadInwardAreRefused() {
        UpstreamResolver resolver = resolver();
        assertRefused(resolver, "[::1]", "a loopback address");
        assertRefused(resolver, "::", "an unspecified address");
        assertRefused(resolver, "[fe80::1]", "a link-local address");
        assertRefused(resolver, "[febf::1]", "a link-local address");
        assertRefused(resolver, "[fc00::1]", "a unique-local (private) address");
        assertRefused(resolver, "[fd12:3456::1]", "a unique-local (private) address");
        assertRefused(resolver, "[ff02::1]", "a multicast address");
    }

    @Test
    void ipv6FormsOfInwardIpv4AddressesAreRefused() throws UnknownHostException {
        UpstreamResolver resolver = resolver();
        assertRefused(resolver, "[::ffff:127.0.0.1]", "a loopback address");
        assertRefused(resolver, "[::ffff:a9fe:a9fe]", "a link-local address");
        assertRefused(resolver, "[::10.0.0.1]", "a private address");
        assertRefused(resolver, "[64:ff9b::192.168.1.1]", "a private address");
        assertRefused(resolver, "[2002:7f00:1::]", "a loopback address");
        // an IPv4-mapped address kept in its IPv6 form, as a resolver may hand it over
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 169, (byte) 254, 1, 1};
        InetAddress v6 = Inet6Address.getByAddress(null, mapped, -1);
        UpstreamResolver viaMapped = new UpstreamResolver(List.of(), host -> new InetAddress[] {v6}, Set.of());
        assertRefused(viaMapped, "mapped.attacker.example", "a link-local address");
        assertThat(resolver.resolve("[::ffff:8.8.8.8]")).hasSize(1);
    }

    @Test
    void namesThatResolveInwardAreRefused() {
        UpstreamResolver resolver = resolver();
        assertRefused(
                resolver,
                "rebind.attacker.example",
                "rebind.attacker.example resolves to 10.0.0.5, which is a private");
        assertRefused(resolver, "half.attacker.example", "resolves to 127.0.0.1");
        assertRefused(resolver, "metadata.attacker.example", "a link-local address");
        assertRefused(resolver, "v6.attacker.example", "a unique-local (private) address");
    }

    @Test
    void theServersOwnAddressesAreRefused() {
        assertRefused(resolver(), "203.0.113.7", "an address of this server");
        assertRefused(resolver(), "self.example", "an address of this server");
    }

    @Test
    void anAdminCanAllowNamesAddressesAndRanges() throws UnknownHostException {
        assertThat(resolver("gpu-box.lan").resolve("GPU-box.lan.")).hasSize(1);
        assertThat(resolver("192.168.1.20").resolve("gpu-box.lan")).hasSize(1);
        assertThat(resolver("192.168.0.0/16").resolve("192.168.44.1")).hasSize(1);
        assertThat(resolver("fd00::/8").resolve("[fd00:ec2::254]")).hasSize(1);
        assertRefused(resolver("192.168.0.0/16"), "10.0.0.1", "a private address");
        assertRefused(resolver("gpu-box.lan"), "192.168.1.20", "a private address");
    }

    @Test
    void anUnknownNameIsNotFoundRatherThanRefused() {
        assertThatThrownBy(() -> resolver().resolve("nowhere.example"))
                .isInstanceOf(UnknownHostException.class)
                .isNotInstanceOf(UpstreamResolver.Refused.class);
    }

    @Test
    void aMalformedAllowedEntryStopsTheServer() {
        assertThatThrownBy(() -> resolver("10.0.0.0/33"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> resolver("10.0.0.300"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10.0.0.300");
    }
}
