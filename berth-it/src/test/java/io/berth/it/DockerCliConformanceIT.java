package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.common.Json;
import io.berth.testing.BerthdExtension;
import io.berth.testing.Processes;
import io.berth.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The real docker CLI (28.x, API 1.50, negotiating down) driving berthd. */
@RequiresRoot
class DockerCliConformanceIT {
    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    @BeforeAll
    static void image() {
        berthd.bootstrapBusybox();
    }

    @Test
    void versionNegotiatesTheApi() {
        var result = berthd.docker("version", "--format", "{{.Server.APIVersion}} {{.Server.Os}}");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().strip()).isEqualTo("1.47 linux");
    }

    @Test
    void runEchoes() {
        var result = berthd.docker("run", "--rm", "busybox", "echo", "hi");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("hi\n");
        assertThat(berthd.docker("ps", "-aq").out()).isEmpty();
    }

    @Test
    void runPropagatesTheExitCode() {
        var result = berthd.docker("run", "--rm", "busybox", "sh", "-c", "exit 3");

        assertThat(result.exitCode()).isEqualTo(3);
    }

    @Test
    void runKeepsStdoutAndStderrApart() {
        var result = berthd.docker("run", "--rm", "--network", "none", "busybox", "sh", "-c", "echo out; echo err >&2");

        assertThat(result.out()).isEqualTo("out\n");
        assertThat(result.err()).isEqualTo("err\n");
    }

    @Test
    void runPassesStdin() {
        var result = berthd.dockerWithInput("from stdin\n", "run", "--rm", "-i", "busybox", "cat");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("from stdin\n");
    }

    @Test
    void runWithATty() {
        // script(1) gives the docker CLI a terminal
        String command = DockerCliPath.quoted() + " -H " + berthd.host()
                + " run --rm -it busybox sh -c 'tty; echo $TERM'";
        var result = Processes.run(List.of("script", "-qec", command, "/dev/null"), "", Duration.ofMinutes(1));

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains("/dev/pts/0").contains("xterm");
    }

    @Test
    void aMissingCommandExits127AndAMissingImage125() {
        var missingCommand = berthd.docker("run", "--rm", "busybox", "no-such-command");
        var missingImage = berthd.docker("run", "--rm", "no-such-image");

        assertThat(missingCommand.exitCode()).isEqualTo(127);
        assertThat(missingCommand.err()).contains("executable file not found in $PATH");
        assertThat(missingImage.exitCode()).isEqualTo(125);
        assertThat(missingImage.err()).contains("Unable to find image 'no-such-image:latest' locally");
        assertThat(berthd.docker("ps", "-aq").out()).isEmpty();
    }

    @Test
    void detachedServerPsLogsInspectStopRm() throws Exception {
        var run = berthd.docker("run", "-d", "--name", "web", "busybox", "sh", "-c",
                "echo serving; httpd -f -p 8080");
        assertThat(run.exitCode()).as(run.err()).isZero();
        String id = run.out().strip();
        assertThat(id).matches("[0-9a-f]{64}");

        await().untilAsserted(() -> assertThat(berthd.docker("logs", "web").out()).isEqualTo("serving\n"));
        var ps = berthd.docker("ps");
        var inspect = berthd.docker("inspect", "web");
        var format = berthd.docker("inspect", "-f", "{{.State.Status}} {{.Name}} {{.Config.Image}}", "web");
        var ip = berthd.docker("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "web").out().strip();
        var publish = berthd.docker("run", "-d", "--name", "published", "-p", "127.0.0.1::80", "busybox", "sh", "-c",
                "echo published > /tmp/index.html; httpd -f -p 80 -h /tmp");
        var served = Http.get("http://" + ip + ":8080/");
        var stop = berthd.docker("stop", "-t", "1", "web");
        var exited = berthd.docker("ps", "-a", "--filter", "status=exited", "--format", "{{.Names}} {{.Status}}");
        var rm = berthd.docker("rm", "web");

        assertThat(ps.out()).contains("CONTAINER ID").contains(id.substring(0, 12)).contains("web")
                .contains("\"sh -c 'echo serving…\"").contains("Up ");
        var json = Json.tree(inspect.out().getBytes());
        assertThat(json.get(0).get("Id").asText()).isEqualTo(id);
        assertThat(json.get(0).get("State").get("Running").asBoolean()).isTrue();
        assertThat(format.out()).isEqualTo("running /web busybox\n");
        assertThat(ip).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
        assertThat(served).contains("404");
        assertThat(publish.exitCode()).as(publish.err()).isZero();
        String hostPort = berthd.docker("inspect", "-f", "{{(index (index .NetworkSettings.Ports \"80/tcp\") 0).HostPort}}",
                "published").out().strip();
        await().ignoreExceptions().untilAsserted(() ->
                assertThat(Http.get("http://127.0.0.1:" + hostPort + "/index.html")).isEqualTo("published\n"));
        berthd.docker("rm", "-f", "published");
        assertThat(stop.out()).isEqualTo("web\n");
        assertThat(exited.out()).startsWith("web Exited (137)");
        assertThat(rm.out()).isEqualTo("web\n");
        assertThat(berthd.docker("inspect", "web").exitCode()).isEqualTo(1);
    }

    @Test
    void imagesAndSaveLoadRoundTrip(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("busybox.tar");

        var images = berthd.docker("images");
        var tag = berthd.docker("tag", "busybox", "roundtrip:v1");
        var save = berthd.docker("save", "-o", archive.toString(), "roundtrip:v1");
        var rmi = berthd.docker("rmi", "roundtrip:v1");
        var load = berthd.docker("load", "-i", archive.toString());
        var run = berthd.docker("run", "--rm", "roundtrip:v1", "echo", "loaded");

        assertThat(images.out()).startsWith("REPOSITORY   TAG       IMAGE ID       CREATED").contains("busybox");
        assertThat(tag.exitCode()).isZero();
        assertThat(save.exitCode()).as(save.err()).isZero();
        assertThat(Files.size(archive)).isGreaterThan(1_000_000);
        assertThat(rmi.out()).isEqualTo("Untagged: roundtrip:v1\n");
        assertThat(load.out()).isEqualTo("Loaded image: roundtrip:v1\n");
        assertThat(run.out()).isEqualTo("loaded\n");
    }

    @Test
    void errorsUseDockersWording() {
        var noContainer = berthd.docker("stop", "nope");
        var noImage = berthd.docker("rmi", "nope");
        berthd.docker("create", "--name", "dup", "busybox", "true");
        var duplicate = berthd.docker("create", "--name", "dup", "busybox", "true");
        var badName = berthd.docker("create", "--name", "bad/name", "busybox", "true");

        assertThat(noContainer.err()).isEqualTo("Error response from daemon: No such container: nope\n");
        assertThat(noImage.err()).isEqualTo("Error response from daemon: No such image: nope:latest\n");
        assertThat(duplicate.err()).contains("Conflict. The container name \"/dup\" is already in use");
        assertThat(badName.err()).contains("Invalid container name (bad/name), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        berthd.docker("rm", "dup");
    }

    /** The docker CLI's path, quoted for a shell. */
    private static final class DockerCliPath {
        static String quoted() {
            return "'" + io.berth.testing.DockerCli.path() + "'";
        }
    }
}
