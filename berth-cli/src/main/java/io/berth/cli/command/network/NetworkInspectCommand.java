package io.berth.cli.command.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.cli.command.container.BerthCommands;
import io.berth.cli.format.InspectOutput;
import io.berth.common.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth network inspect}. */
@Command(name = "inspect", description = "Display detailed information on one or more networks")
public final class NetworkInspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--format"}, description = "Format output using a custom template")
    String format;

    @Option(names = {"-v", "--verbose"}, description = "Verbose output for diagnostics")
    boolean verbose;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(arity = "1..*", paramLabel = "NETWORK")
    List<String> networks;

    @Override
    public Integer call() {
        var client = BerthCommands.root(spec).client();
        var found = new ArrayList<JsonNode>();
        int failed = 0;
        for (String network : networks) {
            try {
                found.add(client.networks().inspectRaw(network));
            } catch (NotFoundException e) {
                spec.commandLine().getErr().println("Error: No such network: " + network);
                failed++;
            }
        }
        InspectOutput.print(spec.commandLine().getOut(), found, format);
        return failed == 0 ? 0 : 1;
    }
}
