package io.berth.cli.command.container;

import io.berth.api.model.StopOptions;
import io.berth.cli.ExitCodes;
import io.berth.common.BerthException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth restart}. */
@Command(name = "restart", description = "Restart one or more containers")
public final class RestartCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-t", "--time", "--timeout"}, paramLabel = "SECONDS",
            description = "Seconds to wait before killing the container")
    Integer seconds;

    @Option(names = {"-s", "--signal"}, description = "Signal to send to the container")
    String signal;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    public Integer call() {
        var options = new StopOptions(Optional.ofNullable(seconds).map(Duration::ofSeconds), Optional.ofNullable(signal));
        var client = BerthCommands.root(spec).client();
        int failed = 0;
        for (String ref : containers) {
            try {
                client.containers().restart(ref, options);
                spec.commandLine().getOut().println(ref);
            } catch (BerthException e) {
                ExitCodes.print(spec.commandLine().getErr(), e);
                failed++;
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
