package io.berth.cli.command.network;

import io.berth.cli.command.container.BerthCommands;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth network disconnect [-f] NETWORK CONTAINER}. */
@Command(name = "disconnect", description = "Disconnect a container from a network")
public final class NetworkDisconnectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--force"}, description = "Force the container to disconnect from a network")
    boolean force;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(index = "0", paramLabel = "NETWORK")
    String network;

    @Parameters(index = "1", paramLabel = "CONTAINER")
    String container;

    @Override
    public Integer call() {
        BerthCommands.root(spec).client().networks().disconnect(network, container, force);
        return 0;
    }
}
