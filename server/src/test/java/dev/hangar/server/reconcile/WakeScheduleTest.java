package dev.hangar.server.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WakeScheduleTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final Instant SWEEP = T0.plus(Duration.ofMinutes(30));

    private final WakeSchedule schedule = new WakeSchedule();

    /** The decision of one pass, and when the endpoint's next pass is due (the safety poll when nothing asked). */
    @ParameterizedTest
    @CsvSource({
        "done,                        1800",
        "requeue 3 s,                 3",
        "failed for good,             1800",
        "failed and retryable,        1",
    })
    void eachDecisionSchedulesTheNextPass(String decision, long dueInSeconds) {
        schedule.decided("e1", decision(decision), T0);

        assertThat(schedule.next(SWEEP, id -> true)).isEqualTo(T0.plusSeconds(dueInSeconds));
    }

    @Test
    void retryableFailuresInARowBackOffDoublingUpToFiveMinutesAndASuccessResetsIt() {
        List<Long> waits = new ArrayList<>();
        Instant now = T0;
        for (int i = 0; i < 11; i++) {
            schedule.begin("e1");
            schedule.decided("e1", decision("failed and retryable"), now);
            Instant due = schedule.next(SWEEP.plus(Duration.ofDays(1)), id -> true);
            waits.add(Duration.between(now, due).toSeconds());
            now = due;
        }
        assertThat(waits).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 300L, 300L);
        assertThat(schedule.failuresInARow("e1")).isEqualTo(11);

        schedule.begin("e1");
        schedule.decided("e1", decision("requeue 3 s"), now);
        assertThat(schedule.failuresInARow("e1")).isZero();
        schedule.begin("e1");
        schedule.decided("e1", decision("failed and retryable"), now);
        assertThat(schedule.next(SWEEP, id -> true)).isEqualTo(now.plusSeconds(1));
    }

    @Test
    void aFailingEndpointIsLeftToItsBackoffUntilItIsOverOrSomethingWakesIt() {
        for (int i = 0; i < 5; i++) {
            schedule.begin("e1");
            schedule.decided("e1", decision("failed and retryable"), T0);
        }
        assertThat(schedule.backingOff("e1", T0.plusSeconds(15)))
                .as("the fifth failure in a row waits 16 s, past a 10 s safety poll")
                .isTrue();
        assertThat(schedule.backingOff("e1", T0.plusSeconds(16)))
                .as("its backoff is over")
                .isFalse();
        assertThat(schedule.backingOff("e2", T0))
                .as("an endpoint that did not fail")
                .isFalse();

        schedule.wake("e1", T0.plusSeconds(1));
        assertThat(schedule.backingOff("e1", T0.plusSeconds(1)))
                .as("woken by a change")
                .isFalse();
    }

    @Test
    void aWakeUpDuringAPassIsKeptSoThatAnotherPassFollows() {
        schedule.wake("e1", T0);
        assertThat(schedule.dueAt(T0, id -> true)).containsExactly("e1");

        schedule.begin("e1");
        assertThat(schedule.dueAt(T0, id -> true)).isEmpty();
        schedule.wake("e1", T0.plusSeconds(1));
        schedule.decided("e1", decision("requeue 3 s"), T0.plusSeconds(2));

        assertThat(schedule.dueAt(T0.plusSeconds(2), id -> true)).containsExactly("e1");
    }

    @Test
    void anEndpointWithAPassUnderWayIsNeitherDueNorWaitedFor() {
        schedule.wake("busy", T0);
        schedule.decided("idle", decision("requeue 3 s"), T0);

        assertThat(schedule.dueAt(T0.plusSeconds(5), id -> !id.equals("busy"))).containsExactly("idle");
        assertThat(schedule.next(SWEEP, id -> !id.equals("busy"))).isEqualTo(T0.plusSeconds(3));
    }

    private static Decision decision(String name) {
        return switch (name) {
            case "done" -> new Decision.Done("running");
            case "requeue 3 s" -> new Decision.Requeue(Duration.ofSeconds(3), "health check");
            case "failed for good" -> new Decision.Failed("model deleted", false);
            case "failed and retryable" -> new Decision.Failed("database unavailable", true);
            default -> throw new IllegalArgumentException(name);
        };
    }
}
