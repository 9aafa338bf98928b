package io.berth.cli.command.volume;

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

/** {@code berth volume rm [-f] VOLUME...}: prints each removed name, goes on after a failure. */
@Command(name = "rm", description = "Remove one or more volumes")
public final class VolumeRmCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--force"}, description = "Force the removal of one or more volumes")
    boolean force;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(arity = "1..*", paramLabel = "VOLUME")
    List<String> volumes;

    @Override
    public Integer call() {
        var client = BerthCommands.root(spec).client();
        int failed = 0;
        for (String volume : volumes) {
            try {
                client.volumes().remove(volume, force);
                spec.commandLine().getOut().println(volume);
            } catch (BerthException e) {
                ExitCodes.print(spec.commandLine().getErr(), e);
                failed++;
            }
        }
        spec.commandLine().getOut().flush();
        return failed == 0 ? 0 : 1;
    }
}
