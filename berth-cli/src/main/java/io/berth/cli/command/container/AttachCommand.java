package io.berth.cli.command.container;

import io.berth.api.model.AttachOptions;
import io.berth.api.model.WaitCondition;
import io.berth.common.ConflictException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth attach}: local stdio to a running container; exits with its status. */
@Command(name = "attach", description = "Attach local standard input, output, and error streams to a running container")
public final class AttachCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--no-stdin", description = "Do not attach STDIN")
    boolean noStdin;

    @Option(names = "--sig-proxy", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Proxy all received signals to the process")
    boolean sigProxy;

    @Option(names = "--detach-keys", description = "Override the key sequence for detaching a container")
    String detachKeys;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    /**
     * The daemon let go of the session (it saw the detach keys) while the container runs on: no
     * exit to wait for. Checked only with a terminal, where detaching is possible.
     */
    private boolean stillRunning(io.berth.client.BerthClient client, String ref, AttachedSession session) {
        if (!session.tty()) {
            return false;
        }
        try {
            Thread.sleep(200); // an exit that ended the output is recorded by now
            var state = client.containers().inspect(ref).state();
            return Boolean.TRUE.equals(state.running()) && !Boolean.TRUE.equals(state.restarting());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (io.berth.common.BerthException e) {
            return false;
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        var client = BerthCommands.root(spec).client();
        var inspect = client.containers().inspect(container);
        if (!Boolean.TRUE.equals(inspect.state().running())) {
            throw new ConflictException("You cannot attach to a stopped container, start it first");
        }
        if (Boolean.TRUE.equals(inspect.state().paused())) {
            throw new ConflictException("You cannot attach to a paused container, unpause it first");
        }
        if (Boolean.TRUE.equals(inspect.state().restarting())) {
            throw new ConflictException("You cannot attach to a restarting container, wait until it is running");
        }
        boolean tty = Boolean.TRUE.equals(inspect.config().tty());
        if (tty && !noStdin && !io.berth.cli.Terminal.stdinIsTerminal()) {
            spec.commandLine().getErr().println("the input device is not a TTY"); // the docker CLI's check
            spec.commandLine().getErr().flush();
            return 1;
        }
        boolean stdin = !noStdin && Boolean.TRUE.equals(inspect.config().openStdin());
        var keys = io.berth.cli.CliConfigFile.detachKeys(detachKeys);
        var options = new AttachOptions(stdin, true, true, true, false, keys);
        try (var wait = client.containers().waitFor(container, WaitCondition.NEXT_EXIT);
             // before the first output shows, so that a signal the user sends on seeing it is forwarded
             var proxy = sigProxy && !tty ? SignalProxy.install(client.containers(), container) : SignalProxy.none();
             var session = new AttachedSession(client.containers().attach(container, options), tty, stdin, System.in,
                     BerthCommands.stdout(spec), BerthCommands.stderr(spec), keys)) {
            session.awaitOutput();
            if (session.detached() || stillRunning(client, container, session)) {
                // as the docker CLI: the detach keys end the command with this message and status 1
                spec.commandLine().getErr().println("read escape sequence");
                spec.commandLine().getErr().flush();
                return 1;
            }
            return wait.result().statusCode().intValue();
        }
    }
}
