package io.berth.cli.command.image;

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

/** {@code berth image inspect}. */
@Command(name = "inspect", description = "Display detailed information on one or more images")
public final class ImageInspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--format"}, description = "Format output using a custom template")
    String format;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<String> images;

    @Override
    public Integer call() {
        var client = BerthCommands.root(spec).client();
        var found = new ArrayList<JsonNode>();
        int failed = 0;
        for (String image : images) {
            try {
                found.add(client.images().inspectRaw(image));
            } catch (NotFoundException e) {
                spec.commandLine().getErr().println("Error: No such image: " + image);
                failed++;
            }
        }
        InspectOutput.print(spec.commandLine().getOut(), found, format);
        return failed == 0 ? 0 : 1;
    }
}
