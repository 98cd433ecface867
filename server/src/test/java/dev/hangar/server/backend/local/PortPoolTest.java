package dev.hangar.server.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangar.server.home.StartupProblem;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Replicas get the lowest port nobody has: not a recorded replica, not another program on the host. */
class PortPoolTest {

    @Test
    void theLowestFreePortComesFirst() {
        int base = freeRange(3);

        assertThat(new PortPool(base, base + 2).acquire(Set.of())).isEqualTo(base);
    }

    @Test
    void portsOfRecordedReplicasAreSkipped() {
        int base = freeRange(3);

        assertThat(new PortPool(base, base + 2).acquire(Set.of(base, base + 1))).isEqualTo(base + 2);
    }

    @Test
    void aPortAnotherProgramListensOnIsSkippedEvenOnLoopbackOnly() throws IOException {
        int base = freeRange(3);
        try (ServerSocket other = listenOnLoopback(base)) {
            assertThat(new PortPool(base, base + 2).acquire(Set.of())).isEqualTo(base + 1);
        }
    }

    @Test
    void whenEveryPortIsTakenTheErrorNamesTheRangeAndTheSettings() throws IOException {
        int base = freeRange(2);
        try (ServerSocket other = listenOnLoopback(base + 1)) {
            assertThatThrownBy(() -> new PortPool(base, base + 1).acquire(Set.of(base)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("all 2 ports " + base + "–" + (base + 1)
                            + " are taken by replicas or other programs;"
                            + " widen HANGAR_REPLICA_PORT_FROM/HANGAR_REPLICA_PORT_TO");
        }
    }

    @Test
    void aReversedOrPrivilegedRangeKeepsTheServerFromStarting() {
        assertThatThrownBy(() -> new PortPool(8199, 8100))
                .isInstanceOf(StartupProblem.class)
                .hasMessageContaining("HANGAR_REPLICA_PORT_FROM=8199 to HANGAR_REPLICA_PORT_TO=8100");
        assertThatThrownBy(() -> new PortPool(80, 8199))
                .isInstanceOf(StartupProblem.class)
                .hasMessageContaining("within 1024–65535");
        assertThatThrownBy(() -> new PortPool(8100, 70000)).isInstanceOf(StartupProblem.class);
    }

    private static ServerSocket listenOnLoopback(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return socket;
    }

    /** The first of {@code count} consecutive ports below the ephemeral range that nothing holds now. */
    private static int freeRange(int count) {
        for (int base = 21000; base < 32000; base += 10) {
            if (IntStream.range(base, base + count).allMatch(PortPoolTest::free)) {
                return base;
            }
        }
        throw new IllegalStateException("no " + count + " free consecutive ports between 21000 and 32000");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
