package dev.hangar.server.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.endpoint.Replica;
import dev.hangar.server.endpoint.ReplicaState;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What supervision decides from the replica slots it sees: when to look at the endpoint again. */
class SupervisionDecisionTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    /**
     * Slots as {@code state[:seconds until its restart]}, separated by spaces; a ready or starting
     * slot has a process. The decision as {@code done}, or {@code requeue <seconds>}.
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "ready,                   requeue 3",
        "ready ready,             requeue 3",
        "ready failed:8,          requeue 8",
        "failed:20 failed:5,      requeue 5",
        "failed:0,                requeue 0.2",
        "starting,                requeue 0.2",
        "ready starting,          requeue 0.2",
        "stopped,                 done",
        "failed,                  done",
        "'',                      done",
    })
    void theNextLookFollowsTheSlots(String slots, String expected) {
        List<Replica> replicas = Arrays.stream(slots.split(" "))
                .filter(s -> !s.isBlank())
                .map(SupervisionDecisionTest::slot)
                .toList();

        Decision decision = Supervision.nextLook(replicas, NOW);

        String seen = switch (decision) {
            case Decision.Done done -> "done";
            case Decision.Requeue requeue ->
                "requeue "
                        + (requeue.after().toMillis() % 1000 == 0
                                ? String.valueOf(requeue.after().toSeconds())
                                : String.valueOf(requeue.after().toMillis() / 1000.0));
            case Decision.Failed failed -> "failed";
        };
        assertThat(seen).isEqualTo(expected);
    }

    private static Replica slot(String spec) {
        String[] parts = spec.split(":");
        ReplicaState state = ReplicaState.valueOf(parts[0].toUpperCase(java.util.Locale.ROOT));
        boolean process = state == ReplicaState.READY || state == ReplicaState.STARTING;
        Instant nextStart = parts.length > 1 ? NOW.plus(Duration.ofSeconds(Long.parseLong(parts[1]))) : null;
        return new Replica(
                "rep-" + spec,
                "end-1",
                0,
                1,
                state,
                process ? "http://127.0.0.1:8100" : null,
                "127.0.0.1",
                process ? 8100 : null,
                process ? 4242L : null,
                process ? NOW.minusSeconds(60) : null,
                "token",
                "/tmp/rep.log",
                0,
                null,
                nextStart,
                null,
                null);
    }
}
