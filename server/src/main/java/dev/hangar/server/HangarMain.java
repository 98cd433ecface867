package dev.hangar.server;

import dev.hangar.server.cli.ApiConnection;
import dev.hangar.server.cli.CliFailure;
import dev.hangar.server.cli.DeployCommand;
import dev.hangar.server.cli.EndpointsCommand;
import dev.hangar.server.cli.ModelsCommand;
import dev.hangar.server.home.HangarHome;
import dev.hangar.server.home.ServerInstance;
import dev.hangar.server.home.StartupProblem;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.PortInUseException;
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
        description = "Hangar: model registry, deployments and an OpenAI-compatible gateway.")
public final class HangarMain {

    /** The top-level commands by name, in the order help lists them. */
    private static final Map<String, Class<?>> COMMANDS = commands();

    private static Map<String, Class<?>> commands() {
        Map<String, Class<?>> commands = new LinkedHashMap<>();
        commands.put("serve", Serve.class);
        commands.put("models", ModelsCommand.class);
        commands.put("deploy", DeployCommand.class);
        commands.put("endpoints", EndpointsCommand.class);
        return commands;
    }

    public static void main(String[] args) {
        int exit = commandLine(args.length == 0 ? null : args[0]).execute(args);
        ApiConnection.closeClient();
        if (exit != 0) {
            System.exit(exit);
        }
    }

    /** The whole command line, every command in it. */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The command line with Hangar's error handling: a {@link CliFailure} prints its sentence, not a
     * stack trace. When {@code invoked} names one of the commands, only that command is built: picocli
     * reads every command's annotations when it is added, which was half of a CLI command's start.
     */
    static CommandLine commandLine(String invoked) {
        CommandLine commandLine = new CommandLine(new HangarMain());
        COMMANDS.forEach((name, command) -> {
            if (invoked == null || !COMMANDS.containsKey(invoked) || name.equals(invoked)) {
                commandLine.addSubcommand(command);
            }
        });
        commandLine.addSubcommand(new CommandLine.HelpCommand());
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
                description = "Stop every replica (after it drains) when the server stops, also without a terminal"
                        + " (or HANGAR_STOP_REPLICAS_ON_EXIT=true).")
        boolean stopReplicasOnExit;

        @Option(
                names = "--keep-replicas-on-exit",
                description = "Leave the replicas serving when the server stops, for the next start to adopt, also"
                        + " in a terminal (or HANGAR_STOP_REPLICAS_ON_EXIT=false). Default: a server started in a"
                        + " terminal stops them, one started without (a service manager) keeps them.")
        boolean keepReplicasOnExit;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (port < 0 || port > 65535) {
                throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535, not " + port);
            }
            if (stopReplicasOnExit && keepReplicasOnExit) {
                throw new ParameterException(
                        spec.commandLine(), "--stop-replicas-on-exit and --keep-replicas-on-exit exclude each other");
            }
            ServerInstance instance;
            try {
                instance = ServerInstance.claim(HangarHome.fromEnvironment(), isSet(System.getenv("HANGAR_TLS_CERT")));
            } catch (ServerInstance.AlreadyRunning e) {
                return refuse(e.getMessage());
            } catch (StartupProblem e) {
                return refuse(e.getMessage() + "\nhangar: " + e.action());
            }
            if (port != 0 && !free(port)) {
                return refuse(portInUse(port));
            }
            SpringApplication app = new SpringApplication(HangarApplication.class);
            app.setMainApplicationClass(HangarApplication.class);
            app.addListeners(instance);
            List<String> properties = new ArrayList<>(List.of("--server.port=" + port));
            if (stopReplicasOnExit || keepReplicasOnExit) {
                properties.add("--hangar.replicas.stop-on-exit=" + stopReplicasOnExit);
            }
            try {
                app.run(properties.toArray(String[]::new));
            } catch (RuntimeException e) {
                for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                    if (cause instanceof PortInUseException) { // taken since the check above
                        return refuse(portInUse(port));
                    }
                }
                throw e;
            }
            return 0;
        }

        private int refuse(String line) {
            spec.commandLine().getErr().println("hangar: " + line);
            spec.commandLine().getErr().flush();
            return 1;
        }

        private static String portInUse(int port) {
            return "port " + port + " is already in use by another program; start Hangar on another port with"
                    + " --port N (or HANGAR_PORT=N), or stop what listens on " + port;
        }

        /** Whether the server could listen on {@code port}, tried the way it listens (every address, reusing it). */
        private static boolean free(int port) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(port));
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        private static boolean isSet(String value) {
            return value != null && !value.isBlank();
        }
    }
}
