package dev.hangar.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.endpoint.Replica;
import dev.hangar.server.endpoint.ReplicaState;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplicaBalancerTest {

    private final Replica a = replica("rep-a");
    private final Replica b = replica("rep-b");
    private final Instant now = Instant.parse("2025-01-01T00:00:00Z");
    private final ReplicaBalancer balancer = new ReplicaBalancer(Clock.fixed(now, ZoneOffset.UTC));

    @Test
    void ofTwoReplicasTheOneWithFewerRequestsInFlightIsPicked() {
        try (var busy = balancer.acquire(a)) {
            for (int i = 0; i < 50; i++) {
                assertThat(balancer.pick(List.of(a, b))).contains(b);
            }
        }
        assertThat(balancer.inFlight(a)).isZero();
    }

    @Test
    void idleReplicasAllGetPicked() {
        Replica c = replica("rep-c");
        Set<String> picked = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            picked.add(balancer.pick(List.of(a, b, c)).orElseThrow().id());
        }
        assertThat(picked).containsExactlyInAnyOrder("rep-a", "rep-b", "rep-c");
    }

    @Test
    void aSuspectReplicaIsSkippedWhileAnotherIsThere() {
        balancer.suspect(a);
        try (var busy = balancer.acquire(b)) {
            for (int i = 0; i < 50; i++) {
                assertThat(balancer.pick(List.of(a, b))).contains(b);
            }
        }
        assertThat(balancer.pick(List.of(a))).contains(a);
    }

    @Test
    void suspicionEndsAfterItsTime() {
        MovableClock clock = new MovableClock(now);
        ReplicaBalancer balancer = new ReplicaBalancer(clock);
        balancer.suspect(a);
        try (var busy = balancer.acquire(b)) {
            assertThat(balancer.pick(List.of(a, b))).contains(b);
            clock.now = now.plus(ReplicaBalancer.SUSPECT_FOR);
            assertThat(balancer.pick(List.of(a, b))).contains(a);
        }
    }

    @Test
    void noCandidatesNoPick() {
        assertThat(balancer.pick(List.of())).isEmpty();
    }

    /** A clock the test moves by hand. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private static Replica replica(String id) {
        return new Replica(
                id,
                "ep-1",
                0,
                1,
                ReplicaState.READY,
                "http://127.0.0.1:8100",
                "127.0.0.1",
                8100,
                1L,
                null,
                "",
                "",
                0,
                null,
                null,
                null,
                null);
    }
}
