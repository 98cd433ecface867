package dev.hangar.server.backend.local;

import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.home.StartupProblem;
import dev.hangar.server.reconcile.ReplicaPorts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The ports replicas on this machine may listen on ({@code HANGAR_REPLICA_PORT_FROM} to
 * {@code HANGAR_REPLICA_PORT_TO}). A port is free when no recorded replica has it and nothing on
 * the host listens on it. The pool remembers nothing: the caller records the port it got before
 * asking for the next one.
 */
@Component
public class PortPool implements ReplicaPorts {

    static final int LOWEST = 1024;
    static final int HIGHEST = 65535;

    private final int from;
    private final int to;

    @Autowired
    public PortPool(HangarProperties properties) {
        this(properties.replicas().portFrom(), properties.replicas().portTo());
    }

    PortPool(int from, int to) {
        if (from < LOWEST || to > HIGHEST || from > to) {
            throw new StartupProblem(
                    "The replica ports HANGAR_REPLICA_PORT_FROM=" + from + " to HANGAR_REPLICA_PORT_TO=" + to
                            + " are not a range within " + LOWEST + "–" + HIGHEST + ".",
                    "Set HANGAR_REPLICA_PORT_FROM to at most HANGAR_REPLICA_PORT_TO, both between " + LOWEST + " and "
                            + HIGHEST + " (the defaults are 8100 and 8199).");
        }
        this.from = from;
        this.to = to;
    }

    /**
     * The lowest port of the range that no recorded replica uses and that can be bound on the host.
     *
     * @param inUse the ports of the replicas recorded on this machine, running or starting
     * @throws IllegalStateException when every port of the range is taken
     */
    @Override
    public int acquire(Set<Integer> inUse) {
        for (int port = from; port <= to; port++) {
            if (!inUse.contains(port) && bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("all " + (to - from + 1) + " ports " + from + "–" + to
                + " are taken by replicas or other programs; widen HANGAR_REPLICA_PORT_FROM/HANGAR_REPLICA_PORT_TO");
    }

    /**
     * Whether a listener could take the port on every address. Address reuse is off, so a port in
     * TIME_WAIT or bound by another program on any single address counts as taken.
     */
    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
