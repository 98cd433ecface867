package dev.hangar.server.cli;

import dev.hangar.server.HangarMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs {@code hangar …} in-process as a user types it, against a test server, and keeps what it printed. */
final class HangarCli {

    /** What one command did: its exit code, standard output and standard error. */
    record Run(int exit, String out, String err) {}

    private final String url;
    private final String apiKey;

    HangarCli(String url, String apiKey) {
        this.url = url;
        this.apiKey = apiKey;
    }

    /** Runs a command that talks to the server; {@code --url} and {@code --api-key} are added. */
    Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", url, "--api-key", apiKey));
        return local(all.toArray(String[]::new));
    }

    /** Runs a command exactly as given. */
    static Run local(String... args) {
        CommandLine cli = HangarMain.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
