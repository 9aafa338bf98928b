package io.berth.cli.command.network;

import io.berth.cli.ExitCodes;
import io.berth.cli.command.container.BerthCommands;
import io.berth.common.BerthException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth network rm}. */
@Command(name = "rm", description = "Remove one or more networks")
public final class NetworkRmCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--force"}, description = "Do not error if the network does not exist")
    boolean force;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(arity = "1..*", paramLabel = "NETWORK")
    List<String> networks;

    @Override
    public Integer call() {
        var client = BerthCommands.root(spec).client();
        int failed = 0;
        for (String network : networks) {
            try {
                client.networks().remove(network);
                spec.commandLine().getOut().println(network);
            } catch (io.berth.common.NotFoundException e) {
                if (!force) {
                    ExitCodes.print(spec.commandLine().getErr(), e);
                    failed++;
                }
            } catch (BerthException e) {
                ExitCodes.print(spec.commandLine().getErr(), e);
                failed++;
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
