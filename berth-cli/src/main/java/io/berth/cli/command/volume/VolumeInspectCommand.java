package io.berth.cli.command.volume;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.cli.ExitCodes;
import io.berth.cli.command.container.BerthCommands;
import io.berth.cli.format.InspectOutput;
import io.berth.common.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth volume inspect}: the volumes as JSON, or each through {@code --format}. */
@Command(name = "inspect", description = "Display detailed information on one or more volumes")
public final class VolumeInspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--format"}, description = "Format output using a custom template")
    String format;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(arity = "1..*", paramLabel = "VOLUME")
    List<String> volumes;

    @Override
    public Integer call() {
        var client = BerthCommands.root(spec).client();
        var found = new ArrayList<JsonNode>();
        var errors = new ArrayList<BerthException>();
        for (String volume : volumes) {
            try {
                found.add(client.volumes().inspectRaw(volume));
            } catch (BerthException e) {
                errors.add(e);
            }
        }
        InspectOutput.print(spec.commandLine().getOut(), found, format);
        errors.forEach(e -> ExitCodes.print(spec.commandLine().getErr(), e));
        return errors.isEmpty() ? 0 : 1;
    }
}
