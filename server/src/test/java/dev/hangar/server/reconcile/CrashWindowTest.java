package dev.hangar.server.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrashWindowTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void backoffDoublesFromOneSecondUpToAMinute() {
        CrashWindow window = new CrashWindow(List.of());
        List<Long> delays = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            window = window.with(T0.plusSeconds(i));
            delays.add(window.backoff().toSeconds());
        }
        assertThat(delays).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L);
    }

    @Test
    void fiveCrashesWithinTenMinutesAreTooMany() {
        CrashWindow window = new CrashWindow(List.of());
        for (int i = 0; i < 4; i++) {
            window = window.with(T0.plus(Duration.ofMinutes(2L * i)));
        }
        assertThat(window.exceeded()).isFalse();
        assertThat(window.with(T0.plus(Duration.ofMinutes(9))).exceeded()).isTrue();
    }

    @Test
    void crashesOlderThanTheWindowAreForgotten() {
        CrashWindow window = new CrashWindow(List.of(T0, T0.plusSeconds(10), T0.plusSeconds(20), T0.plusSeconds(30)));

        CrashWindow later = window.with(T0.plus(Duration.ofMinutes(10)).plusSeconds(15));

        assertThat(later.crashes())
                .containsExactly(
                        T0.plusSeconds(20),
                        T0.plusSeconds(30),
                        T0.plus(Duration.ofMinutes(10)).plusSeconds(15));
        assertThat(later.exceeded()).isFalse();
        assertThat(later.backoff()).isEqualTo(Duration.ofSeconds(4));
    }
}
