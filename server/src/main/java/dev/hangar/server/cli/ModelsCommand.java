package dev.hangar.server.cli;

import picocli.CommandLine.Command;

/** {@code hangar models …}: the registry from the command line, against a running server. */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = "List, import, show and remove models; make tiny test models.",
        subcommands = {
            ListModelsCommand.class,
            ImportModelCommand.class,
            ShowModelCommand.class,
            RemoveModelCommand.class,
            MakeTinyCommand.class
        })
public final class ModelsCommand {}
