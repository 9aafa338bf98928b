package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.berth.api.model.AttachOptions;
import io.berth.api.model.ContainerConfig;
import io.berth.api.model.ContainerCreateRequest;
import io.berth.api.model.ExecConfig;
import io.berth.api.model.ExecStartConfig;
import io.berth.api.model.HostConfig;
import io.berth.api.model.NetworkingConfig;
import io.berth.api.model.RemoveOptions;
import io.berth.client.BerthClient;
import io.berth.client.HttpTransport;
import io.berth.common.BerthException;
import io.berth.common.ExecResult;
import io.berth.common.InvalidArgumentException;
import io.berth.testing.BerthdExtension;
import io.berth.testing.DockerCli;
import io.berth.testing.Processes;
import io.berth.testing.Pty;
import io.berth.testing.RequiresRoot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Attaching to running containers and letting go of them: the API's attach with detach keys and
 * its events, exec sessions with detach keys, and both CLIs on a pseudo-terminal typing ctrl-p
 * ctrl-q (or other keys) as a user would; {@code --sig-proxy} forwarding the CLI's signals.
 */
@RequiresRoot
class AttachIT {
    private static final Duration LONG = Duration.ofSeconds(60);
    /** Echoes each line it reads: shows that input reaches the container. */
    private static final String ECHO_LOOP = "while read l; do echo \"got-$l\"; done";

    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    @BeforeAll
    static void image() {
        berthd.bootstrapBusybox();
    }

    private static String run(String name, boolean tty, boolean stdinOnce, String... cmd) {
        var config = ContainerConfig.builder().image("busybox").cmd(List.of(cmd)).tty(tty).openStdin(true)
                .stdinOnce(stdinOnce).attachStdin(true).attachStdout(true).attachStderr(true).build();
        var request = new ContainerCreateRequest(config, HostConfig.builder().networkMode("none").build(),
                NetworkingConfig.builder().build());
        BerthClient client = berthd.client();
        String id = client.containers().create(Optional.ofNullable(name), request).id();
        client.containers().start(id);
        return id;
    }

    private static List<String> actions(String container, Instant since) {
        var events = berthd.berth("events", "--since", Long.toString(since.getEpochSecond()), "--until",
                Long.toString(Instant.now().getEpochSecond() + 1), "--filter", "container=" + container,
                "--format", "{{.Action}}");
        return events.out().lines().toList();
    }

    private static String status(String ref) {
        return berthd.client().containers().inspect(ref).state().status();
    }

    private static void remove(String ref) {
        berthd.client().containers().remove(ref, new RemoveOptions(true, true));
    }

    /** Collects what a stream delivers on a thread of its own, so tests can wait for text. */
    private static final class Collector {
        private final StringBuffer text = new StringBuffer();
        private final Thread thread;

        Collector(InputStream in) {
            thread = Thread.ofVirtual().start(() -> {
                byte[] buffer = new byte[4096];
                try {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (IOException ignored) {
                    // closed under us
                }
            });
        }

        void awaitText(String wanted) {
            await().atMost(LONG).until(() -> text.toString().contains(wanted));
        }

        /** Whether the stream ended within the time. */
        boolean ended(Duration within) throws InterruptedException {
            return thread.join(within);
        }

        String text() {
            return text.toString();
        }
    }

    private static void type(HttpTransport.Reply connection, String keys) throws IOException {
        connection.output().write(keys.getBytes(StandardCharsets.UTF_8));
        connection.output().flush();
    }

    // --- the API ------------------------------------------------------------------------------

    @Test
    void attachAndDetachAreEventsAndInputThatEndsLetsGoOfATtyContainer() throws Exception {
        Instant since = Instant.now().minusSeconds(1);
        String id = run("ends-input", true, true, "sh", "-c", ECHO_LOOP);
        BerthClient client = berthd.client();
        var options = new AttachOptions(true, true, true, true, false, Optional.empty());

        try (var connection = client.containers().attach(id, options)) {
            var output = new Collector(connection.body());
            type(connection, "first\n");
            output.awaitText("got-first");
            connection.closeOutput(); // the client's input ends (as the docker CLI does when it detaches)

            assertThat(output.ended(LONG)).as("the daemon ends the session").isTrue();
        }
        assertThat(status(id)).isEqualTo("running");
        // the container's input stays open (a TTY container's stdin is not closed by a client): a second attach types on
        try (var connection = client.containers().attach(id, options)) {
            var output = new Collector(connection.body());
            type(connection, "second\n");
            output.awaitText("got-second");
            type(connection, "\u0010\u0011"); // ctrl-p ctrl-q, the default keys

            assertThat(output.ended(LONG)).isTrue();
            assertThat(output.text()).doesNotContain("got-\u0010");
        }
        assertThat(status(id)).isEqualTo("running");
        await().atMost(LONG).untilAsserted(() -> assertThat(actions(id, since))
                .containsSubsequence("create", "start", "attach", "detach", "attach", "detach"));
        remove(id);
    }

    @Test
    void withoutATtyTheEndOfInputClosesAStdinOnceContainersInputAndTheOutputGoesOn() throws Exception {
        String id = run("stdin-once", false, true, "sh", "-c", "cat; echo after-eof");
        BerthClient client = berthd.client();

        try (var connection = client.containers().attach(id,
                new AttachOptions(true, true, true, true, false, Optional.empty()))) {
            var output = new Collector(connection.body());
            type(connection, "hello\n");
            connection.closeOutput();

            output.awaitText("after-eof");
            assertThat(output.ended(LONG)).isTrue();
        }
        await().atMost(LONG).until(() -> status(id).equals("exited"));
        assertThat(berthd.client().containers().inspect(id).state().exitCode()).isZero();
        remove(id);
    }

    @Test
    void runDashDIKeepsTheInputOpenForClientsThatComeAndGo() throws Exception {
        String docker = berthd.docker("run", "-d", "-i", "--network", "none", "busybox", "cat").out().strip();
        var berth = berthd.berth("run", "-d", "-i", "--network", "none", "busybox", "cat");
        String id = berth.out().strip();
        String format = "{{.Config.StdinOnce}} {{.Config.OpenStdin}} {{.Config.AttachStdin}}";

        assertThat(berthd.berth("inspect", "-f", format, id).out()).isEqualTo("false true false\n")
                .isEqualTo(berthd.docker("inspect", "-f", format, docker).out());
        var options = new AttachOptions(true, true, true, true, false, Optional.empty());
        for (String line : List.of("first", "second")) {
            try (var connection = berthd.client().containers().attach(id, options)) {
                var output = new Collector(connection.body());
                type(connection, line + "\n");
                output.awaitText(line);
                connection.closeOutput(); // this client's input ends: its session does, cat's input does not

                assertThat(output.ended(LONG)).isTrue();
            }
            assertThat(status(id)).isEqualTo("running");
        }
        remove(id);
        remove(docker);
    }

    @Test
    void badDetachKeysAreDockersErrors() {
        String id = run("bad-keys", true, false, "sh", "-c", ECHO_LOOP);
        BerthClient client = berthd.client();

        assertThatThrownBy(() -> client.containers().attach(id,
                new AttachOptions(true, true, true, true, false, Optional.of("ctrl-PP"))).close())
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Invalid detach keys (ctrl-PP) provided");
        assertThatThrownBy(() -> client.execs().create(id,
                ExecConfig.builder().cmd(List.of("sh")).attachStdin(true).tty(true).detachKeys("ctrl-,").build()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Invalid escape keys (ctrl-,) provided");
        var docker = berthd.docker("exec", "-i", "--detach-keys", "ctrl-PP", id, "sh");
        assertThat(docker.exitCode()).isNotZero();
        assertThat(docker.err()).contains("Invalid escape keys (ctrl-PP) provided");
        var berth = berthd.berthProcess(null, "attach", "--no-stdin", "--detach-keys", "DEL,x,ctrl-PP", id);
        assertThat(berth.exitCode()).isNotZero();
        assertThat(berth.err()).contains("Invalid detach keys (DEL,x,ctrl-PP) provided");
        // a TTY container's input wants a terminal: the docker CLI's check, in both CLIs
        for (var noTerminal : List.of(berthd.docker("attach", id), berthd.berthProcess(null, "attach", id))) {
            assertThat(noTerminal.exitCode()).isEqualTo(1);
            assertThat(noTerminal.err()).contains("the input device is not a TTY");
        }
        assertThat(status(id)).isEqualTo("running");
        remove(id);
    }

    @Test
    void pausedContainersAreRefusedAsDockerdAndTheCliRefuseThem() {
        String id = run("paused", false, false, "sleep", "1000");
        String stopped = run("stopped", false, false, "true");
        BerthClient client = berthd.client();
        client.containers().pause(id);

        assertThatThrownBy(() -> client.containers().attach("paused",
                new AttachOptions(false, true, true, true, false, Optional.empty())).close())
                .isInstanceOf(io.berth.common.ConflictException.class)
                .hasMessage("container paused is paused, unpause the container before attach");
        for (var cli : List.of(berthd.docker("attach", "paused"), berthd.berthProcess(null, "attach", "paused"))) {
            assertThat(cli.exitCode()).isEqualTo(1);
            assertThat(cli.err()).contains("You cannot attach to a paused container, unpause it first");
        }
        await().atMost(LONG).until(() -> status(stopped).equals("exited"));
        for (var cli : List.of(berthd.docker("attach", "stopped"), berthd.berthProcess(null, "attach", "stopped"))) {
            assertThat(cli.exitCode()).isEqualTo(1);
            assertThat(cli.err()).contains("You cannot attach to a stopped container, start it first");
        }
        client.containers().unpause(id);
        remove(id);
        remove(stopped);
    }

    @Test
    void anExecLetsGoWithItsDetachKeysAndRunsOn() throws Exception {
        Instant since = Instant.now().minusSeconds(1);
        String id = run("exec-keys", false, false, "sleep", "1000");
        BerthClient client = berthd.client();
        String exec = client.execs().create(id, ExecConfig.builder().cmd(List.of("sh", "-c", ECHO_LOOP))
                .attachStdin(true).attachStdout(true).attachStderr(true).tty(true).detachKeys("ctrl-x,x").build());

        try (var connection = client.execs().start(exec, new ExecStartConfig(false, true, null))) {
            var output = new Collector(connection.body());
            type(connection, "in-exec\n");
            output.awaitText("got-in-exec");
            type(connection, "\u0018x");

            assertThat(output.ended(LONG)).isTrue();
        }
        assertThat(client.execs().inspect(exec).running()).isTrue();
        await().atMost(LONG).untilAsserted(() -> assertThat(actions(id, since)).anyMatch(a -> a.equals("exec_detach")));
        remove(id);
    }

    @Test
    void noStdinLeavesTheContainersInputAlone() throws Exception {
        Instant since = Instant.now().minusSeconds(1);
        String id = run("no-stdin", false, false, "sh", "-c",
                "while [ ! -f /go ]; do sleep 0.1; done; read -t 2 l; echo \"read:[$l]\"; exit 3");
        var result = new java.util.concurrent.atomic.AtomicReference<ExecResult>();
        Thread attach = Thread.ofVirtual()
                .start(() -> result.set(berthd.berthProcess("typed\n", "attach", "--no-stdin", id)));
        await().atMost(LONG).until(() -> actions(id, since).contains("attach"));

        berthd.berth("exec", id, "touch", "/go");
        attach.join(LONG);

        assertThat(result.get().exitCode()).as(result.get().err()).isEqualTo(3);
        assertThat(result.get().out()).isEqualTo("read:[]\n");
        remove(id);
    }

    // --- the CLIs on a terminal ---------------------------------------------------------------

    private static List<String> berthArgv(String... args) {
        var argv = new ArrayList<String>(List.of("-H", berthd.host()));
        argv.addAll(List.of(args));
        return Processes.javaMain("io.berth.cli.Main", argv);
    }

    private static List<String> dockerArgv(String... args) {
        var argv = new ArrayList<String>(List.of(DockerCli.path(), "-H", berthd.host()));
        argv.addAll(List.of(args));
        return argv;
    }

    /** Types a line, waits for the container's answer, then types the keys. */
    private static ExecResult typeThenDetach(List<String> argv, Map<String, String> env, String line, String keys) {
        return Pty.run(List.of(Pty.typeUntil(line + "\r", "got-" + line), Pty.send(keys)), argv, env);
    }

    private static Map<String, String> dockerEnv() {
        return Map.of("DOCKER_CONFIG", berthd.root().resolve("docker-config").toString());
    }

    @Test
    void berthRunItAttachAndStartAiLetGoWithCtrlPCtrlQ() {
        var run = typeThenDetach(berthArgv("run", "-it", "--name", "b-run", "--network", "none", "busybox",
                "sh", "-c", ECHO_LOOP), Map.of(), "one", Pty.CTRL_P_CTRL_Q);

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(status("b-run")).isEqualTo("running");

        var attach = typeThenDetach(berthArgv("attach", "b-run"), Map.of(), "two", Pty.CTRL_P_CTRL_Q);

        assertThat(attach.exitCode()).as(attach.out() + attach.err()).isEqualTo(1);
        assertThat(attach.out()).contains("read escape sequence");
        assertThat(status("b-run")).isEqualTo("running");

        berthd.berth("create", "-it", "--name", "b-start", "--network", "none", "busybox", "sh", "-c", ECHO_LOOP);
        var start = typeThenDetach(berthArgv("start", "-ai", "--detach-keys", "ctrl-x,x", "b-start"), Map.of(),
                "three", "\u0018x");

        assertThat(start.exitCode()).as(start.out() + start.err()).isZero();
        assertThat(status("b-start")).isEqualTo("running");
        remove("b-run");
        remove("b-start");
    }

    @Test
    void berthExecItLetsGoWithTheKeysOfTheConfigFile(@org.junit.jupiter.api.io.TempDir Path config) throws Exception {
        String id = run("b-exec", false, false, "sleep", "1000");
        Files.writeString(config.resolve("config.json"), "{\"detachKeys\": \"ctrl-a,d\"}");

        var exec = typeThenDetach(berthArgv("exec", "-it", id, "sh", "-c", "echo $$ > /exec.pid; " + ECHO_LOOP),
                Map.of("DOCKER_CONFIG", config.toString()), "four", "\u0001d");

        assertThat(exec.exitCode()).as(exec.out() + exec.err()).isEqualTo(1);
        assertThat(exec.out()).contains("read escape sequence");
        String pid = berthd.berth("exec", id, "cat", "/exec.pid").out().strip();
        assertThat(berthd.berth("exec", id, "ls", "/proc/" + pid).exitCode()).as("the exec runs on").isZero();
        remove(id);
    }

    @Test
    void dockerRunItAndDockerAttachLetGoWithCtrlPCtrlQ() throws Exception {
        Instant since = Instant.now().minusSeconds(1);
        var run = typeThenDetach(dockerArgv("run", "-it", "--name", "d-run", "--network", "none", "busybox",
                "sh", "-c", ECHO_LOOP), dockerEnv(), "five", Pty.CTRL_P_CTRL_Q);

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(status("d-run")).isEqualTo("running");

        var attach = typeThenDetach(dockerArgv("attach", "d-run"), dockerEnv(), "six", Pty.CTRL_P_CTRL_Q);

        assertThat(attach.exitCode()).as(attach.out() + attach.err()).isEqualTo(1);
        assertThat(attach.out()).contains("read escape sequence");
        assertThat(status("d-run")).isEqualTo("running");

        var keys = typeThenDetach(dockerArgv("attach", "--detach-keys", "ctrl-a,a", "d-run"), dockerEnv(), "seven",
                "\u0001a");

        assertThat(keys.exitCode()).as(keys.out() + keys.err()).isEqualTo(1);
        assertThat(status("d-run")).isEqualTo("running");

        Path config = berthd.root().resolve("docker-config-keys");
        Files.createDirectories(config);
        Files.writeString(config.resolve("config.json"), "{\"detachKeys\": \"ctrl-x,y\"}");
        var fromConfig = typeThenDetach(dockerArgv("attach", "d-run"), Map.of("DOCKER_CONFIG", config.toString()),
                "ten", "\u0018y");

        assertThat(fromConfig.exitCode()).as(fromConfig.out() + fromConfig.err()).isEqualTo(1);
        assertThat(status("d-run")).isEqualTo("running");
        await().atMost(LONG).untilAsserted(() -> assertThat(actions("d-run", since))
                .containsSubsequence("create", "attach", "start", "detach", "attach", "detach", "attach", "detach",
                        "attach", "detach"));
        remove("d-run");
    }

    @Test
    void dockerExecItLetsGoWithItsDetachKeys() {
        String id = run("d-exec", false, false, "sleep", "1000");

        var exec = typeThenDetach(dockerArgv("exec", "-it", "--detach-keys", "ctrl-a,d", id, "sh", "-c",
                "echo $$ > /exec.pid; " + ECHO_LOOP), dockerEnv(), "eight", "\u0001d");

        assertThat(exec.exitCode()).as(exec.out() + exec.err()).isEqualTo(1);
        assertThat(exec.out()).contains("read escape sequence");
        String pid = berthd.berth("exec", id, "cat", "/exec.pid").out().strip();
        assertThat(berthd.berth("exec", id, "ls", "/proc/" + pid).exitCode()).as("the exec runs on").isZero();
        remove(id);
    }

    // --- --sig-proxy --------------------------------------------------------------------------

    private static final String TRAPS = "trap 'echo got-term; exit 7' TERM; trap 'echo got-int; exit 8' INT; "
            + "while true; do echo tick; sleep 0.2; done";

    private static String runDetached(String name) {
        var config = ContainerConfig.builder().image("busybox").cmd(List.of("sh", "-c", TRAPS)).build();
        var request = new ContainerCreateRequest(config, HostConfig.builder().networkMode("none").build(),
                NetworkingConfig.builder().build());
        String id = berthd.client().containers().create(Optional.of(name), request).id();
        berthd.client().containers().start(id);
        return id;
    }

    private static int exitCode(String id) {
        await().atMost(LONG).until(() -> status(id).equals("exited"));
        return berthd.client().containers().inspect(id).state().exitCode().intValue();
    }

    @Test
    void theSignalsAnAttachedCliGetsGoToTheContainer() {
        String berthInt = runDetached("sig-berth-int");
        var attach = Pty.run(List.of(Pty.expect("tick"), Pty.signal("INT")), berthArgv("attach", berthInt), Map.of());

        assertThat(attach.exitCode()).as(attach.out() + attach.err()).isEqualTo(8);
        assertThat(exitCode(berthInt)).isEqualTo(8);

        String dockerTerm = runDetached("sig-docker-term");
        var docker = Pty.run(List.of(Pty.expect("tick"), Pty.signal("TERM")), dockerArgv("attach", dockerTerm),
                dockerEnv());

        assertThat(docker.exitCode()).as(docker.out() + docker.err()).isEqualTo(7);
        assertThat(exitCode(dockerTerm)).isEqualTo(7);
        remove(berthInt);
        remove(dockerTerm);
    }

    @Test
    void theSignalsOfAnAttachedRunGoToTheContainer() {
        var berth = Pty.run(List.of(Pty.expect("tick"), Pty.signal("TERM")),
                berthArgv("run", "--name", "sig-run-berth", "--network", "none", "busybox", "sh", "-c", TRAPS), Map.of());
        var docker = Pty.run(List.of(Pty.expect("tick"), Pty.signal("INT")),
                dockerArgv("run", "--name", "sig-run-docker", "--network", "none", "busybox", "sh", "-c", TRAPS),
                dockerEnv());

        assertThat(berth.exitCode()).as(berth.out() + berth.err()).isEqualTo(7);
        assertThat(exitCode("sig-run-berth")).isEqualTo(7);
        assertThat(docker.exitCode()).as(docker.out() + docker.err()).isEqualTo(8);
        assertThat(exitCode("sig-run-docker")).isEqualTo(8);

        var start = Pty.run(List.of(Pty.expect("tick"), Pty.signal("INT")), berthArgv("start", "-a", "sig-run-berth"),
                Map.of());

        assertThat(start.exitCode()).as(start.out() + start.err()).isEqualTo(8);
        assertThat(exitCode("sig-run-berth")).isEqualTo(8);
        remove("sig-run-berth");
        remove("sig-run-docker");
    }

    @Test
    void startDashAAttachesToAnExitedContainerBeforeItStartsAgain() throws IOException {
        String id = run("rerun", false, false, "sh", "-c", "echo run-$(cat /proc/uptime | cut -c1-3); exit 6");
        await().atMost(LONG).until(() -> status(id).equals("exited"));

        Instant since = Instant.now().minusSeconds(1);
        try (var logsOnly = berthd.client().containers().attach(id,
                new AttachOptions(false, true, true, false, true, Optional.empty()))) {
            assertThat(new String(logsOnly.body().readAllBytes(), StandardCharsets.UTF_8)).contains("run-");
        }
        await().atMost(LONG).untilAsserted(() -> assertThat(actions(id, since)).endsWith("die", "attach"));

        var docker = berthd.docker("start", "-a", id);
        var berth = berthd.berthProcess(null, "start", "-a", id);

        assertThat(docker.exitCode()).as(docker.err()).isEqualTo(6);
        assertThat(docker.out()).startsWith("run-");
        assertThat(berth.exitCode()).as(berth.err()).isEqualTo(6);
        assertThat(berth.out()).startsWith("run-");
        remove(id);
    }

    @Test
    void dockerStartAiLetsGoWithCtrlPCtrlQ() {
        docker("create", "-it", "--name", "d-start", "--network", "none", "busybox", "sh", "-c", ECHO_LOOP);

        var start = typeThenDetach(dockerArgv("start", "-ai", "d-start"), dockerEnv(), "nine", Pty.CTRL_P_CTRL_Q);

        assertThat(start.exitCode()).as(start.out() + start.err()).isZero();
        assertThat(status("d-start")).isEqualTo("running");
        remove("d-start");
    }

    private static void docker(String... args) {
        var result = berthd.docker(args);
        assertThat(result.exitCode()).as(result.err()).isZero();
    }

    @Test
    void withoutSigProxyTheSignalEndsOnlyTheCli() throws BerthException {
        String id = runDetached("no-proxy");

        var attach = Pty.run(List.of(Pty.expect("tick"), Pty.signal("TERM")),
                berthArgv("attach", "--sig-proxy=false", id), Map.of());

        assertThat(attach.exitCode()).as(attach.out() + attach.err()).isNotIn(0, 7);
        assertThat(status(id)).isEqualTo("running");
        assertThat(Containers.logs(berthd.client(), id).stdout()).doesNotContain("got-term");
        remove(id);
    }
}
