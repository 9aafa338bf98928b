package io.berth.cli.command.volume;

import io.berth.cli.command.Filters;
import io.berth.cli.command.container.BerthCommands;
import io.berth.cli.command.system.Prunes;
import io.berth.common.InvalidArgumentException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code berth volume prune [-a] [-f] [--filter label=...]}: anonymous unused volumes, or all unused ones with -a. */
@Command(name = "prune", description = "Remove unused local volumes")
public final class VolumePruneCommand implements Callable<Integer> {
    static final String ANONYMOUS_WARNING = "WARNING! This will remove anonymous local volumes not used by at least "
            + "one container.\nAre you sure you want to continue?";
    static final String ALL_WARNING = "WARNING! This will remove all local volumes not used by at least one "
            + "container.\nAre you sure you want to continue?";

    @Spec
    CommandSpec spec;

    @Option(names = {"-a", "--all"}, description = "Remove all unused volumes, not just anonymous ones")
    boolean all;

    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
    boolean force;

    @Option(names = "--filter", description = "Provide filter values (e.g. \"label=<label>\")")
    List<String> filters = new ArrayList<>();

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Override
    public Integer call() throws IOException {
        var parsed = Filters.parse(filters);
        if (all) {
            if (parsed.containsKey("all")) {
                throw new InvalidArgumentException("conflicting options: cannot specify both --all and --filter all=1");
            }
            parsed.put("all", new ArrayList<>(List.of("true")));
        }
        return Prunes.run(spec, "volume prune", force, all ? ALL_WARNING : ANONYMOUS_WARNING,
                () -> Prunes.volumes(BerthCommands.root(spec).client(), parsed));
    }
}
