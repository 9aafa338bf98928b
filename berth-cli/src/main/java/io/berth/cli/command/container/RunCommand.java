package io.berth.cli.command.container;

import io.berth.api.model.AttachOptions;
import io.berth.api.model.ContainerCreateRequest;
import io.berth.api.model.WaitCondition;
import io.berth.cli.BerthCommand;
import io.berth.cli.ExitCodes;
import io.berth.cli.Terminal;
import io.berth.cli.command.image.ImplicitPull;
import io.berth.client.BerthClient;
import io.berth.client.ContainersClient;
import io.berth.common.BerthException;
import io.berth.common.InvalidArgumentException;
import io.berth.common.NotFoundException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth run}: create, attach, start, wait; exits with the container's status. */
@Command(name = "run", description = "Create and run a new container from an image",
        usageHelpAutoWidth = true, mixinStandardHelpOptions = false)
public final class RunCommand implements Callable<Integer> {
    @ParentCommand
    Object parent;

    CommandSpec spec;

    /** As docker's run and create: everything after the image is the command, dashes included. */
    @Spec
    void spec(CommandSpec spec) {
        spec.parser().stopAtPositional(true);
        this.spec = spec;
    }

    @Mixin
    ContainerFlags flags;

    @Option(names = {"-d", "--detach"}, description = "Run container in background and print container ID")
    boolean detach;

    @Option(names = "--rm", description = "Automatically remove the container and its associated anonymous volumes when it exits")
    boolean remove;

    @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open even if not attached")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY")
    boolean tty;

    @Option(names = {"-a", "--attach"}, description = "Attach to STDIN, STDOUT or STDERR")
    List<String> attach = new ArrayList<>();

    @Option(names = "--sig-proxy", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Proxy received signals to the process")
    boolean sigProxy;

    @Option(names = "--detach-keys", description = "Override the key sequence for detaching a container")
    String detachKeys;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(index = "0", paramLabel = "IMAGE")
    String image;

    @Parameters(index = "1..*", paramLabel = "COMMAND", arity = "0..*")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        var root = BerthCommands.root(spec);
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        if (tty && interactive && !Terminal.stdinIsTerminal()) {
            err.println("the input device is not a TTY");
            return 1;
        }
        boolean attachStdout = !detach && (attach.isEmpty() || attach.stream().anyMatch(a -> a.equalsIgnoreCase("stdout")));
        boolean attachStderr = !detach && (attach.isEmpty() || attach.stream().anyMatch(a -> a.equalsIgnoreCase("stderr")));
        boolean attachStdin = !detach && (interactive || attach.stream().anyMatch(a -> a.equalsIgnoreCase("stdin")));
        List<Long> consoleSize = List.of(0L, 0L);
        if (tty && Terminal.stdoutIsTerminal()) {
            var size = Terminal.size();
            if (size.isPresent()) {
                consoleSize = List.of((long) size.get()[0], (long) size.get()[1]);
            }
        }
        ContainerCreateRequest request = flags.toRequest(image, command, interactive, tty, attachStdout, attachStderr,
                remove, consoleSize);
        if (detach) {
            // as docker run -d: stdin stays open (-i) but nobody attaches it now, and later clients do not close it
            request = new ContainerCreateRequest(request.config().toBuilder().attachStdin(false).stdinOnce(false).build(),
                    request.hostConfig(), request.networkingConfig());
        }
        BerthClient client = root.client();
        String id = create(client, request, err);

        if (detach) {
            client.containers().start(id);
            out.println(id);
            out.flush();
            return 0;
        }
        return runAttached(client, id, attachStdin, attachStdout, attachStderr, err);
    }

    private String create(BerthClient client, ContainerCreateRequest request, PrintWriter err) {
        if ("always".equals(flags.pull)) {
            ImplicitPull.pull(client, image, flags.platform, err);
        }
        try {
            return client.containers().create(Optional.ofNullable(flags.name), request).id();
        } catch (NotFoundException e) {
            if (!e.getMessage().startsWith("No such image") || "never".equals(flags.pull)) {
                throw e;
            }
            // as the docker CLI does: say so, pull (progress on stderr), create again
            err.println("Unable to find image '" + withDefaultTag(image) + "' locally");
            err.flush();
            ImplicitPull.pull(client, image, flags.platform, err);
            return client.containers().create(Optional.ofNullable(flags.name), request).id();
        }
    }

    /** {@code busybox} → {@code busybox:latest}, as docker prints it. */
    static String withDefaultTag(String image) {
        int slash = image.lastIndexOf('/');
        return image.contains("@") || image.indexOf(':', slash + 1) >= 0 ? image : image + ":latest";
    }

    private int runAttached(BerthClient client, String id, boolean stdin, boolean stdout, boolean stderr,
                            PrintWriter err) throws InterruptedException {
        var containers = client.containers();
        var keys = io.berth.cli.CliConfigFile.detachKeys(detachKeys);
        var options = new AttachOptions(stdin, stdout, stderr, true, false, keys);
        AttachedSession session = null;
        if (stdin || stdout || stderr) {
            session = new AttachedSession(containers.attach(id, options), tty, stdin, System.in,
                    BerthCommands.stdout(spec), BerthCommands.stderr(spec), keys);
        }
        ContainersClient.Wait wait = containers.waitFor(id, remove ? WaitCondition.REMOVED : WaitCondition.NEXT_EXIT);
        // as docker run: from before the start, the signals the CLI gets go to the container (no TTY)
        SignalProxy proxy = sigProxy && !tty ? SignalProxy.install(containers, id) : SignalProxy.none();
        try {
            try {
                containers.start(id);
            } catch (BerthException e) {
                if (session != null) {
                    session.close();
                }
                if (remove) {
                    wait.result();
                }
                err.println("berth: " + ExitCodes.message(e));
                err.flush();
                return ExitCodes.forStartError(e.getMessage());
            }
            if (tty && stdout && Terminal.stdoutIsTerminal()) {
                Terminal.size().ifPresent(size -> {
                    try {
                        containers.resize(id, size[0], size[1]);
                    } catch (BerthException ignored) {
                        // it may have exited already
                    }
                });
            }
            if (session != null) {
                session.awaitOutput();
                if (session.detached()) {
                    return 0; // as docker run: detached with the keys, the container runs on
                }
            }
            return wait.result().statusCode().intValue();
        } finally {
            proxy.close();
            if (session != null) {
                session.close();
            }
            wait.close();
        }
    }

}
