package io.berth.testing;

import io.berth.api.model.ContainerListOptions;
import io.berth.api.model.RemoveOptions;
import io.berth.cli.BerthCommand;
import io.berth.client.BerthClient;
import io.berth.common.ExecResult;
import io.berth.common.UnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * A real berthd for one test class: its own temp data-root, exec-root and socket. After the class,
 * every container is removed, the daemon stops, and the extension fails the class if anything is
 * left behind (mounts under the root, pinned network namespaces, the daemon's bridge).
 * On a failing test it prints the daemon's log.
 */
public final class BerthdExtension implements BeforeAllCallback, AfterAllCallback, TestWatcher {
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final List<String> extraArgs;
    private Path root;
    private Process daemon;
    private BerthClient client;
    private String bridgeSubnet;

    private BerthdExtension(List<String> extraArgs) {
        this.extraArgs = List.copyOf(extraArgs);
    }

    public static BerthdExtension onTempDataRoot(String... extraArgs) {
        return new BerthdExtension(List.of(extraArgs));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (!RequiresRootExtension.enabled()) {
            return;
        }
        root = Files.createTempDirectory(Path.of("/tmp"), "berth-it-");
        start();
    }

    /** Starts berthd (again) on the same data-root. */
    public void start() throws IOException, InterruptedException {
        // test daemons send nothing past the machine: pulls of Docker Hub names fail at once
        var args = new ArrayList<String>(List.of("-H", "unix://" + socket(), "--data-root", dataRoot().toString(), "-D",
                "--registries-loopback-only"));
        if (extraArgs.stream().noneMatch(a -> a.startsWith("--bip") || a.startsWith("--config-file"))) {
            // a default bridge of its own, so that test daemons running side by side never share a subnet
            args.addAll(List.of("--bip", bridgeSubnet()));
        }
        args.addAll(extraArgs);
        var argv = new ArrayList<>(Processes.javaMain("io.berth.daemon.Berthd", args));
        argv.add(1, "-Djdk.lang.Process.launchMechanism=VFORK");
        String libexec = System.getProperty("berth.libexec");
        if (libexec != null) {
            argv.add(1, "-Dberth.libexec=" + libexec);
        }
        daemon = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("berthd.log").toFile()))
                .start();
        client = new BerthClient(socket());
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (true) {
            try {
                client.ping();
                return;
            } catch (UnavailableException e) {
                if (!daemon.isAlive()) {
                    throw new IllegalStateException("berthd exited with " + daemon.exitValue() + ":\n" + log());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("berthd did not answer within " + STARTUP + ":\n" + log());
                }
                Thread.sleep(20);
            }
        }
    }

    private String bridgeSubnet() {
        if (bridgeSubnet == null) {
            bridgeSubnet = randomBridgeSubnet();
        }
        return bridgeSubnet;
    }

    /**
     * A default-bridge address for a test daemon ({@code --bip} or daemon.json {@code bip}): a random
     * /24 of 10.240.0.0/12, apart from the 10.23x subnets the tests create networks in.
     */
    public static String randomBridgeSubnet() {
        var random = new java.security.SecureRandom();
        return "10." + (240 + random.nextInt(10)) + "." + random.nextInt(256) + ".1/24";
    }

    /** {@code kill -9} of the daemon (its containers' monitors live on). */
    public void kill9() throws InterruptedException {
        daemon.destroyForcibly();
        daemon.waitFor(30, TimeUnit.SECONDS);
    }

    public void stop() throws InterruptedException {
        daemon.destroy();
        if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
            daemon.destroyForcibly();
            daemon.waitFor(30, TimeUnit.SECONDS);
        }
    }

    public long pid() {
        return daemon.pid();
    }

    public BerthClient client() {
        return client;
    }

    public Path root() {
        return root;
    }

    public Path socket() {
        return root.resolve("berth.sock");
    }

    public Path dataRoot() {
        return root.resolve("data");
    }

    public Path execRoot() {
        return dataRoot().resolve("run");
    }

    public String host() {
        return "unix://" + socket();
    }

    public void bootstrapBusybox() {
        client.images().bootstrap("busybox");
    }

    /** The result of an in-process {@code berth} command. */
    public record CliResult(int exitCode, String out, String err) {}

    /** Runs Berth's CLI in this JVM against this daemon (picocli's way of testing commands). */
    public CliResult berth(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var root = new BerthCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        var argv = new ArrayList<String>(List.of("-H", host()));
        argv.addAll(List.of(args));
        int code = BerthCommand.commandLine(root).execute(argv.toArray(String[]::new));
        return new CliResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs Berth's CLI as its own process (for stdin and TTY behaviour). */
    public ExecResult berthProcess(String stdin, String... args) {
        var argv = new ArrayList<String>(List.of("-H", host()));
        argv.addAll(List.of(args));
        return Processes.run(Processes.javaMain("io.berth.cli.Main", argv), stdin, Duration.ofMinutes(2));
    }

    /** Runs Berth's CLI as its own process with {@code env} added to its environment (DOCKER_CONFIG, PATH). */
    public ExecResult berthProcessWithEnv(Map<String, String> env, String stdin, String... args) {
        var argv = new ArrayList<String>(List.of("-H", host()));
        argv.addAll(List.of(args));
        return Processes.run(Processes.javaMain("io.berth.cli.Main", argv), env, stdin, Duration.ofMinutes(2));
    }

    /** Runs the docker CLI against this daemon. */
    public ExecResult docker(String... args) {
        return dockerWithInput(null, args);
    }

    public ExecResult dockerWithInput(String stdin, String... args) {
        var argv = new ArrayList<String>(List.of(DockerCli.path(), "-H", host()));
        argv.addAll(List.of(args));
        return Processes.run(argv, Map.of("DOCKER_CONFIG", root.resolve("docker-config").toString()), stdin,
                Duration.ofMinutes(2));
    }

    public String log() {
        try {
            return Files.readString(root.resolve("berthd.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (root != null) {
            String log = log();
            System.err.println("---- berthd log (" + root + ") ----\n"
                    + (log.length() > 20000 ? log.substring(log.length() - 20000) : log));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (root == null) {
            return;
        }
        var problems = new ArrayList<String>();
        try {
            if (daemon != null && daemon.isAlive()) {
                for (var c : client.containers().list(new ContainerListOptions(true, OptionalInt.empty(), false,
                        Map.of()))) {
                    client.containers().remove(c.id(), new RemoveOptions(true, true));
                }
            }
        } catch (RuntimeException e) {
            problems.add("removing containers: " + e.getMessage());
        }
        String bridge = null;
        try {
            if (daemon != null && daemon.isAlive()) {
                bridge = client.networks().inspect("bridge").options().get("com.docker.network.bridge.name");
            }
        } catch (RuntimeException e) {
            problems.add("inspecting the default bridge: " + e.getMessage());
        }
        if (daemon != null && daemon.isAlive()) {
            stop();
        }
        problems.addAll(Debris.under(root));
        if (bridge != null && Files.exists(Path.of("/sys/class/net", bridge))) {
            problems.add("default bridge left: " + bridge);
        }
        if (problems.isEmpty()) {
            deleteTree(root);
        } else {
            Debris.release(root);
            throw new AssertionError("berthd left debris behind (" + root + "):\n  " + String.join("\n  ", problems)
                    + "\n---- berthd log ----\n" + log());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
