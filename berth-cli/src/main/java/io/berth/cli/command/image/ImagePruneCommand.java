package io.berth.cli.command.image;

import io.berth.cli.command.Filters;
import io.berth.cli.command.container.BerthCommands;
import io.berth.cli.command.system.Prunes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code berth image prune [-a] [-f] [--filter until=|label=]}: dangling images, or all unused ones with -a. */
@Command(name = "prune", description = "Remove unused images")
public final class ImagePruneCommand implements Callable<Integer> {
    static final String ALL_WARNING = "WARNING! This will remove all images without at least one container "
            + "associated to them.\nAre you sure you want to continue?";
    static final String DANGLING_WARNING = "WARNING! This will remove all dangling images.\n"
            + "Are you sure you want to continue?";

    @Spec
    CommandSpec spec;

    @Option(names = {"-a", "--all"}, description = "Remove all unused images, not just dangling ones")
    boolean all;

    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
    boolean force;

    @Option(names = "--filter", description = "Provide filter values (e.g. \"until=<timestamp>\")")
    List<String> filters = new ArrayList<>();

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Override
    public Integer call() throws IOException {
        return Prunes.run(spec, "image prune", force, all ? ALL_WARNING : DANGLING_WARNING,
                () -> Prunes.images(BerthCommands.root(spec).client(), all, Filters.parse(filters)));
    }
}
