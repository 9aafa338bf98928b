package io.berth.cli.command.container;

import io.berth.api.model.AttachOptions;
import io.berth.api.model.WaitCondition;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth start}: starts containers; with {@code -a} it attaches and exits with the container's status. */
@Command(name = "start", description = "Start one or more stopped containers")
public final class StartCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-a", "--attach"}, description = "Attach STDOUT/STDERR and forward signals")
    boolean attach;

    @Option(names = {"-i", "--interactive"}, description = "Attach container's STDIN")
    boolean interactive;

    @Option(names = "--detach-keys", description = "Override the key sequence for detaching a container")
    String detachKeys;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    public Integer call() throws InterruptedException {
        var client = BerthCommands.root(spec).client();
        var err = spec.commandLine().getErr();
        if (attach || interactive) {
            if (containers.size() > 1) {
                err.println("you cannot start and attach multiple containers at once");
                return 1;
            }
            String ref = containers.getFirst();
            var inspect = client.containers().inspect(ref);
            boolean tty = Boolean.TRUE.equals(inspect.config().tty());
            Optional<String> keys = io.berth.cli.CliConfigFile.detachKeys(detachKeys);
            var options = new AttachOptions(interactive, true, true, true, false, keys);
            try (var session = new AttachedSession(client.containers().attach(ref, options), tty, interactive,
                    System.in, BerthCommands.stdout(spec), BerthCommands.stderr(spec), keys);
                 var wait = client.containers().waitFor(ref, WaitCondition.NEXT_EXIT);
                 // as docker start -a: from before the start, the signals the CLI gets go to the container (no TTY)
                 var proxy = tty ? SignalProxy.none() : SignalProxy.install(client.containers(), ref)) {
                client.containers().start(ref);
                session.awaitOutput();
                if (session.detached()) {
                    return 0; // as docker start -ai: detached with the keys, quietly; the container runs on
                }
                return wait.result().statusCode().intValue();
            }
        }
        return EachContainer.run(spec, containers, ref -> {
            client.containers().start(ref);
            return ref;
        });
    }
}
