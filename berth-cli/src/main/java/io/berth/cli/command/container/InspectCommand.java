package io.berth.cli.command.container;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.cli.format.InspectOutput;
import io.berth.common.InvalidArgumentException;
import io.berth.common.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth inspect}: containers, then images, as JSON or through {@code --format}. */
@Command(name = "inspect", description = "Return low-level information on Berth objects")
public final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--format"}, description = "Format output using a custom template")
    String format;

    @Option(names = "--type", description = "Only inspect objects of the given type (container, image)")
    String type;

    @Option(names = {"-s", "--size"}, description = "Display total file sizes if the type is container")
    boolean size;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(arity = "1..*", paramLabel = "NAME|ID")
    List<String> names;

    @Override
    public Integer call() {
        if (type != null && !List.of("container", "image").contains(type)) {
            throw new InvalidArgumentException("\"" + type + "\" is not a valid value for --type");
        }
        var client = BerthCommands.root(spec).client();
        var found = new ArrayList<JsonNode>();
        int failed = 0;
        for (String name : names) {
            try {
                found.add(lookup(client, name));
            } catch (NotFoundException e) {
                spec.commandLine().getErr().println("Error: No such object: " + name);
                failed++;
            }
        }
        InspectOutput.print(spec.commandLine().getOut(), found, format);
        return failed == 0 ? 0 : 1;
    }

    private JsonNode lookup(io.berth.client.BerthClient client, String name) {
        if (type == null || type.equals("container")) {
            try {
                return client.containers().inspectRaw(name, size);
            } catch (NotFoundException e) {
                if ("container".equals(type)) {
                    throw e;
                }
            }
        }
        return client.images().inspectRaw(name);
    }

}
