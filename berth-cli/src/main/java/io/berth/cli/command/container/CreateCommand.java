package io.berth.cli.command.container;

import io.berth.cli.command.image.ImplicitPull;
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
        var err = spec.commandLine().getErr();
        if ("always".equals(flags.pull)) {
            ImplicitPull.pull(client, image, flags.platform, err);
        }
        String id;
        try {
            id = client.containers().create(Optional.ofNullable(flags.name), request).id();
        } catch (NotFoundException e) {
            if (!e.getMessage().startsWith("No such image") || "never".equals(flags.pull)) {
                throw e;
            }
            err.println("Unable to find image '" + RunCommand.withDefaultTag(image) + "' locally");
            err.flush();
            ImplicitPull.pull(client, image, flags.platform, err);
            id = client.containers().create(Optional.ofNullable(flags.name), request).id();
        }
        spec.commandLine().getOut().println(id);
        return 0;
    }
}
