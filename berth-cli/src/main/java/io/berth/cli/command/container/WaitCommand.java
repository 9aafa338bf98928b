package io.berth.cli.command.container;

import io.berth.api.model.WaitCondition;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth wait}: prints each container's exit code. */
@Command(name = "wait", description = "Block until one or more containers stop, then print their exit codes")
public final class WaitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    public Integer call() {
        var client = BerthCommands.root(spec).client();
        return EachContainer.run(spec, containers,
                ref -> Long.toString(client.containers().await(ref, WaitCondition.NOT_RUNNING).statusCode()));
    }
}
