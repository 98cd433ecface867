package dev.hangar.server;

import dev.hangar.server.cli.CliFailure;
import dev.hangar.server.cli.DeployCommand;
import dev.hangar.server.cli.EndpointsCommand;
import dev.hangar.server.cli.ModelsCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.boot.SpringApplication;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Command-line entry of the server jar: {@code serve} starts the control plane; other commands come with their features. */
@Command(
        name = "hangar",
        mixinStandardHelpOptions = true,
        versionProvider = HangarVersion.class,
        description = "Hangar: model registry, deployments and an OpenAI-compatible gateway.",
        subcommands = {
            HangarMain.Serve.class,
            ModelsCommand.class,
            DeployCommand.class,
            EndpointsCommand.class,
            CommandLine.HelpCommand.class
        })
public final class HangarMain {

    public static void main(String[] args) {
        int exit = commandLine().execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    /** The command line with Hangar's error handling: a {@link CliFailure} prints its sentence, not a stack trace. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new HangarMain());
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof CliFailure failure) {
                line.getErr().println("hangar: " + failure.getMessage());
                line.getErr().flush();
                return 1;
            }
            throw e;
        });
        return commandLine;
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Start the control plane.")
    static final class Serve implements Callable<Integer> {
        @Option(
                names = "--port",
                description = "HTTP port (default: ${DEFAULT-VALUE}, or HANGAR_PORT).",
                defaultValue = "${env:HANGAR_PORT:-8080}")
        int port;

        @Option(
                names = "--stop-replicas-on-exit",
                description = "Stop every replica when the server stops (default: replicas keep serving and are"
                        + " adopted at the next start; or HANGAR_STOP_REPLICAS_ON_EXIT=true).")
        boolean stopReplicasOnExit;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (port < 0 || port > 65535) {
                throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535, not " + port);
            }
            SpringApplication app = new SpringApplication(HangarApplication.class);
            app.setMainApplicationClass(HangarApplication.class);
            List<String> properties = new ArrayList<>(List.of("--server.port=" + port));
            if (stopReplicasOnExit) {
                properties.add("--hangar.replicas.stop-on-exit=true");
            }
            app.run(properties.toArray(String[]::new));
            return 0;
        }
    }
}
