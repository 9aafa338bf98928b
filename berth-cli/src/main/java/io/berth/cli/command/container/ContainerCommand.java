package io.berth.cli.command.container;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code berth container <command>}: the same commands as the top-level ones. */
@Command(name = "container", description = "Manage containers",
        subcommands = {RunCommand.class, CreateCommand.class, StartCommand.class, StopCommand.class,
                KillCommand.class, RestartCommand.class, RmCommand.class, PsCommand.class, LogsCommand.class,
                InspectCommand.class, WaitCommand.class, RenameCommand.class, AttachCommand.class})
public final class ContainerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
