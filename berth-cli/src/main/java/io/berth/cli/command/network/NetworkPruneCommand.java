package io.berth.cli.command.network;

import io.berth.cli.command.Filters;
import io.berth.cli.command.container.BerthCommands;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code berth network prune}. */
@Command(name = "prune", description = "Remove all unused networks")
public final class NetworkPruneCommand implements Callable<Integer> {
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
        var out = spec.commandLine().getOut();
        if (!force) {
            out.print("WARNING! This will remove all custom networks not used by at least one container.\n"
                    + "Are you sure you want to continue? [y/N] ");
            out.flush();
            String answer = new BufferedReader(new InputStreamReader(System.in)).readLine();
            if (answer == null || !answer.strip().equalsIgnoreCase("y")) {
                return 0;
            }
        }
        var deleted = BerthCommands.root(spec).client().networks().prune(Filters.parse(filters));
        if (!deleted.isEmpty()) {
            out.println("Deleted Networks:");
            deleted.forEach(out::println);
        }
        out.flush();
        return 0;
    }
}
