package io.berth.cli.command.container;

import io.berth.cli.format.TabWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth top CONTAINER [ps OPTIONS]}: the daemon's {@code ps}, as a table. */
@Command(name = "top", description = "Display the running processes of a container")
public final class TopCommand implements Callable<Integer> {
    CommandSpec spec;

    /** As docker's: everything after the container goes to ps, dashes included. */
    @Spec
    void spec(CommandSpec spec) {
        spec.parser().stopAtPositional(true);
        this.spec = spec;
    }

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1..*", paramLabel = "ps OPTIONS", arity = "0..*")
    List<String> psArgs = new ArrayList<>();

    @Override
    public Integer call() {
        var client = BerthCommands.root(spec).client();
        var top = client.containers().top(container,
                psArgs.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", psArgs)));
        var text = new StringBuilder();
        text.append(String.join("\t", top.titles())).append('\n');
        for (List<String> process : top.processes()) {
            text.append(String.join("\t", process)).append('\n');
        }
        var out = spec.commandLine().getOut();
        out.print(new TabWriter(20, 1, 3, ' ', 0).format(text.toString()));
        out.flush();
        return 0;
    }
}
