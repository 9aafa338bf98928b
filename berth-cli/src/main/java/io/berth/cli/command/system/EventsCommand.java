package io.berth.cli.command.system;

import io.berth.api.model.EventsOptions;
import io.berth.cli.command.Filters;
import io.berth.cli.command.Times;
import io.berth.cli.command.container.BerthCommands;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code berth events} (and {@code berth system events}): the daemon's events, as docker prints them. */
@Command(name = "events", description = "Get real time events from the server")
public final class EventsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--filter"}, paramLabel = "FILTER",
            description = "Filter output based on conditions provided")
    List<String> filters = new ArrayList<>();

    @Option(names = "--since", description = "Show all events created since timestamp")
    String since;

    @Option(names = "--until", description = "Stream events until this timestamp")
    String until;

    @Option(names = "--format", description = "Format output using a custom template: 'json' or a Go template")
    String format;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Override
    public Integer call() {
        Instant now = Instant.now();
        var options = new EventsOptions(
                Optional.ofNullable(since).map(s -> Times.parse(s, now, "since")),
                Optional.ofNullable(until).map(s -> Times.parse(s, now, "until")),
                Filters.parse(filters));
        var lines = new EventLines(Optional.ofNullable(format).filter(f -> !f.isEmpty()), ZoneId.systemDefault());
        var out = spec.commandLine().getOut();
        BerthCommands.root(spec).client().events(options, event -> {
            out.print(lines.render(event));
            out.flush();
        });
        return 0;
    }
}
