package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.model.ContainerListOptions;
import io.berth.api.model.ImageListOptions;
import io.berth.testing.BerthdExtension;
import io.berth.testing.RequiresRoot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Dockerfile builds through Berth's CLI and the API: real RUN containers, layers, stages, the cache, bad input. */
@RequiresRoot
class BuildIT {
    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    @BeforeAll
    static void image() {
        berthd.bootstrapBusybox();
    }

    private static Path context(String name, String dockerfile, Map<String, String> files) throws IOException {
        Path dir = Files.createDirectories(berthd.root().resolve("ctx-" + name));
        Files.writeString(dir.resolve("Dockerfile"), dockerfile);
        for (var f : files.entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        return dir;
    }

    private static String run(String image, String... command) {
        var args = new ArrayList<>(List.of("run", "--rm", "--network", "none", image));
        args.addAll(List.of(command));
        var result = berthd.berth(args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result.out();
    }

    private static void assertNoContainers() {
        assertThat(berthd.client().containers().list(new ContainerListOptions(true, java.util.OptionalInt.empty(), false, Map.of())))
                .isEmpty();
    }

    @Test
    void multiStageBuildRunsOnlyTheStagesItNeeds() throws Exception {
        Path dir = context("multi", """
                ARG BASE=busybox
                FROM ${BASE} AS builder
                RUN mkdir -p /out && echo compiled > /out/bin \\
                    && echo "app:x:1234:1234::/home/app:/bin/sh" >> /etc/passwd && echo "app:x:1234:" >> /etc/group
                COPY --chown=app:app src/ /out/src/
                FROM builder AS unused
                RUN echo should-not-run && exit 9
                FROM busybox AS final
                COPY --from=builder /out /opt/
                COPY --from=0 --chown=7:8 /out/src/a.txt /opt/a-owned
                COPY --chmod=0700 src/*.txt /glob/
                WORKDIR sub/dir
                COPY <<EOF greeting
                hello ${BASE:-unset}
                EOF
                RUN <<EOT
                echo heredoc-run > /hd
                rm /bin/ls
                EOT
                CMD ["sh", "-c", "stat -c '%u:%g %a %n' /opt/bin /opt/src /opt/src/a.txt /opt/a-owned /glob/a.txt; cat /hd greeting; pwd; test -e /bin/ls || echo no-ls"]
                """, Map.of("src/a.txt", "a\n", "src/sub/b.txt", "b\n"));

        var build = berthd.berth("build", "-t", "multi:1", dir.toString());

        assertThat(build.exitCode()).as(build.err() + build.out()).isZero();
        assertThat(build.out()).contains("Step 1/12 : ARG BASE=busybox", "Step 2/12 : FROM ${BASE} AS builder",
                " ---> Running in ", "Removing intermediate container ", "Successfully tagged multi:1")
                .doesNotContain("should-not-run");
        String output = run("multi:1");
        assertThat(output).isEqualTo("""
                0:0 644 /opt/bin
                1234:1234 755 /opt/src
                1234:1234 644 /opt/src/a.txt
                7:8 644 /opt/a-owned
                0:0 700 /glob/a.txt
                heredoc-run
                hello unset
                /sub/dir
                no-ls
                """);
        assertNoContainers();
        var history = berthd.berth("history", "--format", "{{.CreatedBy}}", "multi:1");
        assertThat(history.out()).contains("/bin/sh -c #(nop)  CMD [\"sh\" \"-c\"", "/bin/sh -c #(nop) WORKDIR /sub/dir",
                "/bin/sh -c #(nop) COPY file:");
    }

    @Test
    void aRebuildWithNothingChangedUsesTheCacheEvenAfterARestart() throws Exception {
        Path dir = context("cache", """
                FROM busybox
                COPY file.txt /app/
                RUN cat /app/file.txt > /app/copy
                ENV MODE=cached
                WORKDIR /app
                CMD ["cat", "/app/copy"]
                """, Map.of("file.txt", "v1\n"));

        var first = berthd.berth("build", "-q", "-t", "cache:1", dir.toString());
        var second = berthd.berth("build", "-t", "cache:1", dir.toString());
        berthd.stop();
        berthd.start();
        var afterRestart = berthd.berth("build", "-t", "cache:1", dir.toString());
        var noCache = berthd.berth("build", "--no-cache", "-t", "cache:1", dir.toString());
        Files.writeString(dir.resolve("file.txt"), "v2\n");
        var changed = berthd.berth("build", "-t", "cache:2", dir.toString());

        assertThat(first.exitCode()).as(first.err()).isZero();
        String id = first.out().strip();
        assertThat(id).startsWith("sha256:");
        assertThat(second.out()).doesNotContain("Running in").contains("Successfully built " + id.substring(7, 19));
        assertThat(second.out().split(" ---> Using cache", -1)).hasSize(6);
        assertThat(afterRestart.out()).doesNotContain("Running in").contains("Successfully built " + id.substring(7, 19));
        assertThat(noCache.out()).contains("Running in").doesNotContain("Using cache");
        assertThat(changed.out()).contains("Step 3/6 : RUN cat /app/file.txt > /app/copy\n ---> Running in");
        assertThat(run("cache:2")).isEqualTo("v2\n");
        assertThat(run("cache:1")).isEqualTo("v1\n");
        assertNoContainers();
        var visible = berthd.client().images().list(new ImageListOptions(false, Map.of(), false));
        var all = berthd.client().images().list(new ImageListOptions(true, Map.of(), false));
        assertThat(all.size()).isGreaterThan(visible.size() + 4); // the intermediate images only with --all
    }

    @Test
    void aFailingRunShowsItsOutputAndCodeAndLeavesNoContainer() throws Exception {
        Path dir = context("fail", """
                FROM busybox
                RUN echo to-stdout; echo to-stderr >&2; exit 3
                """, Map.of());

        var build = berthd.berth("build", dir.toString());

        assertThat(build.exitCode()).isEqualTo(3);
        assertThat(build.out()).contains("to-stdout", "to-stderr");
        assertThat(build.err()).contains("The command '/bin/sh -c echo to-stdout; echo to-stderr >&2; exit 3'"
                + " returned a non-zero code: 3");
        assertNoContainers();
        try (Stream<Path> left = Files.list(berthd.dataRoot().resolve("builds"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void badDockerfilesAndContextsAreNamed() throws Exception {
        Path syntax = context("syntax", "FROM busybox\n\n# comment\nRUNN echo\n", Map.of());
        Path missing = context("missing", "FROM busybox\nCOPY nofile.txt /\n", Map.of());
        Path escape = context("escape", "FROM busybox\nCOPY ../x /\n", Map.of());
        Path nonzero = context("many", "FROM busybox\nCOPY a b /single\n", Map.of("a", "a", "b", "b"));

        var parse = berthd.berth("build", syntax.toString());
        var notFound = berthd.berth("build", missing.toString());
        var outside = berthd.berth("build", escape.toString());
        var target = berthd.berth("build", "--target", "nope", missing.toString());
        var many = berthd.berth("build", nonzero.toString());
        var noDir = berthd.berth("build", berthd.root().resolve("no-such-dir").toString());

        assertThat(parse.exitCode()).isNotZero();
        assertThat(parse.err()).contains("dockerfile parse error line 4: unknown instruction: RUNN");
        assertThat(notFound.exitCode()).isEqualTo(1);
        assertThat(notFound.err()).contains("COPY failed: file not found in build context or excluded by"
                + " .dockerignore: stat nofile.txt: file does not exist");
        assertThat(outside.err()).contains("COPY failed: forbidden path outside the build context: ../x");
        assertThat(target.err()).contains("failed to reach build target nope in Dockerfile");
        assertThat(many.err()).contains("When using COPY with more than one source file, the destination must be a"
                + " directory and end with a /");
        assertThat(noDir.err()).contains("unable to prepare context: path");
        assertNoContainers();
    }

    @Test
    void dockerignoreArgsLabelsTargetAndIidfile() throws Exception {
        Path dir = context("args", """
                FROM busybox AS base
                ARG GREETING=default
                ARG UNSET
                ENV FROM_ARG=${GREETING}-env ALT=${UNSET:+set} DEF=${UNSET:-fallback}
                COPY . /ctx/
                ADD files.tar /unpacked/
                RUN echo "run sees $GREETING" > /run.txt
                EXPOSE 8080/udp 9000
                USER 1000:1000
                VOLUME /data
                STOPSIGNAL SIGQUIT
                HEALTHCHECK --interval=5s CMD true
                ENTRYPOINT ["sh", "-c"]
                CMD ["ls -R /ctx; cat /run.txt; echo $FROM_ARG $ALT $DEF; cat /unpacked/inner/f"]
                FROM base AS other
                RUN exit 1
                """, Map.of("ignored/secret", "s", "ignored/keep-me", "k", "keep/x.txt", "x", "debug.log", "l",
                ".dockerignore", "ignored\n!ignored/keep-me\n**/*.log\n"));
        writeTar(dir.resolve("files.tar"), Map.of("inner/f", "from-tar\n"));
        Path iid = berthd.root().resolve("iid");

        var build = berthd.berth("build", "--build-arg", "GREETING=hello", "--build-arg", "NOT_USED=1", "--label",
                "team=build", "--target", "base", "--iidfile", iid.toString(), "-t", "args:1", dir.toString());

        assertThat(build.exitCode()).as(build.err() + build.out()).isZero();
        assertThat(build.out()).contains("[Warning] One or more build-args [NOT_USED] were not consumed")
                .contains("Step 15/15 : LABEL team=build");
        assertThat(Files.readString(iid)).startsWith("sha256:");
        var inspect = berthd.client().images().inspect("args:1");
        assertThat(inspect.id()).isEqualTo(Files.readString(iid));
        assertThat(inspect.config().labels()).containsEntry("team", "build");
        assertThat(inspect.config().exposedPorts()).containsKeys("8080/udp", "9000/tcp");
        assertThat(inspect.config().user()).isEqualTo("1000:1000");
        assertThat(inspect.config().volumes()).containsKey("/data");
        assertThat(inspect.config().stopSignal()).isEqualTo("SIGQUIT");
        assertThat(inspect.config().healthcheck().test()).containsExactly("CMD-SHELL", "true");
        assertThat(inspect.config().healthcheck().interval()).isEqualTo(5_000_000_000L);
        assertThat(inspect.config().env()).contains("FROM_ARG=hello-env", "ALT=", "DEF=fallback")
                .noneMatch(e -> e.startsWith("GREETING="));
        String output = berthd.berth("run", "--rm", "--network", "none", "-u", "0", "args:1").out();
        assertThat(output).contains("Dockerfile", "files.tar", "ignored", "keep").doesNotContain("debug.log");
        assertThat(output).contains("keep-me").doesNotContain("secret");
        assertThat(output).contains("run sees hello\nhello-env fallback\nfrom-tar\n");
    }

    @Test
    void contextsAsCompressedTarsThroughTheApiAndADockerfileOnStdin() throws Exception {
        String dockerfile = "FROM busybox\nCOPY data.txt /\nCMD [\"cat\", \"/data.txt\"]\n";
        var files = Map.of("Dockerfile", dockerfile, "data.txt", "payload\n");
        for (String compression : List.of("none", "gzip", "bzip2", "xz")) {
            var bytes = new ByteArrayOutputStream();
            try (OutputStream out = switch (compression) {
                case "gzip" -> new GzipCompressorOutputStream(bytes);
                case "bzip2" -> new BZip2CompressorOutputStream(bytes);
                case "xz" -> new XZCompressorOutputStream(bytes);
                default -> bytes;
            }) {
                tar(out, files);
            }
            var lines = new ArrayList<JsonNode>();
            berthd.client().images().build(new ByteArrayInputStream(bytes.toByteArray()),
                    List.of(new AbstractMap.SimpleEntry<>("t", "ctx-" + compression)), lines::add);

            assertThat(lines).as(compression).noneMatch(l -> l.has("errorDetail"));
            assertThat(lines).anyMatch(l -> l.path("aux").has("ID"));
            assertThat(run("ctx-" + compression)).isEqualTo("payload\n");
        }

        var stdin = berthd.berthProcess("FROM busybox\nRUN echo from-stdin > /f\nCMD [\"cat\", \"/f\"]\n", "build", "-t",
                "stdin:1", "-");

        assertThat(stdin.exitCode()).as(stdin.err()).isZero();
        assertThat(run("stdin:1")).isEqualTo("from-stdin\n");
    }

    @Test
    void addFetchesUrlsAndChecksTheirDigest() throws Exception {
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/files/tool.txt", exchange -> {
            byte[] body = "downloaded\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/files/tool.txt";
            String digest = io.berth.common.Digest.sha256("downloaded\n".getBytes(StandardCharsets.UTF_8)).toString();
            Path dir = context("url", "FROM busybox\nADD --checksum=" + digest + " " + url + " /downloads/\n"
                    + "CMD [\"sh\", \"-c\", \"stat -c '%a %n' /downloads/tool.txt; cat /downloads/tool.txt\"]\n", Map.of());
            Path bad = context("url-bad", "FROM busybox\nADD --checksum=sha256:" + "0".repeat(64) + " " + url + " /x\n",
                    Map.of());

            var build = berthd.berth("build", "-t", "url:1", dir.toString());
            var mismatch = berthd.berth("build", bad.toString());

            assertThat(build.exitCode()).as(build.err() + build.out()).isZero();
            assertThat(run("url:1")).isEqualTo("600 /downloads/tool.txt\ndownloaded\n");
            assertThat(mismatch.exitCode()).isEqualTo(1);
            assertThat(mismatch.err()).contains("ADD failed: digest mismatch " + digest);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void independentStagesBuildSideBySide() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        // the listener's RUN only ends when the caller's RUN reaches it: a build that ran the stages one after
        // the other would fail after the listener's timeout
        Path dir = context("parallel", """
                FROM busybox AS listener
                ARG PORT
                RUN timeout 120 nc -l -p $PORT > /got && grep -q ping /got
                FROM busybox AS caller
                ARG PORT
                RUN timeout 120 sh -c 'until echo ping | nc 127.0.0.1 $PORT; do sleep 0.2; done' && echo called > /called
                FROM busybox
                COPY --from=listener /got /got
                COPY --from=caller /called /called
                CMD ["cat", "/got", "/called"]
                """, Map.of());

        var build = berthd.berth("build", "--network", "host", "--build-arg", "PORT=" + port, "-t", "parallel:1",
                dir.toString());

        assertThat(build.exitCode()).as(build.err() + build.out()).isZero();
        assertThat(run("parallel:1")).isEqualTo("ping\ncalled\n");
        // the output is still the sequential build's: steps in order, each stage's lines together
        var steps = build.out().lines().filter(l -> l.startsWith("Step ")).map(l -> l.substring(5, l.indexOf('/')))
                .toList();
        assertThat(steps).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
        String out = build.out();
        assertThat(out.indexOf("Step 3/10 : RUN timeout 120 nc")).isLessThan(out.indexOf("Step 4/10 : FROM busybox AS caller"));
        assertThat(out.substring(out.indexOf("Step 3/10"), out.indexOf("Step 4/10"))).contains(" ---> Running in ",
                "Removing intermediate container ");
        assertNoContainers();
    }

    @Test
    void aFailingStageStopsTheStagesBuiltBesideItAndLeavesNoContainer() throws Exception {
        Path dir = context("parallel-fail", """
                FROM busybox AS slow
                RUN sleep 300
                FROM busybox AS broken
                RUN echo broken-output; exit 5
                FROM busybox
                COPY --from=slow /etc/hostname /a
                COPY --from=broken /etc/hostname /b
                """, Map.of());
        long start = System.nanoTime();

        var build = berthd.berth("build", dir.toString());

        assertThat(build.exitCode()).as(build.err() + build.out()).isEqualTo(5);
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(240));
        assertThat(build.out()).contains("Step 2/7 : RUN sleep 300", "Step 4/7 : RUN echo broken-output; exit 5",
                "broken-output").doesNotContain("Step 5/7");
        assertThat(build.err()).contains("The command '/bin/sh -c echo broken-output; exit 5' returned a non-zero code: 5");
        assertNoContainers();
        try (Stream<Path> left = Files.list(berthd.dataRoot().resolve("builds"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void shellOnbuildMaintainerScratchEscapeAndCopyFromAnImage() throws Exception {
        Path parent = context("onbuild", """
                # escape=`
                FROM --platform=$BUILDPLATFORM busybox AS base
                MAINTAINER builder@example.com
                SHELL ["/bin/sh", "-ec"]
                RUN ["sh", "-c", "echo exec-form > /exec"]
                RUN echo one `
                    two > /cont
                ONBUILD RUN echo triggered > /trig
                ENTRYPOINT ["cat"]
                """, Map.of());
        Path child = context("onbuild-child", """
                FROM onbuild:parent
                ENV ABC=hello
                ENV ABC=bye DEF=$ABC
                COPY <<EOF /quoted
                it's "$ABC" \\$ABC ${DEF}
                EOF
                CMD ["/trig", "/exec", "/cont", "/quoted"]
                """, Map.of());
        Path scratch = context("scratch", """
                FROM scratch
                COPY --from=busybox /bin/busybox /busybox
                ENV PATH=/
                CMD ["/busybox", "echo", "from-scratch"]
                """, Map.of());

        var parentBuild = berthd.berth("build", "-t", "onbuild:parent", parent.toString());
        var childBuild = berthd.berth("build", "-t", "onbuild:child", child.toString());
        var scratchBuild = berthd.berth("build", "-t", "scratch:1", scratch.toString());

        assertThat(parentBuild.exitCode()).as(parentBuild.err() + parentBuild.out()).isZero();
        var inspect = berthd.client().images().inspect("onbuild:parent");
        assertThat(inspect.author()).isEqualTo("builder@example.com");
        assertThat(inspect.config().shell()).containsExactly("/bin/sh", "-ec");
        assertThat(inspect.config().onBuild()).containsExactly("RUN echo triggered > /trig");
        assertThat(inspect.config().entrypoint()).containsExactly("cat");
        assertThat(childBuild.exitCode()).as(childBuild.err() + childBuild.out()).isZero();
        assertThat(childBuild.out()).contains("# Executing 1 build trigger");
        assertThat(berthd.client().images().inspect("onbuild:child").config().onBuild()).isNullOrEmpty();
        assertThat(run("onbuild:child")).isEqualTo("triggered\nexec-form\none two\nit's \"bye\" $ABC hello\n");
        assertThat(scratchBuild.exitCode()).as(scratchBuild.err() + scratchBuild.out()).isZero();
        assertThat(berthd.client().images().inspect("scratch:1").rootFS().layers()).hasSize(1);
        assertThat(run("scratch:1")).isEqualTo("from-scratch\n");
        assertNoContainers();
    }

    private static void git(Path dir, String... args) {
        var argv = new ArrayList<>(List.of("git", "-C", dir.toString(), "-c", "user.name=t", "-c", "user.email=t@t",
                "-c", "init.defaultBranch=main"));
        argv.addAll(List.of(args));
        var result = io.berth.testing.Processes.run(argv, null, java.time.Duration.ofMinutes(1));
        assertThat(result.exitCode()).as(String.join(" ", argv) + ": " + result.err()).isZero();
    }

    /** A repository: the Dockerfile at the top on main; a branch {@code feature} (also refs/pull/1/head) with another one under sub/. */
    static Path gitRepository(Path dir) throws IOException {
        Files.createDirectories(dir);
        git(dir, "init", "-q");
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\nCOPY msg /msg\nCMD [\"cat\", \"/msg\"]\n");
        Files.writeString(dir.resolve("msg"), "main\n");
        git(dir, "add", "-A");
        git(dir, "commit", "-q", "-m", "main");
        git(dir, "checkout", "-q", "-b", "feature");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/Dockerfile"), "FROM busybox\nCOPY . /sub/\nCMD [\"cat\", \"/sub/msg\"]\n");
        Files.writeString(dir.resolve("sub/msg"), "sub-on-feature\n");
        Files.writeString(dir.resolve("msg"), "feature\n");
        git(dir, "add", "-A");
        git(dir, "commit", "-q", "-m", "feature");
        git(dir, "update-ref", "refs/pull/1/head", "feature");
        git(dir, "checkout", "-q", "main");
        return dir;
    }

    /** The files of a bare clone of {@code repo} as git's dumb http protocol serves them, under /repo.git/. */
    static Map<String, byte[]> dumbHttpRepository(Path repo, Path bare) throws IOException {
        for (var argv : List.of(List.of("git", "clone", "-q", "--bare", repo.toString(), bare.toString()),
                List.of("git", "-C", bare.toString(), "update-server-info"))) {
            var result = io.berth.testing.Processes.run(argv, null, java.time.Duration.ofMinutes(1));
            assertThat(result.exitCode()).as(result.err()).isZero();
        }
        var files = new java.util.HashMap<String, byte[]>();
        try (var walk = Files.walk(bare)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put("/repo.git/" + bare.relativize(p), Files.readAllBytes(p));
            }
        }
        return files;
    }

    @Test
    void remoteGitContextsWithRefAndSubdirectory() throws Exception {
        Path repo = gitRepository(berthd.root().resolve("repo"));
        var head = io.berth.testing.Processes.run(List.of("git", "-C", repo.toString(), "rev-parse", "HEAD"), null,
                java.time.Duration.ofMinutes(1)).out().strip();
        String url = "file://" + repo;

        var main = berthd.berth("build", "-t", "git:main", url);
        var sub = berthd.berth("build", "-t", "git:sub", url + "#feature:sub");
        var commit = berthd.berth("build", "-t", "git:commit", url + "#" + head);
        var pull = berthd.berth("build", "-t", "git:pull", url + "#refs/pull/1/head:sub");
        var server = serve(dumbHttpRepository(repo, berthd.root().resolve("served/repo.git")));
        BerthdExtension.CliResult overHttp;
        try {
            overHttp = berthd.berth("build", "-t", "git:http", "http://127.0.0.1:" + server.getAddress().getPort()
                    + "/repo.git#feature:sub");
        } finally {
            server.stop(0);
        }
        var badRef = berthd.berth("build", url + "#no-such-branch");
        var badDir = berthd.berth("build", url + "#feature:nowhere");
        var escape = berthd.berth("build", url + "#main:../..");

        assertThat(main.exitCode()).as(main.err() + main.out()).isZero();
        assertThat(run("git:main")).isEqualTo("main\n");
        assertThat(sub.exitCode()).as(sub.err() + sub.out()).isZero();
        assertThat(run("git:sub")).isEqualTo("sub-on-feature\n");
        assertThat(commit.exitCode()).as(commit.err() + commit.out()).isZero();
        assertThat(run("git:commit")).isEqualTo("main\n");
        assertThat(pull.exitCode()).as(pull.err() + pull.out()).isZero();
        assertThat(run("git:pull")).isEqualTo("sub-on-feature\n");
        assertThat(overHttp.exitCode()).as(overHttp.err() + overHttp.out()).isZero();
        assertThat(run("git:http")).isEqualTo("sub-on-feature\n");
        assertThat(badRef.exitCode()).isEqualTo(1);
        assertThat(badRef.err()).contains("unable to prepare context: unable to 'git").contains("no-such-branch");
        assertThat(badDir.err()).contains("unable to prepare context: subdirectory nowhere not found in the repository");
        assertThat(escape.err()).contains("unable to prepare context: subdirectory ../.. is outside of the repository");
        try (Stream<Path> left = Files.list(berthd.dataRoot().resolve("builds"))) {
            assertThat(left).isEmpty();
        }
    }

    /** Serves files from memory: the path's bytes with status 200, or 404. */
    static com.sun.net.httpserver.HttpServer serve(Map<String, byte[]> files) throws IOException {
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = files.get(exchange.getRequestURI().getPath());
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.getResponseHeaders().add("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        return server;
    }

    static byte[] compressedTar(String compression, Map<String, String> files) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (OutputStream out = switch (compression) {
            case "gzip" -> new GzipCompressorOutputStream(bytes);
            case "bzip2" -> new BZip2CompressorOutputStream(bytes);
            case "xz" -> new XZCompressorOutputStream(bytes);
            default -> bytes;
        }) {
            tar(out, files);
        }
        return bytes.toByteArray();
    }

    @Test
    void remoteUrlsOfADockerfileOrATarAndTarsOnStdin() throws Exception {
        var files = new java.util.HashMap<String, byte[]>();
        files.put("/Dockerfile", "FROM busybox\nRUN echo from-url > /f\nCMD [\"cat\", \"/f\"]\n"
                .getBytes(StandardCharsets.UTF_8));
        var context = Map.of("Dockerfile", "FROM busybox\nCOPY data.txt /\nCMD [\"cat\", \"/data.txt\"]\n",
                "data.txt", "payload\n", "other.Dockerfile", "FROM busybox\nCOPY data.txt /other\n"
                        + "CMD [\"cat\", \"/other\"]\n");
        for (String compression : List.of("none", "gzip", "bzip2", "xz")) {
            files.put("/ctx-" + compression + ".tar", compressedTar(compression, context));
        }
        var server = serve(files);
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();

            var dockerfile = berthd.berth("build", "-t", "url:df", base + "/Dockerfile");
            var tarWithFile = berthd.berth("build", "-f", "other.Dockerfile", "-t", "url:other", base + "/ctx-xz.tar");
            var missing = berthd.berth("build", base + "/missing");

            assertThat(dockerfile.exitCode()).as(dockerfile.err() + dockerfile.out()).isZero();
            assertThat(run("url:df")).isEqualTo("from-url\n");
            assertThat(tarWithFile.exitCode()).as(tarWithFile.err() + tarWithFile.out()).isZero();
            assertThat(run("url:other")).isEqualTo("payload\n");
            assertThat(missing.exitCode()).isEqualTo(1);
            assertThat(missing.err()).contains("failed to GET " + base + "/missing with status 404 Not Found");
            for (String compression : List.of("none", "gzip", "bzip2", "xz")) {
                var lines = new ArrayList<JsonNode>();
                berthd.client().images().build(InputStream.nullInputStream(), List.of(
                        new AbstractMap.SimpleEntry<>("remote", base + "/ctx-" + compression + ".tar"),
                        new AbstractMap.SimpleEntry<>("t", "remote-" + compression)), lines::add);

                assertThat(lines).as(compression).noneMatch(l -> l.has("errorDetail"));
                assertThat(run("remote-" + compression)).isEqualTo("payload\n");
            }
        } finally {
            server.stop(0);
        }

        // a context tar on the CLI's stdin, plain or compressed
        for (String compression : List.of("none", "gzip", "bzip2", "xz")) {
            Path tarFile = berthd.root().resolve("stdin-ctx-" + compression + ".tar");
            Files.write(tarFile, compressedTar(compression, context));
            var argv = new ArrayList<>(List.of("sh", "-c", "exec \"$@\" < " + tarFile, "sh"));
            argv.addAll(io.berth.testing.Processes.javaMain("io.berth.cli.Main", List.of("-H", berthd.host(), "build",
                    "-t", "stdin:" + compression, "-")));
            var stdin = io.berth.testing.Processes.run(argv, null, java.time.Duration.ofMinutes(2));

            assertThat(stdin.exitCode()).as(compression + ": " + stdin.err()).isZero();
            assertThat(run("stdin:" + compression)).isEqualTo("payload\n");
        }
    }

    @Test
    void addExtractsCompressedTarsButNotDownloads() throws Exception {
        var inner = Map.of("inner/f", "from-tar\n");
        var server = serve(Map.of("/archive.tar.gz", compressedTar("gzip", inner)));
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/archive.tar.gz";
            Path dir = context("add-tars", "FROM busybox\n"
                    + "ADD plain.tar /plain/\nADD gz.tar.gz /gz/\nADD bz.tar.bz2 /bz/\nADD xz.tar.xz /xz/\n"
                    + "ADD " + url + " /url/\n"
                    + "CMD [\"sh\", \"-c\", \"cat /plain/inner/f /gz/inner/f /bz/inner/f /xz/inner/f;"
                    + " stat -c '%a %Y %n' /url/archive.tar.gz; ls /url\"]\n", Map.of());
            Files.write(dir.resolve("plain.tar"), compressedTar("none", inner));
            Files.write(dir.resolve("gz.tar.gz"), compressedTar("gzip", inner));
            Files.write(dir.resolve("bz.tar.bz2"), compressedTar("bzip2", inner));
            Files.write(dir.resolve("xz.tar.xz"), compressedTar("xz", inner));

            var build = berthd.berth("build", "-t", "add:tars", dir.toString());

            assertThat(build.exitCode()).as(build.err() + build.out()).isZero();
            assertThat(run("add:tars")).isEqualTo("from-tar\nfrom-tar\nfrom-tar\nfrom-tar\n"
                    + "600 1445412480 /url/archive.tar.gz\narchive.tar.gz\n");
        } finally {
            server.stop(0);
        }
    }

    private static void writeTar(Path file, Map<String, String> files) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            tar(out, files);
        }
    }

    private static void tar(OutputStream out, Map<String, String> files) throws IOException {
        var tar = new TarArchiveOutputStream(out);
        for (var f : files.entrySet()) {
            byte[] content = f.getValue().getBytes(StandardCharsets.UTF_8);
            var entry = new TarArchiveEntry(f.getKey());
            entry.setSize(content.length);
            entry.setMode(0100644);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        tar.finish();
    }
}
