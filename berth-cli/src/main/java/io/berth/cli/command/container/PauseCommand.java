package io.berth.cli.command.container;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth pause}: freezes each container's processes; prints each name. */
@Command(name = "pause", description = "Pause all processes within one or more containers")
public final class PauseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    public Integer call() {
        var client = BerthCommands.root(spec).client();
        return EachContainer.run(spec, containers, ref -> {
            client.containers().pause(ref);
            return ref;
        });
    }
}
