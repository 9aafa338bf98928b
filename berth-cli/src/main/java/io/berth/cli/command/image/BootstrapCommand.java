package io.berth.cli.command.image;

import io.berth.cli.command.container.BerthCommands;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth image bootstrap busybox}: builds busybox:latest offline from the host's busybox-static. */
@Command(name = "bootstrap", description = "Build a base image offline from files on this host (busybox)")
public final class BootstrapCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(index = "0", paramLabel = "NAME", defaultValue = "busybox", description = "What to build (busybox)")
    String name;

    @Override
    public Integer call() {
        var result = BerthCommands.root(spec).client().images().bootstrap(name);
        var out = spec.commandLine().getOut();
        for (var tag : result.path("RepoTags")) {
            out.println("Bootstrapped " + tag.asText() + ": " + result.path("Id").asText());
        }
        return 0;
    }
}
