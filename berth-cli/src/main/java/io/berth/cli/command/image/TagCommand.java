package io.berth.cli.command.image;

import io.berth.cli.command.container.BerthCommands;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth tag SOURCE TARGET}. */
@Command(name = "tag", description = "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE")
public final class TagCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(index = "0", paramLabel = "SOURCE_IMAGE[:TAG]")
    String source;

    @Parameters(index = "1", paramLabel = "TARGET_IMAGE[:TAG]")
    String target;

    @Override
    public Integer call() {
        int slash = target.lastIndexOf('/');
        int colon = target.lastIndexOf(':');
        String repository = target;
        String tag = "";
        if (colon > slash && !target.contains("@")) {
            repository = target.substring(0, colon);
            tag = target.substring(colon + 1);
        }
        BerthCommands.root(spec).client().images().tag(source, repository, tag);
        return 0;
    }
}
