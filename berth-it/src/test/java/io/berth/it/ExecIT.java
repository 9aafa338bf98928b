package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.berth.api.model.ExecConfig;
import io.berth.api.model.ExecStartConfig;
import io.berth.api.model.StopOptions;
import io.berth.api.model.WaitCondition;
import io.berth.client.FrameDecoder;
import io.berth.client.HttpTransport;
import io.berth.common.ConflictException;
import io.berth.common.NotFoundException;
import io.berth.common.http.Headers;
import io.berth.testing.BerthdExtension;
import io.berth.testing.DockerCli;
import io.berth.testing.Processes;
import io.berth.testing.RequiresRoot;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code exec} through the API, the docker CLI and Berth's CLI, against real conmon and crun. */
@RequiresRoot
class ExecIT {
    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    private static String web;

    @BeforeAll
    static void container() {
        berthd.bootstrapBusybox();
        web = Containers.create(berthd.client(), "web", "sleep", "100000");
        berthd.client().containers().start(web);
    }

    // --- the docker CLI -----------------------------------------------------------------------

    @Test
    void dockerExecEchoesAndReturnsTheExitCode() {
        var echo = berthd.docker("exec", "web", "echo", "from-exec");
        var exit = berthd.docker("exec", "web", "sh", "-c", "exit 7");

        assertThat(echo.exitCode()).as(echo.err()).isZero();
        assertThat(echo.out()).isEqualTo("from-exec\n");
        assertThat(exit.exitCode()).isEqualTo(7);
    }

    @Test
    void dockerExecKeepsStdoutAndStderrApart() {
        var result = berthd.docker("exec", "web", "sh", "-c", "echo out; echo err >&2");

        assertThat(result.out()).isEqualTo("out\n");
        assertThat(result.err()).isEqualTo("err\n");
    }

    @Test
    void environmentWorkingDirectoryAndUser() {
        var result = berthd.docker("exec", "-e", "FOO=bar", "-w", "/tmp", "-u", "nobody", "web", "sh", "-c",
                "echo $FOO; pwd; id; echo $HOME");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("bar\n/tmp\nuid=65534(nobody) gid=65534(nogroup)\n/home\n");
    }

    @Test
    void theContainersEnvironmentAndHostnameAreInherited() {
        var result = berthd.docker("exec", "web", "sh", "-c", "echo $HOSTNAME; echo $PATH; echo $HOME");

        assertThat(result.out()).isEqualTo(web.substring(0, 12)
                + "\n/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n/root\n");
    }

    @Test
    void stdinIsPipedThrough() {
        var cat = berthd.dockerWithInput("piped\nthrough\n", "exec", "-i", "web", "cat");
        var exit = berthd.dockerWithInput("x\n", "exec", "-i", "web", "sh", "-c", "cat; exit 4");

        assertThat(cat.exitCode()).as(cat.err()).isZero();
        assertThat(cat.out()).isEqualTo("piped\nthrough\n");
        assertThat(exit.out()).isEqualTo("x\n");
        assertThat(exit.exitCode()).isEqualTo(4);
    }

    @Test
    void withoutInteractiveStdinIsEmpty() {
        var result = berthd.dockerWithInput("ignored\n", "exec", "web", "sh", "-c", "cat; echo done");

        assertThat(result.out()).isEqualTo("done\n");
    }

    @Test
    void aTtyExecUnderScript() {
        String command = "stty rows 30 cols 100; " + DockerCli.path() + " -H " + berthd.host()
                + " exec -it web sh -c 'tty; echo $TERM; sleep 0.5; stty size; exit 3'";

        var result = Processes.run(List.of("script", "-qec", command, "/dev/null"), "", Duration.ofMinutes(1));

        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(3);
        assertThat(result.out()).contains("/dev/pts/").contains("xterm").contains("30 100");
    }

    @Test
    void aDetachedExecLeavesARunningProcess() {
        var detached = berthd.docker("exec", "-d", "web", "sh", "-c", "sleep 30");

        assertThat(detached.exitCode()).as(detached.err()).isZero();
        assertThat(detached.out()).isEmpty();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(berthd.docker("exec", "web", "ps").out()).contains("sleep 30"));
    }

    @Test
    void aMissingCommandIs127AndAFileThatCannotRunIs126() {
        var missing = berthd.docker("exec", "web", "no-such-command");
        var notExecutable = berthd.docker("exec", "web", "/etc/passwd");

        assertThat(missing.exitCode()).isEqualTo(127);
        assertThat(missing.out() + missing.err())
                .contains("OCI runtime exec failed: exec failed: unable to start container process: "
                        + "exec: \"no-such-command\": executable file not found in $PATH: unknown");
        assertThat(notExecutable.exitCode()).isEqualTo(126);
        assertThat(notExecutable.out() + notExecutable.err()).contains("exec: \"/etc/passwd\": permission denied");
    }

    @Test
    void aMissingCommandWithATtyIs127Too() {
        String command = DockerCli.path() + " -H " + berthd.host() + " exec -it web no-such-command";

        var result = Processes.run(List.of("script", "-qec", command, "/dev/null"), "", Duration.ofMinutes(1));

        assertThat(result.exitCode()).as(result.out()).isEqualTo(127);
        assertThat(result.out()).contains("exec: \"no-such-command\": executable file not found in $PATH");
    }

    @Test
    void execOnAStoppedContainerIsAConflict() {
        String stopped = Containers.run(berthd.client(), "true");
        berthd.client().containers().await(stopped, WaitCondition.NOT_RUNNING);

        var result = berthd.docker("exec", stopped, "echo", "hi");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("Error response from daemon: Container " + stopped + " is not running");
        assertThatThrownBy(() -> berthd.client().execs().create(stopped, echo()))
                .isInstanceOf(ConflictException.class).hasMessage("Container " + stopped + " is not running");
    }

    @Test
    void execOnAMissingContainer() {
        var result = berthd.docker("exec", "no-such-container", "true");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("No such container: no-such-container");
    }

    // --- the API ------------------------------------------------------------------------------

    @Test
    void inspectBeforeAndAfterTheExecRan() throws Exception {
        var execs = berthd.client().execs();
        String id = execs.create("web", echo());

        var before = execs.inspect(id);
        String output;
        try (var reply = execs.start(id, ExecStartConfig.attached(false))) {
            var out = new ByteArrayOutputStream();
            FrameDecoder.copy(reply.body(), out, new ByteArrayOutputStream(), false);
            output = out.toString(StandardCharsets.UTF_8);
        }
        var after = execs.inspect(id);

        assertThat(before.running()).isFalse();
        assertThat(before.exitCode()).isNull();
        assertThat(before.pid()).isZero();
        assertThat(output).isEqualTo("from-exec\n");
        assertThat(after.id()).isEqualTo(id);
        assertThat(after.running()).isFalse();
        assertThat(after.exitCode()).isZero();
        assertThat(after.pid()).isPositive();
        assertThat(after.containerID()).isEqualTo(web);
        assertThat(after.openStdout()).isTrue();
        assertThat(after.openStderr()).isTrue();
        assertThat(after.openStdin()).isFalse();
        assertThat(after.canRemove()).isFalse();
        assertThat(after.detachKeys()).isEmpty();
        assertThat(after.processConfig().entrypoint()).isEqualTo("echo");
        assertThat(after.processConfig().arguments()).containsExactly("from-exec");
        assertThat(after.processConfig().tty()).isFalse();
        assertThat(after.processConfig().privileged()).isFalse();
        String json = raw("GET", "/exec/" + id + "/json");
        assertThat(json).startsWith("{\"ID\":\"" + id + "\",\"Running\":false,\"ExitCode\":0,\"ProcessConfig\":"
                + "{\"tty\":false,\"entrypoint\":\"echo\",\"arguments\":[\"from-exec\"],\"privileged\":false},"
                + "\"OpenStdin\":false,\"OpenStderr\":true,\"OpenStdout\":true,\"CanRemove\":false,"
                + "\"ContainerID\":\"" + web + "\",\"DetachKeys\":\"\",\"Pid\":");
    }

    @Test
    void startOnApi141SendsMultiplexedFramesAsARawStreamLikeDocker() throws Exception {
        String id = berthd.client().execs().create("web", echo());
        var transport = berthd.client().transport();

        try (var reply = transport.send("POST", "/v1.41/exec/" + id + "/start",
                HttpTransport.Body.json(ExecStartConfig.attached(false)), new Headers())) {
            byte[] body = reply.body().readAllBytes();

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.headers().first("Content-Type")).contains("application/vnd.docker.raw-stream");
            assertThat(body).startsWith(1, 0, 0, 0, 0, 0, 0, 10);
            assertThat(new String(body, 8, body.length - 8, StandardCharsets.UTF_8)).isEqualTo("from-exec\n");
        }
    }

    @Test
    void aDetachedStartAnswersAtOnceAndInspectShowsTheExitCodeWhenDone() {
        var execs = berthd.client().execs();
        String id = execs.create("web", ExecConfig.builder().cmd(List.of("sh", "-c", "sleep 1; exit 4")).build());

        execs.startDetached(id);
        var running = execs.inspect(id);

        assertThat(running.running()).isTrue();
        assertThat(running.exitCode()).isNull();
        assertThat(running.pid()).isPositive();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(execs.inspect(id).exitCode()).isEqualTo(4));
        assertThat(execs.inspect(id).running()).isFalse();
        assertThatThrownBy(() -> execs.startDetached(id)).isInstanceOf(ConflictException.class)
                .hasMessage("Error: Exec command " + id + " has already run");
    }

    @Test
    void anExecEndsWithItsContainer() {
        String short1 = Containers.run(berthd.client(), "sleep", "100000");
        var execs = berthd.client().execs();
        String id = execs.create(short1, ExecConfig.builder().cmd(List.of("sleep", "1000")).build());
        execs.startDetached(id);

        berthd.client().containers().stop(short1, new StopOptions(Optional.of(Duration.ofSeconds(1)), Optional.empty()));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(execs.inspect(id).exitCode()).isNotNull());
        assertThat(execs.inspect(id).running()).isFalse();
    }

    @Test
    void unknownExecsAndBadRequests() {
        var execs = berthd.client().execs();

        assertThatThrownBy(() -> execs.inspect("nope")).isInstanceOf(NotFoundException.class)
                .hasMessage("No such exec instance: nope");
        assertThatThrownBy(() -> execs.startDetached("nope")).isInstanceOf(NotFoundException.class)
                .hasMessage("No such exec instance: nope");
        assertThatThrownBy(() -> execs.resize("nope", 24, 80)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> execs.create("web", ExecConfig.builder().build()))
                .hasMessage("No exec command specified");
    }

    @Test
    void detachKeysAreShownAsDockerShowsThem() {
        var execs = berthd.client().execs();
        String id = execs.create("web", ExecConfig.builder().cmd(List.of("true")).detachKeys("ctrl-p,ctrl-q").build());

        assertThat(execs.inspect(id).detachKeys()).isEqualTo("EBE=");
    }

    // --- Berth's CLI --------------------------------------------------------------------------

    @Test
    void berthExecEchoesAndReturnsTheExitCode() {
        var echo = berthd.berth("exec", "web", "echo", "hi");
        var exit = berthd.berth("exec", "web", "sh", "-c", "echo err >&2; exit 7");
        var group = berthd.berth("container", "exec", "-u", "nobody", "-w", "/tmp", "-e", "A=1", "web", "sh", "-c",
                "id -u; pwd; echo $A");

        assertThat(echo.exitCode()).as(echo.err()).isZero();
        assertThat(echo.out()).isEqualTo("hi\n");
        assertThat(exit.exitCode()).isEqualTo(7);
        assertThat(exit.err()).isEqualTo("err\n");
        assertThat(group.out()).isEqualTo("65534\n/tmp\n1\n");
    }

    @Test
    void berthExecMissingCommandAndStoppedContainer() {
        String stopped = Containers.run(berthd.client(), "true");
        berthd.client().containers().await(stopped, WaitCondition.NOT_RUNNING);

        var missing = berthd.berth("exec", "web", "no-such-command");
        var conflict = berthd.berth("exec", stopped, "true");

        assertThat(missing.exitCode()).isEqualTo(127);
        assertThat(missing.out()).contains("executable file not found in $PATH");
        assertThat(conflict.exitCode()).isEqualTo(1);
        assertThat(conflict.err()).isEqualTo("Error response from daemon: Container " + stopped + " is not running\n");
    }

    @Test
    void berthExecPipesStdinAndDetaches() {
        var cat = berthd.berthProcess("line one\nline two\n", "exec", "-i", "web", "wc", "-l");
        var detached = berthd.berthProcess(null, "exec", "-d", "web", "sleep", "31");

        assertThat(cat.exitCode()).as(cat.err()).isZero();
        assertThat(cat.out().strip()).isEqualTo("2");
        assertThat(detached.exitCode()).as(detached.err()).isZero();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(berthd.berth("exec", "web", "ps").out()).contains("sleep 31"));
    }

    @Test
    void berthExecWithATty() {
        var argv = new ArrayList<String>(Processes.javaMain("io.berth.cli.Main",
                // crun 1.8 ignores an exec's consoleSize: the size comes a moment after the start
                // (berthd resizes at once), so a program reading it in its first milliseconds may see 0 0
                List.of("-H", berthd.host(), "exec", "-it", "web", "sh", "-c", "tty; sleep 0.5; stty size; exit 5")));
        String command = "stty rows 30 cols 100; "
                + argv.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));

        var result = Processes.run(List.of("script", "-qec", command, "/dev/null"), "", Duration.ofMinutes(1));

        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(5);
        assertThat(result.out()).contains("/dev/pts/").contains("30 100");
    }

    private static ExecConfig echo() {
        return ExecConfig.builder().cmd(List.of("echo", "from-exec")).attachStdout(true).attachStderr(true).build();
    }

    private static String raw(String method, String target) {
        try (var reply = berthd.client().transport().send(method, target, HttpTransport.Body.none(), new Headers())) {
            return new String(reply.bytes(), StandardCharsets.UTF_8);
        }
    }
}
