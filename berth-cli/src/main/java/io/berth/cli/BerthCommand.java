package io.berth.cli;

import io.berth.api.model.DockerApi;
import io.berth.client.BerthClient;
import io.berth.common.BerthException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code berth}: the root command, its global flags and the shared client. */
@Command(name = "berth",
        description = "A self-sufficient runtime for containers",
        mixinStandardHelpOptions = false,
        versionProvider = BerthCommand.Version.class,
        subcommandsRepeatable = false)
public final class BerthCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-H", "--host"}, paramLabel = "HOST", description = "Daemon socket to connect to")
    String host;

    @Option(names = {"-D", "--debug"}, description = "Enable debug mode")
    boolean debug;

    @Option(names = {"-v", "--version"}, versionHelp = true, description = "Print version information and quit")
    boolean version;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print usage")
    boolean help;

    private BerthClient client;
    private final java.io.PrintStream stdout;
    private final java.io.PrintStream stderr;

    public BerthCommand() {
        this(System.out, System.err);
    }

    /** A root writing to the given streams (tests capture them). */
    public BerthCommand(java.io.PrintStream stdout, java.io.PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public java.io.PrintStream stdout() {
        return stdout;
    }

    public java.io.PrintStream stderr() {
        return stderr;
    }

    /** The command line with Berth's settings: docker-style parsing and exit codes. */
    public static CommandLine commandLine(BerthCommand root) {
        return commandLine(root, null);
    }

    /**
     * The command line for {@code args}: only the command they name is built (building picocli's
     * model of every command costs more than running most of them); without a known command, all are.
     */
    public static CommandLine commandLine(BerthCommand root, String[] args) {
        var cl = new CommandLine(root);
        Commands.register(cl, args);
        cl.setOut(new java.io.PrintWriter(new java.io.OutputStreamWriter(root.stdout,
                java.nio.charset.StandardCharsets.UTF_8), true));
        cl.setErr(new java.io.PrintWriter(new java.io.OutputStreamWriter(root.stderr,
                java.nio.charset.StandardCharsets.UTF_8), true));
        cl.setPosixClusteredShortOptionsAllowed(true);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, commandLine, _) -> {
            if (e instanceof BerthException be) {
                ExitCodes.print(commandLine.getErr(), be);
                return commandLine.getCommand() instanceof io.berth.cli.command.container.RunCommand
                        ? ExitCodes.DAEMON : ExitCodes.GENERAL;
            }
            if (e instanceof java.io.UncheckedIOException io) {
                commandLine.getErr().println("error: " + io.getCause().getMessage());
                return ExitCodes.GENERAL;
            }
            throw e;
        });
        cl.setParameterExceptionHandler((e, _) -> {
            var err = e.getCommandLine().getErr();
            err.println(e.getMessage());
            err.println("See '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.DAEMON;
        });
        return cl;
    }

    /** The client for {@code -H}, {@code BERTH_HOST}/{@code DOCKER_HOST}, or the default socket (berthd is started if needed). */
    public BerthClient client() {
        if (client == null) {
            String target = host != null ? host : System.getenv("BERTH_HOST");
            if (target == null || target.isEmpty()) {
                String docker = System.getenv("DOCKER_HOST");
                target = docker != null && docker.startsWith("unix://") ? docker : null;
            }
            Path socket = target == null ? BerthClient.DEFAULT_SOCKET : socketPath(target);
            client = new BerthClient(socket);
            DaemonLauncher.ensureRunning(client, socket.equals(BerthClient.DEFAULT_SOCKET));
        }
        return client;
    }

    static Path socketPath(String host) {
        if (host.startsWith("unix://")) {
            return Path.of(host.substring("unix://".length()));
        }
        if (host.startsWith("/")) {
            return Path.of(host);
        }
        throw new io.berth.common.InvalidArgumentException("unsupported host: " + host + " (berth speaks unix:// sockets)");
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** {@code berth --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Berth version " + DockerApi.ENGINE_VERSION + ", API " + DockerApi.API_VERSION};
        }
    }
}
