package io.berth.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.HealthCheck;
import io.berth.testing.BerthdExtension;
import io.berth.testing.LocalRegistry;
import io.berth.testing.RequiresRoot;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.ExecConfig;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.output.ToStringConsumer;
import org.testcontainers.containers.output.WaitingConsumer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.PullPolicy;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * Testcontainers (from Maven Central, unchanged) drives berthd as it drives Docker: configured the
 * way its users configure it, through the environment failsafe gives this JVM ({@code DOCKER_HOST}
 * on a socket path under {@code target/}, {@code TESTCONTAINERS_RYUK_DISABLED=true},
 * {@code TESTCONTAINERS_CHECKS_DISABLE=true}: the reaper image and the checks' alpine cannot be had
 * offline). That path is a symbolic link to this class's daemon's socket. Every image is local
 * (the bootstrapped busybox, or one Testcontainers builds) but the one a scenario pulls from this
 * class's own registry, so nothing is asked of any registry off the machine.
 */
@RequiresRoot
class BerthTestcontainersIT {
    private static final DockerImageName BUSYBOX = DockerImageName.parse("busybox:latest");

    @RegisterExtension
    static final LocalRegistry registry = LocalRegistry.onTempStorage();

    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    private static Path link;

    @BeforeAll
    static void daemon() throws Exception {
        String host = System.getenv("DOCKER_HOST");
        assertThat(host).as("failsafe sets DOCKER_HOST for this module").startsWith("unix://");
        link = Path.of(host.substring("unix://".length()));
        assertThat(link.toString().getBytes(StandardCharsets.UTF_8).length)
                .as("a UNIX socket path has at most 107 bytes: build from a shorter directory than " + link)
                .isLessThan(108);
        Files.createDirectories(link.getParent());
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, berthd.socket());
        berthd.bootstrapBusybox();
    }

    /**
     * What berthd saw of all the scenarios: Testcontainers spoke the API version it pins, never pulled
     * (but the one image the pull scenario asks of the test's registry), and no request ended in an internal error.
     */
    @AfterAll
    static void requestsBerthdServed() throws Exception {
        if (link == null) {
            return;
        }
        Files.deleteIfExists(link);
        String log = berthd.log();
        Files.writeString(link.resolveSibling("berthd-testcontainers.log"), log);
        assertThat(log).contains("GET /v1.44/_ping", "GET /v1.44/info", "GET /v1.44/version",
                "POST /v1.44/containers/create");
        // (berth's own client, which bootstraps busybox and pushes in one scenario, names no version)
        assertThat(log).as("Testcontainers asked for API 1.44 only")
                .doesNotContainPattern("HttpServer: [A-Z]+ /v1\\.(?!44/)");
        assertThat(log).doesNotContain("internal error req=");
        // the one pull (pullsFromALocalRegistryWhenTheImageIsNotHere) went to the test's registry
        assertThat(log.lines().filter(l -> l.contains("/images/create")).toList())
                .allSatisfy(l -> assertThat(l).contains("fromImage=" + registry.host().replace(":", "%3A")));
    }

    @Test
    void testcontainersTalksToBerthd() {
        var factory = DockerClientFactory.instance();
        assertThat(factory.isDockerAvailable()).isTrue();
        var info = factory.client().infoCmd().exec();
        // the daemon Testcontainers found is this class's berthd: its data-root, not some other engine
        assertThat(info.getDockerRootDir()).isEqualTo(berthd.dataRoot().toString());
        assertThat(factory.getActiveApiVersion()).isNotBlank();
    }

    @Test
    void exposedPortWaitsForListeningPortAndServes() throws Exception {
        try (var web = new GenericContainer<>(BUSYBOX)
                .withCommand("httpd", "-f", "-p", "8080", "-h", "/www")
                .withCopyToContainer(Transferable.of("hello from berth\n"), "/www/index.html")
                .withExposedPorts(8080)
                .waitingFor(Wait.forListeningPort())) {
            web.start();
            int port = web.getMappedPort(8080);
            assertThat(port).isNotEqualTo(8080).isPositive();
            String url = "http://" + web.getHost() + ":" + port + "/index.html";
            assertThat(get(url)).isEqualTo("hello from berth\n");
            // getHost() is the default bridge's gateway here (this machine has /.dockerenv, so Testcontainers
            // believes it runs in a container); elsewhere it is localhost, which must serve the port too
            assertThat(get("http://localhost:" + port + "/index.html")).isEqualTo("hello from berth\n");
            assertThat(web.isRunning()).isTrue();
        }
    }

    @Test
    void waitsForLogMessage() {
        try (var app = new GenericContainer<>(BUSYBOX)
                .withCommand("sh", "-c", "echo starting; sleep 1; echo 'server is ready'; exec sleep 600")
                .waitingFor(Wait.forLogMessage(".*server is ready.*\\n", 1)
                        .withStartupTimeout(Duration.ofSeconds(60)))) {
            app.start();
            assertThat(app.getLogs()).contains("starting\n", "server is ready\n");
            assertThat(app.getLogs(OutputFrame.OutputType.STDOUT)).contains("server is ready");
        }
    }

    @Test
    void execInContainerGivesExitCodeAndBothStreams() throws Exception {
        try (var box = sleeper()) {
            box.start();
            var result = box.execInContainer("sh", "-c", "echo out; echo err >&2; exit 3");
            assertThat(result.getExitCode()).isEqualTo(3);
            assertThat(result.getStdout()).isEqualTo("out\n");
            assertThat(result.getStderr()).isEqualTo("err\n");
            var env = box.execInContainer("env");
            assertThat(env.getStdout()).contains("MODE=test");
        }
    }

    @Test
    void copiesFilesIntoAndOutOfARunningContainer(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("greeting.txt");
        Files.writeString(source, "copied by testcontainers\n");
        try (var box = sleeper()) {
            box.start();
            box.copyFileToContainer(MountableFile.forHostPath(source, 0640), "/data/in/greeting.txt");
            var cat = box.execInContainer("cat", "/data/in/greeting.txt");
            assertThat(cat.getStdout()).isEqualTo("copied by testcontainers\n");
            var mode = box.execInContainer("stat", "-c", "%a", "/data/in/greeting.txt");
            assertThat(mode.getStdout().strip()).isEqualTo("640");

            box.execInContainer("sh", "-c", "echo made inside > /tmp/out.txt");
            Path back = dir.resolve("back.txt");
            box.copyFileFromContainer("/tmp/out.txt", back.toString());
            assertThat(Files.readString(back)).isEqualTo("made inside\n");
            String read = box.copyFileFromContainer("/data/in/greeting.txt",
                    in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertThat(read).isEqualTo("copied by testcontainers\n");
        }
    }

    @Test
    void containersOnANetworkReachEachOtherByAlias() throws Exception {
        try (var network = Network.newNetwork();
                var server = new GenericContainer<>(BUSYBOX)
                        .withCommand("httpd", "-f", "-p", "8080", "-h", "/www")
                        .withCopyToContainer(Transferable.of("from the server\n"), "/www/index.html")
                        .withNetwork(network)
                        .withNetworkAliases("web", "www.berth.test")
                        .withExposedPorts(8080)
                        .waitingFor(Wait.forListeningPort());
                var client = sleeper().withNetwork(network)) {
            server.start();
            client.start();
            for (String alias : new String[] {"web", "www.berth.test"}) {
                var fetched = client.execInContainer("wget", "-qO-", "http://" + alias + ":8080/index.html");
                assertThat(fetched.getExitCode()).as(alias + ": " + fetched.getStderr()).isZero();
                assertThat(fetched.getStdout()).isEqualTo("from the server\n");
            }
            var unknown = client.execInContainer("wget", "-T", "3", "-qO-", "http://nosuchalias:8080/");
            assertThat(unknown.getExitCode()).isNotZero();
        }
    }

    @Test
    void buildsAnImageFromADockerfile() {
        var image = new ImageFromDockerfile("berth-tc/built", false)
                .withFileFromString("message.txt", "built by berthd\n")
                .withDockerfileFromBuilder(dockerfile -> dockerfile
                        .from("busybox:latest")
                        .copy("message.txt", "/message.txt")
                        .run("echo ran at build time >> /message.txt")
                        .env("GREETING", "hi")
                        .cmd("sh", "-c", "cat /message.txt; echo $GREETING")
                        .build());
        try (var built = new GenericContainer<>(image)
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(60)))) {
            built.start();
            assertThat(built.getLogs()).isEqualTo("built by berthd\nran at build time\nhi\n");
        }
        var inspected = DockerClientFactory.instance().client().inspectImageCmd("berth-tc/built:latest").exec();
        assertThat(inspected.getConfig().getEnv()).contains("GREETING=hi");
    }

    @Test
    void followOutputStreamsTheLog() throws Exception {
        var collected = new ToStringConsumer();
        try (var talker = new GenericContainer<>(BUSYBOX)
                .withCommand("sh", "-c", "for i in 1 2 3; do echo line $i; echo oops $i >&2; sleep 1; done; exec sleep 600")
                .withLogConsumer(collected)) {
            talker.start();
            var waiting = new WaitingConsumer();
            var stderr = new ToStringConsumer();
            talker.followOutput(waiting.andThen(stderr), OutputFrame.OutputType.STDERR);
            waiting.waitUntil(frame -> frame.getUtf8String().contains("oops 3"), 60, TimeUnit.SECONDS);
            // the consumer given before start follows a stream of its own: it sees both streams, in order
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> collected.toUtf8String().contains("oops 3"));
            String all = collected.toUtf8String();
            assertThat(all).contains("line 1", "line 3", "oops 1");
            assertThat(all.indexOf("line 1")).isLessThan(all.indexOf("line 2"));
            // followOutput asked for stderr only
            assertThat(stderr.toUtf8String()).contains("oops 1", "oops 3").doesNotContain("line");
        }
    }

    @Test
    void waitsForHttpHealthcheckAndCommand() throws Exception {
        try (var web = new GenericContainer<>(BUSYBOX)
                .withCommand("sh", "-c", "sleep 1; exec httpd -f -p 8080 -h /www")
                .withCopyToContainer(Transferable.of("ok\n"), "/www/health")
                .withExposedPorts(8080)
                .waitingFor(Wait.forHttp("/health").forPort(8080).forStatusCode(200)
                        // Testcontainers hands the predicate the body's lines joined, without the last line end
                        .forResponsePredicate(body -> body.equals("ok")))) {
            web.start();
            assertThat(get("http://" + web.getHost() + ":" + web.getMappedPort(8080) + "/health")).isEqualTo("ok\n");
        }
        try (var healthy = sleeper()
                .withCreateContainerCmdModifier(cmd -> cmd.withHealthcheck(new HealthCheck()
                        .withTest(List.of("CMD-SHELL", "test -e /tmp/up"))
                        .withInterval(Duration.ofMillis(500).toNanos())
                        .withRetries(100)))
                .withCommand("sh", "-c", "sleep 2; touch /tmp/up; exec sleep 600")
                .waitingFor(Wait.forHealthcheck().withStartupTimeout(Duration.ofSeconds(60)))) {
            healthy.start();
            assertThat(healthy.getCurrentContainerInfo().getState().getHealth().getStatus()).isEqualTo("healthy");
            assertThat(healthy.isHealthy()).isTrue();
        }
        try (var ready = sleeper()
                .withCommand("sh", "-c", "sleep 1; touch /tmp/ready; exec sleep 600")
                .waitingFor(Wait.forSuccessfulCommand("test -e /tmp/ready"))) {
            ready.start();
            assertThat(ready.execInContainer("ls", "/tmp/ready").getExitCode()).isZero();
        }
    }

    @Test
    void bindMountsTmpfsLabelsAndExecConfig(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("host.txt"), "from the host\n");
        try (var box = sleeper()
                .withFileSystemBind(dir.toString(), "/shared", BindMode.READ_WRITE)
                .withTmpFs(Map.of("/scratch", "rw,size=1m"))
                .withLabel("suite", "testcontainers")
                .withWorkingDirectory("/shared")
                .withExtraHost("db.berth.test", "10.9.8.7")) {
            box.start();
            assertThat(box.execInContainer("cat", "host.txt").getStdout()).isEqualTo("from the host\n");
            box.execInContainer("sh", "-c", "echo from the container > /shared/back.txt");
            assertThat(Files.readString(dir.resolve("back.txt"))).isEqualTo("from the container\n");
            assertThat(box.execInContainer("sh", "-c", "grep ' /scratch ' /proc/mounts").getStdout()).contains("tmpfs");
            assertThat(box.execInContainer("cat", "/etc/hosts").getStdout()).contains("10.9.8.7\tdb.berth.test");
            var info = box.getContainerInfo();
            assertThat(info.getConfig().getLabels()).containsEntry("suite", "testcontainers");

            var exec = box.execInContainer(ExecConfig.builder()
                    .command(new String[] {"sh", "-c", "id -u; pwd; echo $GREETING"})
                    .user("nobody").workDir("/tmp").envVars(Map.of("GREETING", "hello")).build());
            assertThat(exec.getExitCode()).isZero();
            assertThat(exec.getStdout()).isEqualTo("65534\n/tmp\nhello\n");
        }
    }

    @Test
    void pullsFromALocalRegistryWhenTheImageIsNotHere() throws Exception {
        String image = registry.host() + "/testcontainers/busybox:pulled";
        assertThat(berthd.berth("tag", "busybox:latest", image).exitCode()).isZero();
        var push = berthd.berth("push", image);
        assertThat(push.exitCode()).as(push.err()).isZero();
        assertThat(berthd.berth("rmi", image).exitCode()).isZero();
        try (var pulled = new GenericContainer<>(DockerImageName.parse(image))
                .withImagePullPolicy(PullPolicy.alwaysPull())
                .withCommand("echo", "pulled and ran")
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(60)))) {
            pulled.start();
            assertThat(pulled.getLogs()).isEqualTo("pulled and ran\n");
        }
        assertThat(DockerClientFactory.instance().client().inspectImageCmd(image).exec().getRepoDigests())
                .anySatisfy(d -> assertThat(d).startsWith(registry.host() + "/testcontainers/busybox@sha256:"));
    }

    @Test
    void buildsADockerfileWithArgsAndATarget(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), """
                FROM busybox:latest AS base
                ARG FLAVOUR=plain
                RUN echo "$FLAVOUR" > /flavour
                FROM busybox:latest AS runtime
                COPY --from=base /flavour /flavour
                LABEL stage=runtime
                CMD ["cat", "/flavour"]
                FROM busybox:latest AS unused
                RUN false
                """);
        // (not FROM base: Testcontainers would try to pull an image called "base" before the build)
        var image = new ImageFromDockerfile()
                .withDockerfile(dir.resolve("Dockerfile"))
                .withBuildArg("FLAVOUR", "vanilla")
                .withTarget("runtime");
        try (var built = new GenericContainer<>(image)
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(60)))) {
            built.start();
            assertThat(built.getLogs()).isEqualTo("vanilla\n");
            assertThat(built.getContainerInfo().getConfig().getLabels()).containsEntry("stage", "runtime");
        }
    }

    @Test
    void ttyOutputLargeExecOutputAndLargeCopies(@TempDir Path dir) throws Exception {
        try (var tty = new GenericContainer<>(BUSYBOX)
                .withCreateContainerCmdModifier(cmd -> cmd.withTty(true))
                .withCommand("sh", "-c", "echo on a terminal; tty; exec sleep 600")
                .waitingFor(Wait.forLogMessage(".*/dev/pts/.*", 1))) {
            tty.start();
            // a TTY has one stream: the raw bytes, with the terminal's CR LF
            assertThat(tty.getLogs()).startsWith("on a terminal\r\n/dev/pts/0\r\n");
        }
        try (var box = sleeper()) {
            box.start();
            // 2 MB through the exec's multiplexed stream, both streams
            var big = box.execInContainer("sh", "-c", "head -c 1048576 /dev/zero | tr '\\0' a; head -c 1048576 /dev/zero | tr '\\0' b >&2");
            assertThat(big.getExitCode()).isZero();
            assertThat(big.getStdout()).hasSize(1048576).matches("a+");
            assertThat(big.getStderr()).hasSize(1048576).matches("b+");

            byte[] payload = new byte[8 * 1024 * 1024 + 123];
            new java.util.Random(42).nextBytes(payload);
            box.copyFileToContainer(Transferable.of(payload), "/tmp/blob.bin");
            var sum = box.execInContainer("md5sum", "/tmp/blob.bin");
            assertThat(sum.getStdout()).startsWith(md5(payload));
            byte[] back = box.copyFileFromContainer("/tmp/blob.bin", java.io.InputStream::readAllBytes);
            assertThat(back).isEqualTo(payload);

            Path tree = Files.createDirectories(dir.resolve("tree/sub"));
            Files.writeString(tree.resolve("leaf.txt"), "leaf\n");
            Files.writeString(dir.resolve("tree/top.txt"), "top\n");
            box.copyFileToContainer(MountableFile.forHostPath(dir.resolve("tree")), "/opt/tree");
            assertThat(box.execInContainer("cat", "/opt/tree/top.txt", "/opt/tree/sub/leaf.txt").getStdout())
                    .isEqualTo("top\nleaf\n");
        }
    }

    @Test
    void severalPortsPrivilegedHostnameAndNetworkIpAddress() throws Exception {
        try (var network = Network.newNetwork();
                var two = new GenericContainer<>(BUSYBOX)
                        .withCommand("sh", "-c", "httpd -p 8080 -h /www; exec httpd -f -p 9090 -h /www")
                        .withCopyToContainer(Transferable.of("two ports\n"), "/www/index.html")
                        .withExposedPorts(8080, 9090)
                        .withNetwork(network)
                        .withPrivilegedMode(true)
                        .withCreateContainerCmdModifier(cmd -> cmd.withHostName("two.berth.test"))
                        .waitingFor(Wait.forListeningPorts(8080, 9090))) {
            two.start();
            assertThat(get("http://" + two.getHost() + ":" + two.getMappedPort(8080) + "/")).isEqualTo("two ports\n");
            assertThat(get("http://" + two.getHost() + ":" + two.getMappedPort(9090) + "/")).isEqualTo("two ports\n");
            assertThat(two.getMappedPort(8080)).isNotEqualTo(two.getMappedPort(9090));
            assertThat(two.execInContainer("hostname").getStdout()).isEqualTo("two.berth.test\n");
            // privileged: the host's devices are there
            assertThat(two.execInContainer("ls", "/dev").getStdout()).contains("loop0");
            var info = two.getContainerInfo();
            assertThat(info.getNetworkSettings().getNetworks()).containsKey(networkName(network));
        }
    }

    @Test
    void aFailingBuildAndAFailingStartAreReported() {
        var broken = new ImageFromDockerfile("berth-tc/broken", false)
                .withDockerfileFromBuilder(d -> d.from("busybox:latest").run("echo about to fail; exit 3").build());
        assertThatThrownBy(broken::get).hasStackTraceContaining("returned a non-zero code: 3");
        // a one-shot container that fails: Testcontainers reads its exit code through inspect
        try (var crash = new GenericContainer<>(BUSYBOX)
                .withCommand("sh", "-c", "echo crashing; exit 1")
                .withStartupAttempts(1)
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(60)))) {
            assertThatThrownBy(crash::start).isInstanceOf(org.testcontainers.containers.ContainerLaunchException.class)
                    .satisfies(e -> assertThat(stackTrace(e)).contains("Container did not start correctly"));
        }
    }

    private static String stackTrace(Throwable e) {
        var out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    private static String networkName(Network network) {
        return DockerClientFactory.instance().client().inspectNetworkCmd().withNetworkId(network.getId()).exec().getName();
    }

    private static String md5(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(bytes));
    }

    @Test
    void reusableContainersAreFoundAgain() throws Exception {
        String first;
        var one = sleeper().withLabel("reuse", "probe").withReuse(true);
        one.start();
        first = one.getContainerId();
        var again = sleeper().withLabel("reuse", "probe").withReuse(true);
        again.start();
        try {
            assertThat(again.getContainerId()).isEqualTo(first);
            assertThat(again.getContainerInfo().getConfig().getLabels()).containsKey("org.testcontainers.hash");
        } finally {
            DockerClientFactory.instance().client().removeContainerCmd(first).withForce(true).exec();
        }
    }

    private static GenericContainer<?> sleeper() {
        return new GenericContainer<>(BUSYBOX).withCommand("sleep", "600").withEnv("MODE", "test");
    }

    private static String get(String url) throws Exception {
        var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(3)).build();
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build();
        var response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
