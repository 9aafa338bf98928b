package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.common.ExecResult;
import io.berth.testing.BerthdExtension;
import io.berth.testing.DockerCli;
import io.berth.testing.Processes;
import io.berth.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The docker CLI's classic builder ({@code DOCKER_BUILDKIT=0}, and plain {@code docker build} given Builder-Version 1) against berthd. */
@RequiresRoot
class BuildConformanceIT {
    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    private static Path dir;

    @BeforeAll
    static void setUp() throws Exception {
        berthd.bootstrapBusybox();
        dir = Files.createDirectories(berthd.root().resolve("conf-ctx"));
        Files.writeString(dir.resolve("hello.txt"), "hello\n");
        Files.writeString(dir.resolve("Dockerfile"), """
                FROM busybox AS build
                COPY hello.txt /src/
                RUN tr a-z A-Z < /src/hello.txt > /src/HELLO
                FROM busybox
                COPY --from=build /src/HELLO /HELLO
                ENV WHO=docker
                WORKDIR /work
                CMD ["sh", "-c", "cat /HELLO; echo $WHO; pwd"]
                """);
        Files.writeString(dir.resolve("Dockerfile.fail"), "FROM busybox\nRUN echo failing; exit 4\n");
    }

    private static ExecResult docker(boolean buildkitOff, String stdin, String... args) {
        var argv = new ArrayList<>(List.of(DockerCli.path(), "-H", berthd.host()));
        argv.addAll(List.of(args));
        var env = buildkitOff
                ? Map.of("DOCKER_CONFIG", berthd.root().resolve("docker-config").toString(), "DOCKER_BUILDKIT", "0")
                : Map.of("DOCKER_CONFIG", berthd.root().resolve("docker-config").toString());
        return Processes.run(argv, env, stdin, Duration.ofMinutes(3));
    }

    @Test
    void classicBuilderBuildsAMultiStageImageThatRuns() {
        var build = docker(true, null, "build", "-t", "conf:classic", dir.toString());
        var run = docker(true, null, "run", "--rm", "--network", "none", "conf:classic");
        var again = docker(true, null, "build", "-t", "conf:classic", dir.toString());
        var images = docker(true, null, "images", "--format", "{{.Repository}}:{{.Tag}}");
        var all = docker(true, null, "images", "-a", "--format", "{{.Repository}}:{{.Tag}}");
        var history = docker(true, null, "history", "--format", "{{.CreatedBy}}", "conf:classic");

        assertThat(build.exitCode()).as(build.err()).isZero();
        assertThat(build.out()).contains("Sending build context to Docker daemon", "Step 1/8 : FROM busybox AS build",
                " ---> Running in ", "Successfully built ", "Successfully tagged conf:classic");
        assertThat(run.out()).isEqualTo("HELLO\ndocker\n/work\n");
        assertThat(again.out()).contains(" ---> Using cache").doesNotContain("Running in");
        // the build stage's image is dangling (as with Docker); the steps' intermediate images show with -a only
        assertThat(images.out().lines().filter(l -> l.equals("<none>:<none>"))).hasSize(1);
        assertThat(all.out().lines().filter(l -> l.equals("<none>:<none>")).count()).isGreaterThan(4);
        assertThat(history.out()).contains("WORKDIR /work", "ENV WHO=docker");
    }

    @Test
    void plainDockerBuildUsesTheClassicBuilderOfThisDaemon() {
        var build = docker(false, null, "build", "-q", "-t", "conf:plain", dir.toString());
        var inspect = docker(false, null, "image", "inspect", "-f", "{{.Id}}", "conf:plain");

        assertThat(build.exitCode()).as(build.err()).isZero();
        assertThat(build.out().strip()).isEqualTo(inspect.out().strip()).startsWith("sha256:");
    }

    @Test
    void aFailingRunExitsWithItsCodeAndLeavesNoContainer() {
        var build = docker(true, null, "build", "-f", dir.resolve("Dockerfile.fail").toString(), dir.toString());
        var ps = docker(true, null, "ps", "-aq");

        assertThat(build.exitCode()).isEqualTo(4);
        assertThat(build.out()).contains("failing");
        assertThat(build.err()).contains("The command '/bin/sh -c echo failing; exit 4' returned a non-zero code: 4");
        assertThat(ps.out()).isEmpty();
    }

    @Test
    void dockerfileOnStdinTargetAndRmiOfIntermediates() {
        var stdin = docker(true, "FROM busybox\nRUN echo in > /in\nLABEL a=b\n", "build", "-t", "conf:stdin", "-");
        var target = docker(true, null, "build", "--target", "build", "-t", "conf:target", dir.toString());
        var run = docker(true, null, "run", "--rm", "--network", "none", "conf:target", "cat", "/src/HELLO");
        var rmi = docker(true, null, "rmi", "conf:stdin");
        var syntax = docker(true, "FROM busybox\nRUNN x\n", "build", "-");

        assertThat(stdin.exitCode()).as(stdin.err()).isZero();
        assertThat(target.out()).contains("Step 3/3 : RUN").doesNotContain("Step 4");
        assertThat(run.out()).isEqualTo("HELLO\n");
        assertThat(rmi.out()).contains("Untagged: conf:stdin");
        assertThat(rmi.out().lines().filter(l -> l.startsWith("Deleted: "))).hasSize(2);
        assertThat(syntax.exitCode()).isEqualTo(1);
        assertThat(syntax.err()).contains("Error response from daemon: dockerfile parse error line 2: unknown instruction: RUNN");
    }

    @Test
    void urlContextsAndATarOnStdin() throws Exception {
        // a git repository over http (git's dumb protocol: the CLI clones it), a Dockerfile and a tar over http
        Path repo = BuildIT.gitRepository(berthd.root().resolve("conf-repo"));
        var files = BuildIT.dumbHttpRepository(repo, berthd.root().resolve("served/repo.git"));
        files.put("/Dockerfile", "FROM busybox\nRUN echo from-url > /f\nCMD [\"cat\", \"/f\"]\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var context = Map.of("Dockerfile", "FROM busybox\nCOPY data.txt /\nCMD [\"cat\", \"/data.txt\"]\n",
                "data.txt", "payload\n");
        files.put("/ctx.tar.gz", BuildIT.compressedTar("gzip", context));
        Path stdinTar = berthd.root().resolve("conf-ctx.tar.bz2");
        Files.write(stdinTar, BuildIT.compressedTar("bzip2", context));
        var server = BuildIT.serve(files);
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();

            var git = docker(true, null, "build", "-t", "conf:git", base + "/repo.git#feature:sub");
            var gitRun = docker(true, null, "run", "--rm", "--network", "none", "conf:git");
            var dockerfile = docker(true, null, "build", "-t", "conf:url", base + "/Dockerfile");
            var dockerfileRun = docker(true, null, "run", "--rm", "--network", "none", "conf:url");
            var tar = docker(false, null, "build", "-t", "conf:tar", base + "/ctx.tar.gz");
            var tarRun = docker(true, null, "run", "--rm", "--network", "none", "conf:tar");
            var argv = new ArrayList<>(List.of("sh", "-c", "exec \"$@\" < " + stdinTar, "sh", DockerCli.path(), "-H",
                    berthd.host(), "build", "-t", "conf:stdin-tar", "-"));
            var stdin = Processes.run(argv, Map.of("DOCKER_CONFIG", berthd.root().resolve("docker-config").toString(),
                    "DOCKER_BUILDKIT", "0"), null, Duration.ofMinutes(3));
            var stdinRun = docker(true, null, "run", "--rm", "--network", "none", "conf:stdin-tar");

            assertThat(git.exitCode()).as(git.err() + git.out()).isZero();
            assertThat(gitRun.out()).isEqualTo("sub-on-feature\n");
            assertThat(dockerfile.exitCode()).as(dockerfile.err() + dockerfile.out()).isZero();
            assertThat(dockerfileRun.out()).isEqualTo("from-url\n");
            assertThat(tar.exitCode()).as(tar.err() + tar.out()).isZero();
            assertThat(tarRun.out()).isEqualTo("payload\n");
            assertThat(stdin.exitCode()).as(stdin.err() + stdin.out()).isZero();
            assertThat(stdinRun.out()).isEqualTo("payload\n");
        } finally {
            server.stop(0);
        }
    }
}
