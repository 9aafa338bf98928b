package io.berth.cli.command.compose;

import io.berth.cli.ExitCodes;
import io.berth.common.BerthException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A {@code berth compose} verb: its errors end it with status 1 as docker compose's do — the
 * compose file's problems as they are, the daemon's after "Error response from daemon: ".
 */
abstract class ComposeSubcommand implements Callable<Integer> {
    @ParentCommand
    ComposeCommand compose;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print usage")
    boolean help;

    @Override
    public final Integer call() throws Exception {
        try {
            return run();
        } catch (ComposeCommand.ComposeFailure e) {
            spec.commandLine().getErr().println(e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        } catch (io.berth.compose.ComposeException e) {
            spec.commandLine().getErr().println(e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        } catch (BerthException e) {
            ExitCodes.print(spec.commandLine().getErr(), e);
            return 1;
        }
    }

    abstract int run() throws Exception;
}
