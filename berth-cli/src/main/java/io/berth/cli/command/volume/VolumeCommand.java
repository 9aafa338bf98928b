package io.berth.cli.command.volume;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code berth volume <command>}. */
@Command(name = "volume", description = "Manage volumes")
public final class VolumeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
