package io.berth.cli.command.container;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth diff CONTAINER}: one {@code A|C|D PATH} line per change, as docker prints them. */
@Command(name = "diff", description = "Inspect changes to files or directories on a container's filesystem")
public final class DiffCommand implements Callable<Integer> {
    private static final String[] KINDS = {"C", "A", "D"};

    @Spec
    CommandSpec spec;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        for (var change : BerthCommands.root(spec).client().files().changes(container)) {
            int kind = change.kind() == null ? 0 : change.kind().intValue();
            out.println((kind >= 0 && kind < KINDS.length ? KINDS[kind] : "?") + " " + change.path());
        }
        out.flush();
        return 0;
    }
}
