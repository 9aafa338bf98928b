package io.berth.cli.command.builder;

import io.berth.cli.command.Filters;
import io.berth.cli.command.container.BerthCommands;
import io.berth.cli.command.container.Sizes;
import io.berth.cli.command.system.Prunes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code berth builder prune [-a] [-f] [--filter until=24h] [--keep-storage SIZE]}. */
@Command(name = "prune", description = "Remove build cache")
public final class BuilderPruneCommand implements Callable<Integer> {
    static final String NORMAL_WARNING = "WARNING! This will remove all dangling build cache. "
            + "Are you sure you want to continue?";
    static final String ALL_WARNING = "WARNING! This will remove all build cache. Are you sure you want to continue?";

    @Spec
    CommandSpec spec;

    @Option(names = {"-a", "--all"}, description = "Remove all unused build cache, not just dangling ones")
    boolean all;

    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
    boolean force;

    @Option(names = "--filter", description = "Provide filter values (e.g. \"until=24h\")")
    List<String> filters = new ArrayList<>();

    @Option(names = "--keep-storage", description = "Amount of disk space to keep for cache")
    String keepStorage;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Override
    public Integer call() throws IOException {
        long keep = keepStorage == null ? 0 : Sizes.ramInBytes(keepStorage, "--keep-storage");
        return Prunes.run(spec, "builder prune", force, all ? ALL_WARNING : NORMAL_WARNING,
                () -> Prunes.buildCache(BerthCommands.root(spec).client(), all, keep, Filters.parse(filters)));
    }
}
