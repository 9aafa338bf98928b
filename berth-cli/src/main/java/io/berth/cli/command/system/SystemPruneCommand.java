package io.berth.cli.command.system;

import io.berth.cli.command.Filters;
import io.berth.cli.command.Prompts;
import io.berth.cli.command.container.BerthCommands;
import io.berth.cli.command.container.Sizes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code berth system prune [-a] [--volumes] [--filter ...] [-f]}: docker's prompt, order and report. */
@Command(name = "prune", description = "Remove unused data")
public final class SystemPruneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-a", "--all"}, description = "Remove all unused images not just dangling ones")
    boolean all;

    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
    boolean force;

    @Option(names = "--volumes", description = "Prune anonymous volumes")
    boolean volumes;

    @Option(names = "--filter", description = "Provide filter values (e.g. \"label=<key>=<value>\")")
    List<String> filters = new ArrayList<>();

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Override
    public Integer call() throws IOException {
        var parsed = Filters.parse(filters);
        if (volumes && parsed.containsKey("until")) {
            spec.commandLine().getErr().println("ERROR: The \"until\" filter is not supported with \"--volumes\"");
            spec.commandLine().getErr().flush();
            return 1;
        }
        var out = spec.commandLine().getOut();
        if (!force && !Prompts.confirm(out, confirmation(all, volumes, filters))) {
            spec.commandLine().getErr().println("system prune has been cancelled");
            return 0;
        }
        var client = BerthCommands.root(spec).client();
        var results = new ArrayList<Prunes.Result>();
        results.add(Prunes.containers(client, parsed));
        results.add(Prunes.networks(client, parsed));
        if (volumes) {
            results.add(Prunes.volumes(client, parsed));
        }
        results.add(Prunes.images(client, all, parsed));
        results.add(Prunes.buildCache(client, all, 0, parsed));
        long space = 0;
        for (var result : results) {
            space += result.spaceReclaimed();
            if (!result.output().isEmpty()) {
                out.println(result.output());
            }
        }
        out.println("Total reclaimed space: " + Sizes.humanSize(space));
        out.flush();
        return 0;
    }

    /** docker's confirmation text (its template, with the filters given). */
    static String confirmation(boolean all, boolean volumes, List<String> filterArgs) {
        var warnings = new ArrayList<String>();
        warnings.add("all stopped containers");
        warnings.add("all networks not used by at least one container");
        if (volumes) {
            warnings.add("all anonymous volumes not used by at least one container");
        }
        warnings.add(all ? "all images without at least one container associated to them" : "all dangling images");
        warnings.add(all ? "all build cache" : "unused build cache");
        var text = new StringBuilder("WARNING! This will remove:");
        warnings.forEach(w -> text.append("\n  - ").append(w));
        var shown = new ArrayList<String>();
        var parsed = Filters.parse(filterArgs);
        for (String name : List.of("label", "label!", "until")) {
            parsed.getOrDefault(name, List.of()).forEach(v -> shown.add(name + "=" + v));
        }
        shown.sort(null);
        text.append("\n");
        if (!shown.isEmpty()) {
            text.append("\n  Items to be pruned will be filtered with:");
            shown.forEach(f -> text.append("\n  - ").append(f));
            text.append("\n");
        }
        text.append("\nAre you sure you want to continue?");
        return text.toString();
    }
}
