package io.berth.cli.command.container;

import io.berth.api.model.LogsOptions;
import io.berth.cli.command.Times;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth logs}. */
@Command(name = "logs", description = "Fetch the logs of a container")
public final class LogsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--follow"}, description = "Follow log output")
    boolean follow;

    @Option(names = {"-n", "--tail"}, description = "Number of lines to show from the end of the logs (default \"all\")")
    String tail = "all";

    @Option(names = {"-t", "--timestamps"}, description = "Show timestamps")
    boolean timestamps;

    @Option(names = "--since", description = "Show logs since timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\")")
    String since;

    @Option(names = "--until", description = "Show logs before a timestamp or relative (e.g. \"42m\")")
    String until;

    @Option(names = "--details", description = "Show extra details provided to logs")
    boolean details;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Override
    public Integer call() {
        var client = BerthCommands.root(spec).client();
        var inspect = client.containers().inspect(container);
        boolean tty = Boolean.TRUE.equals(inspect.config().tty());
        Instant now = Instant.now();
        Optional<Instant> from = since == null ? Optional.empty() : Optional.of(Times.parse(since, now, "since"));
        Optional<Instant> to = until == null ? Optional.empty() : Optional.of(Times.parse(until, now, "until"));
        OptionalInt lines = tail.equals("all") || tail.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(tail));
        var options = new LogsOptions(true, true, follow, from, to, lines, timestamps);
        // buffered: the decoder flushes whenever it waits for more, so followers see lines at once
        var out = new java.io.BufferedOutputStream(BerthCommands.stdout(spec), 65536);
        var err = new java.io.BufferedOutputStream(BerthCommands.stderr(spec), 65536);
        try {
            client.containers().logs(container, options, tty, out, err);
        } finally {
            flushQuietly(out);
            flushQuietly(err);
        }
        return 0;
    }

    private static void flushQuietly(java.io.OutputStream stream) {
        try {
            stream.flush();
        } catch (java.io.IOException ignored) {
            // the terminal went away
        }
    }
}
