package io.berth.cli.command.container;

import io.berth.cli.BerthCommand;
import java.io.OutputStream;
import picocli.CommandLine.Model.CommandSpec;

/** Reaching the root command (its client and its byte streams) from any subcommand, however nested. */
public final class BerthCommands {
    private BerthCommands() {}

    public static BerthCommand root(CommandSpec spec) {
        CommandSpec s = spec;
        while (s.parent() != null) {
            s = s.parent();
        }
        return (BerthCommand) s.userObject();
    }

    /** Where container output goes, as bytes (picocli's writers carry text). */
    public static OutputStream stdout(CommandSpec spec) {
        spec.commandLine().getOut().flush();
        return root(spec).stdout();
    }

    public static OutputStream stderr(CommandSpec spec) {
        spec.commandLine().getErr().flush();
        return root(spec).stderr();
    }
}
