package io.berth.cli.command.image;

import io.berth.cli.ProgressPrinter;
import io.berth.cli.Terminal;
import io.berth.cli.command.container.BerthCommands;
import io.berth.common.InvalidArgumentException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth push [-a] [-q] NAME[:TAG]}: docker's output, bars on a terminal. */
@Command(name = "push", description = "Upload an image to a registry")
public final class PushCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-a", "--all-tags"}, description = "Push all tags of an image to the repository")
    boolean allTags;

    @Option(names = {"-q", "--quiet"}, description = "Suppress verbose output")
    boolean quiet;

    @Option(names = "--disable-content-trust", defaultValue = "true", description = "Skip image signing (default true)")
    boolean disableContentTrust;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(index = "0", paramLabel = "NAME[:TAG]")
    String image;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var names = ImageNames.split(image);
        if (!names.digest().isEmpty()) {
            throw new InvalidArgumentException("cannot push a digest reference");
        }
        if (allTags && !names.tag().isEmpty()) {
            throw new InvalidArgumentException("tag can't be used with --all-tags/-a");
        }
        String tag = names.tag();
        if (!allTags && tag.isEmpty()) {
            tag = "latest";
            names = new ImageNames(names.name(), tag, "");
            if (!quiet) {
                out.println("Using default tag: latest");
            }
        }
        var sink = quiet ? new PrintWriter(java.io.Writer.nullWriter()) : out;
        var printer = new ProgressPrinter(sink, !quiet && Terminal.stdoutIsTerminal());
        BerthCommands.root(spec).client().images().push(names.name(), tag,
                io.berth.cli.auth.Credentials.fromEnvironment().headerFor(names.name()), printer);
        if (quiet) {
            out.println(allTags ? names.qualifiedName() : names.qualified());
        }
        out.flush();
        return 0;
    }
}
