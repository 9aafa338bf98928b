package io.berth.cli.command.container;

import io.berth.cli.command.Filters;
import io.berth.cli.command.system.Prunes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code berth container prune [-f] [--filter until=|label=]}. */
@Command(name = "prune", description = "Remove all stopped containers")
public final class ContainerPruneCommand implements Callable<Integer> {
    static final String WARNING = "WARNING! This will remove all stopped containers.\nAre you sure you want to continue?";

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
    boolean force;

    @Option(names = "--filter", description = "Provide filter values (e.g. \"until=<timestamp>\")")
    List<String> filters = new ArrayList<>();

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Override
    public Integer call() throws IOException {
        return Prunes.run(spec, "container prune", force, WARNING,
                () -> Prunes.containers(BerthCommands.root(spec).client(), Filters.parse(filters)));
    }
}
