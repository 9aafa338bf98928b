package io.berth.cli.command.container;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth kill}. */
@Command(name = "kill", description = "Kill one or more running containers")
public final class KillCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-s", "--signal"}, description = "Signal to send to the container (default \"KILL\")")
    String signal;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    public Integer call() {
        var client = BerthCommands.root(spec).client();
        return EachContainer.run(spec, containers, ref -> {
            client.containers().kill(ref, Optional.ofNullable(signal));
            return ref;
        });
    }
}
