package io.berth.cli.command.container;

import io.berth.api.model.CommitOptions;
import io.berth.common.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth commit [-a] [-c]... [-m] [-p] CONTAINER [REPOSITORY[:TAG]]}: prints the new image's ID. */
@Command(name = "commit", description = "Create a new image from a container's changes")
public final class CommitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-a", "--author"}, description = "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\")")
    String author;

    @Option(names = {"-c", "--change"}, description = "Apply Dockerfile instruction to the created image")
    List<String> changes = new ArrayList<>();

    @Option(names = {"-m", "--message"}, description = "Commit message")
    String message;

    @Option(names = {"-p", "--pause"}, negatable = true, defaultValue = "true", fallbackValue = "true", arity = "0..1",
            description = "Pause container during commit (default true)")
    boolean pause = true;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REPOSITORY[:TAG]")
    String reference;

    @Override
    public Integer call() {
        Optional<String> repo = Optional.empty();
        Optional<String> tag = Optional.empty();
        if (reference != null && !reference.isEmpty()) {
            if (reference.contains("@")) {
                throw new InvalidArgumentException("refusing to create a tag with a digest reference");
            }
            int slash = reference.lastIndexOf('/');
            int colon = reference.lastIndexOf(':');
            repo = Optional.of(colon > slash ? reference.substring(0, colon) : reference);
            tag = Optional.of(colon > slash ? reference.substring(colon + 1) : "latest");
        }
        var options = new CommitOptions(container, repo, tag, Optional.ofNullable(message), Optional.ofNullable(author),
                pause, changes, Optional.empty());
        String id = BerthCommands.root(spec).client().files().commit(options);
        spec.commandLine().getOut().println(id);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
