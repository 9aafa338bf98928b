package io.berth.cli.command.container;

import io.berth.api.model.ExecConfig;
import io.berth.api.model.ExecStartConfig;
import io.berth.cli.Terminal;
import io.berth.client.ExecClient;
import io.berth.common.BerthException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth exec}: runs a command in a running container, attached (its exit code is ours; 126
 * and 127 when it could not be run) or in the background ({@code -d}).
 */
@Command(name = "exec", description = "Execute a command in a running container")
public final class ExecCommand implements Callable<Integer> {
    CommandSpec spec;

    /** As docker's exec: everything after the container is the command, dashes included. */
    @Spec
    void spec(CommandSpec spec) {
        spec.parser().stopAtPositional(true);
        this.spec = spec;
    }

    @Option(names = {"-d", "--detach"}, description = "Detached mode: run command in the background")
    boolean detach;

    @Option(names = "--detach-keys", description = "Override the key sequence for detaching a container")
    String detachKeys;

    @Option(names = {"-e", "--env"}, description = "Set environment variables")
    List<String> env = new ArrayList<>();

    @Option(names = "--env-file", description = "Read in a file of environment variables")
    List<Path> envFiles = new ArrayList<>();

    @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open even if not attached")
    boolean interactive;

    @Option(names = "--privileged", description = "Give extended privileges to the command")
    boolean privileged;

    @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY")
    boolean tty;

    @Option(names = {"-u", "--user"}, description = "Username or UID (format: \"<name|uid>[:<group|gid>]\")")
    String user;

    @Option(names = {"-w", "--workdir"}, description = "Working directory inside the container")
    String workdir;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        var err = spec.commandLine().getErr();
        boolean attachStdin = attachStdin();
        if (attachStdin && tty && !Terminal.stdinIsTerminal()) {
            err.println("the input device is not a TTY");
            return 1;
        }
        List<Long> consoleSize = null;
        if (tty) {
            var size = Terminal.size();
            consoleSize = size.map(s -> List.of((long) s[0], (long) s[1])).orElse(List.of(0L, 0L));
        }
        ExecConfig config = config(consoleSize);
        ExecClient execs = BerthCommands.root(spec).client().execs();
        String id = execs.create(container, config);
        if (detach) {
            execs.startDetached(id);
            return 0;
        }
        try (var session = new AttachedSession(execs.start(id, new ExecStartConfig(false, tty, consoleSize)), tty,
                attachStdin, System.in, BerthCommands.stdout(spec), BerthCommands.stderr(spec),
                io.berth.cli.CliConfigFile.detachKeys(detachKeys))) {
            if (tty && Terminal.stdoutIsTerminal()) {
                Terminal.size().ifPresent(size -> {
                    try {
                        execs.resize(id, size[0], size[1]);
                    } catch (BerthException ignored) {
                        // it may have exited already
                    }
                });
            }
            session.awaitOutput();
            if (session.detached()) {
                // as docker exec: the detach keys end the command with this message and status 1
                err.println("read escape sequence");
                err.flush();
                return 1;
            }
        }
        Integer exitCode = execs.inspect(id).exitCode();
        return exitCode == null ? 0 : exitCode;
    }

    /** As docker's exec: without {@code -d} it attaches stdout and stderr, and stdin with {@code -i}. */
    ExecConfig config(List<Long> consoleSize) {
        return ExecConfig.builder()
                .cmd(command)
                .env(EnvFlags.resolve(envFiles, env))
                .user(user == null ? "" : user)
                .workingDir(workdir == null ? "" : workdir)
                .privileged(privileged)
                .tty(tty)
                .consoleSize(consoleSize)
                .attachStdin(attachStdin())
                .attachStdout(!detach)
                .attachStderr(!detach)
                .detachKeys(io.berth.cli.CliConfigFile.detachKeys(detachKeys).orElse(""))
                .build();
    }

    private boolean attachStdin() {
        return !detach && interactive;
    }
}
