package io.berth.cli.command.compose;

import io.berth.api.model.LogsOptions;
import io.berth.cli.Terminal;
import io.berth.cli.command.Times;
import io.berth.cli.command.container.BerthCommands;
import io.berth.compose.project.ComposeService;
import io.berth.compose.project.Labels;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth compose logs}: the services' output, each line prefixed with its container. */
@Command(name = "logs", description = "View output from containers")
final class ComposeLogsCommand extends ComposeSubcommand {
    @Option(names = {"-f", "--follow"}, description = "Follow log output")
    boolean follow;

    @Option(names = {"-n", "--tail"}, paramLabel = "N", description = "Number of lines to show from the end of the logs for each container")
    String tail = "all";

    @Option(names = {"-t", "--timestamps"}, description = "Show timestamps")
    boolean timestamps;

    @Option(names = "--since", paramLabel = "TIME", description = "Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)")
    String until;

    @Option(names = "--no-color", description = "Produce monochrome output")
    boolean noColor;

    @Option(names = "--no-log-prefix", description = "Don't print prefix in logs")
    boolean noLogPrefix;

    @Option(names = "--index", paramLabel = "N", description = "index of the container if service has multiple replicas")
    Integer index;

    @Parameters(paramLabel = "SERVICE", arity = "0..*")
    List<String> services = new ArrayList<>();

    @Override
    int run() throws InterruptedException {
        String project = compose.projectName(spec);
        var containers = compose.service(spec).containers(project, true, services).stream()
                .filter(c -> index == null || ComposeService.number(c) == index)
                .filter(c -> !"True".equals(ComposeService.label(c, Labels.ONEOFF))).toList();
        Instant now = Instant.now();
        var options = new LogsOptions(true, true, follow,
                since == null ? Optional.empty() : Optional.of(Times.parse(since, now, "since")),
                until == null ? Optional.empty() : Optional.of(Times.parse(until, now, "until")),
                tail.equals("all") || tail.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(tail)),
                timestamps);
        var out = new PrintStream(BerthCommands.stdout(spec), true, java.nio.charset.StandardCharsets.UTF_8);
        boolean color = !noColor && !"never".equals(compose.ansi) && ("always".equals(compose.ansi) || Terminal.stdoutIsTerminal());
        var logs = new ProjectLogs(BerthCommands.root(spec).client(), out, project, color, !noLogPrefix);
        for (Thread t : logs.start(containers, options)) {
            t.join();
        }
        return 0;
    }
}
