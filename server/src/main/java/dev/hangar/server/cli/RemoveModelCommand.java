package dev.hangar.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hangar models rm}: removes a model from the registry. */
@Command(
        name = "rm",
        mixinStandardHelpOptions = true,
        description = "Remove a model from the registry (files registered in place stay).")
final class RemoveModelCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "Model id or name.")
    String model;

    @Override
    public Integer call() {
        server.connect().delete("/api/v1/models/" + model);
        spec.commandLine().getOut().println("removed " + model);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
