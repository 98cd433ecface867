package dev.hangar.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedProcessTest {

    @Test
    void hungProgramIsKilledAtTheDeadline() {
        BoundedProcess.Outcome outcome = assertTimeoutPreemptively(
                Duration.ofSeconds(10),
                () -> BoundedProcess.run(List.of("sh", "-c", "echo started; sleep 60"), Duration.ofMillis(500), 1024));

        assertThat(outcome.exitCode()).isEmpty();
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.output()).isEqualTo("started");
    }

    @Test
    void chattyProgramFinishesAndOnlyTheStartOfItsOutputIsKept() throws Exception {
        BoundedProcess.Outcome outcome = BoundedProcess.run(
                List.of("sh", "-c", "yes x | head -c 4000000 | tr -d '\\n'; exit 3"), Duration.ofSeconds(20), 100);

        assertThat(outcome.exitCode()).hasValue(3);
        assertThat(outcome.output()).hasSize(100).matches("x+");
    }
}
