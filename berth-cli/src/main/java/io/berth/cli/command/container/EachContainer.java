package io.berth.cli.command.container;

import io.berth.cli.ExitCodes;
import io.berth.common.BerthException;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * docker's way with several names: act on each in turn, print what the action returns, print the
 * daemon's error for a failure and go on; exit 1 if any failed.
 */
final class EachContainer {
    /** One container's action; returns the line to print. */
    @FunctionalInterface
    interface Action {
        String apply(String ref);
    }

    private EachContainer() {}

    static int run(CommandSpec spec, List<String> refs, Action action) {
        int failed = 0;
        for (String ref : refs) {
            try {
                spec.commandLine().getOut().println(action.apply(ref));
            } catch (BerthException e) {
                ExitCodes.print(spec.commandLine().getErr(), e);
                failed++;
            }
        }
        spec.commandLine().getOut().flush();
        return failed == 0 ? 0 : 1;
    }
}
