package dev.hangar.server.home;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One server per HANGAR_HOME, held by a file lock; its {@code server.url} as the CLI reads it. */
class ServerInstanceTest {

    @TempDir
    Path home;

    @Test
    void aSecondClaimOfTheSameHomeIsRefusedNamingThePidUntilTheFirstLetsGo() {
        ServerInstance first = ServerInstance.claim(home, false);
        long pid = ProcessHandle.current().pid();
        new RecordedServer(pid, "http://localhost:18080").writeTo(home);

        assertThatThrownBy(() -> ServerInstance.claim(home, false))
                .isInstanceOf(ServerInstance.AlreadyRunning.class)
                .hasMessage("a Hangar already runs on " + home + " (pid " + pid
                        + ", http://localhost:18080); stop it first, or set HANGAR_HOME to another directory to run"
                        + " a second one");

        first.release();
        assertThat(home.resolve("server.url")).doesNotExist();
        ServerInstance.claim(home, false).release();
    }

    @Test
    void aClaimRefusedBeforeTheFirstServerIsReadySaysItIsStarting() {
        ServerInstance first = ServerInstance.claim(home, false);
        try {
            assertThatThrownBy(() -> ServerInstance.claim(home, false))
                    .hasMessageContaining("(pid " + ProcessHandle.current().pid() + ", starting)");
        } finally {
            first.release();
        }
    }

    @Test
    void theRecordOfALiveServerIsReadBack() {
        RecordedServer written = new RecordedServer(ProcessHandle.current().pid(), "http://localhost:18080");
        written.writeTo(home);

        assertThat(RecordedServer.of(home)).contains(written);
    }

    @Test
    void aRecordLeftByAServerThatIsGoneIsIgnored() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        new RecordedServer(ended.pid(), "http://localhost:18080").writeTo(home);

        assertThat(RecordedServer.of(home)).isEmpty();
    }

    @Test
    void aRecordWhosePidNowBelongsToAnotherProcessIsIgnored() throws Exception {
        new RecordedServer(ProcessHandle.current().pid(), "http://localhost:18080").writeTo(home);
        String file = Files.readString(home.resolve("server.url"));
        Files.writeString(
                home.resolve("server.url"), file.replaceAll("started=.*", "started=2001-01-01T00\\\\:00\\\\:00Z"));

        assertThat(RecordedServer.of(home)).isEmpty();
    }

    @Test
    void theUrlNamesLocalhostForEveryAddressAndTheAddressOtherwise() {
        assertThat(RecordedServer.url(false, "", 8080)).isEqualTo("http://localhost:8080");
        assertThat(RecordedServer.url(false, "0.0.0.0", 8080)).isEqualTo("http://localhost:8080");
        assertThat(RecordedServer.url(true, "192.168.1.5", 8443)).isEqualTo("https://192.168.1.5:8443");
        assertThat(RecordedServer.url(false, "::1", 8080)).isEqualTo("http://[::1]:8080");
    }
}
