package io.berth.cli.command.container;

import io.berth.common.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth create}: prints the new container's ID. */
@Command(name = "create", description = "Create a new container")
public final class CreateCommand implements Callable<Integer> {
    CommandSpec spec;

    /** As docker's run and create: everything after the image is the command, dashes included. */
    @Spec
    void spec(CommandSpec spec) {
        spec.parser().stopAtPositional(true);
        this.spec = spec;
    }

    @Mixin
    ContainerFlags flags;

    @Option(names = "--rm", description = "Automatically remove the container when it exits")
    boolean remove;

    @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open even if not attached")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY")
    boolean tty;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(index = "0", paramLabel = "IMAGE")
    String image;

    @Parameters(index = "1..*", paramLabel = "COMMAND", arity = "0..*")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        var client = BerthCommands.root(spec).client();
        var request = flags.toRequest(image, command, interactive, tty, true, true, remove,
                List.of(0L, 0L));
        try {
            var created = client.containers().create(Optional.ofNullable(flags.name), request);
            spec.commandLine().getOut().println(created.id());
            return 0;
        } catch (NotFoundException e) {
            if (e.getMessage().startsWith("No such image")) {
                spec.commandLine().getErr().println("Unable to find image '" + RunCommand.withDefaultTag(image)
                        + "' locally");
            }
            throw e;
        }
    }
}
