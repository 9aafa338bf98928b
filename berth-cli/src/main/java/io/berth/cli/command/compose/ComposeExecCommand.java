package io.berth.cli.command.compose;

import io.berth.cli.BerthCommand;
import io.berth.cli.Terminal;
import io.berth.cli.command.container.BerthCommands;
import io.berth.compose.project.ComposeService;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth compose exec}: {@code berth exec} in a service's container (stdin attached; a TTY on a terminal unless -T). */
@Command(name = "exec", description = "Execute a command in a running container")
final class ComposeExecCommand extends ComposeSubcommand {
    /** Everything after the service is the command, dashes included. */
    @picocli.CommandLine.Spec
    void stopAtService(CommandSpec s) {
        s.parser().stopAtPositional(true);
        this.spec = s;
    }

    @Option(names = {"-d", "--detach"}, description = "Detached mode: Run command in the background")
    boolean detach;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VAL", description = "Set environment variables")
    List<String> env = new ArrayList<>();

    @Option(names = "--index", paramLabel = "N", description = "Index of the container if service has multiple replicas")
    int index = 1;

    @Option(names = {"-T", "--no-TTY"}, description = "Disable pseudo-TTY allocation. By default `exec` allocates a TTY")
    boolean noTty;

    @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "Run the command as this user")
    String user;

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Path to workdir directory for this command")
    String workdir;

    @Option(names = "--privileged", description = "Give extended privileges to the process")
    boolean privileged;

    @Option(names = {"-i", "--interactive"}, negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Keep STDIN open even if not attached")
    boolean interactive;

    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND")
    List<String> command = new ArrayList<>();

    @Override
    int run() {
        String project = compose.projectName(spec);
        String container = ComposeService.name(compose.service(spec).container(project, service, index));
        var args = new ArrayList<String>();
        var root = BerthCommands.root(spec);
        args.add("-H");
        args.add("unix://" + root.client().socket());
        args.add("exec");
        if (detach) {
            args.add("-d");
        } else if (interactive) {
            args.add("-i");
        }
        if (!noTty && !detach && Terminal.stdinIsTerminal()) {
            args.add("-t");
        }
        env.forEach(e -> {
            args.add("-e");
            args.add(e);
        });
        if (user != null) {
            args.add("-u");
            args.add(user);
        }
        if (workdir != null) {
            args.add("-w");
            args.add(workdir);
        }
        if (privileged) {
            args.add("--privileged");
        }
        args.add(container);
        args.addAll(command);
        return delegate(root, args);
    }

    /** Runs a berth command line with the same streams. */
    static int delegate(BerthCommand root, List<String> args) {
        String[] a = args.toArray(String[]::new);
        var nested = new BerthCommand(root.stdout(), root.stderr());
        return BerthCommand.commandLine(nested, a).execute(a);
    }
}
