package dev.hangar.server.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What happens to replicas when the server stops: the setting decides, else whether a person started it in a terminal. */
class ReplicasAtExitTest {

    @Test
    void startedInATerminalWithoutASettingStopsThemAndNamesTheFlagThatKeepsThem() {
        ReplicasAtExit rule = ReplicasAtExit.decide(Optional.empty(), true);

        assertThat(rule.stop()).isTrue();
        assertThat(rule.rule()).contains("Ctrl-C").contains("--keep-replicas-on-exit");
    }

    @Test
    void startedWithoutATerminalWithoutASettingKeepsThemAndNamesTheFlagThatStopsThem() {
        ReplicasAtExit rule = ReplicasAtExit.decide(Optional.empty(), false);

        assertThat(rule.stop()).isFalse();
        assertThat(rule.rule()).contains("adopted at the next start").contains("--stop-replicas-on-exit");
    }

    @Test
    void theSettingWinsOverTheTerminal() {
        assertThat(ReplicasAtExit.decide(Optional.of(false), true).stop()).isFalse();
        assertThat(ReplicasAtExit.decide(Optional.of(true), false).stop()).isTrue();
    }
}
