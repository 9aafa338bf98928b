package io.berth.cli.command.image;

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

/** {@code berth rmi}: prints Docker's {@code Untagged:}/{@code Deleted:} lines. */
@Command(name = "rmi", description = "Remove one or more images")
public final class RmiCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--force"}, description = "Force removal of the image")
    boolean force;

    @Option(names = "--no-prune", description = "Do not delete untagged parents")
    boolean noPrune;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<String> images;

    @Override
    public Integer call() {
        var client = BerthCommands.root(spec).client();
        var out = spec.commandLine().getOut();
        int failed = 0;
        for (String image : images) {
            try {
                for (var item : client.images().remove(image, force)) {
                    if (item.untagged() != null) {
                        out.println("Untagged: " + item.untagged());
                    }
                    if (item.deleted() != null) {
                        out.println("Deleted: " + item.deleted());
                    }
                }
            } catch (BerthException e) {
                ExitCodes.print(spec.commandLine().getErr(), e);
                failed++;
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
