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

/** {@code berth pull [-a] [-q] [--platform P] NAME[:TAG|@DIGEST]}: docker's output, bars on a terminal. */
@Command(name = "pull", description = "Download an image from a registry")
public final class PullCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-a", "--all-tags"}, description = "Download all tagged images in the repository")
    boolean allTags;

    @Option(names = {"-q", "--quiet"}, description = "Suppress verbose output")
    boolean quiet;

    @Option(names = "--platform", description = "Set platform if server is multi-platform capable")
    String platform;

    @Option(names = "--disable-content-trust", defaultValue = "true", description = "Skip image verification (default true)")
    boolean disableContentTrust;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(index = "0", paramLabel = "NAME[:TAG|@DIGEST]")
    String image;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var names = ImageNames.split(image);
        if (allTags && !names.nameOnly()) {
            throw new InvalidArgumentException("tag can't be used with --all-tags/-a");
        }
        String tag = names.apiTag();
        if (!allTags && names.nameOnly()) {
            tag = "latest";
            names = new ImageNames(names.name(), tag, "");
            if (!quiet) {
                out.println("Using default tag: latest");
            }
        }
        var sink = quiet ? new PrintWriter(java.io.Writer.nullWriter()) : out;
        var printer = new ProgressPrinter(sink, !quiet && Terminal.stdoutIsTerminal());
        BerthCommands.root(spec).client().images().pull(names.name(), tag, platform,
                io.berth.cli.auth.Credentials.fromEnvironment().headerFor(names.name()), printer);
        out.println(allTags ? names.qualifiedName() : names.qualified());
        out.flush();
        return 0;
    }
}
