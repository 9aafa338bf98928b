package io.berth.cli.command.container;

import io.berth.common.NotModifiedException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth stop}: prints each name it stopped; goes on after a failure, as docker does. */
@Command(name = "stop", description = "Stop one or more running containers")
public final class StopCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StopFlags flags;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    public Integer call() {
        var client = BerthCommands.root(spec).client();
        return EachContainer.run(spec, containers, ref -> {
            try {
                client.containers().stop(ref, flags.options());
            } catch (NotModifiedException e) {
                // already stopped: docker prints the name all the same
            }
            return ref;
        });
    }
}
