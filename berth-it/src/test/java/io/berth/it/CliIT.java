package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testing.BerthdExtension;
import io.berth.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Berth's own CLI against a real berthd: docker's output, formats and exit codes. */
@RequiresRoot
class CliIT {
    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    @BeforeAll
    static void image() {
        berthd.bootstrapBusybox();
    }

    @Test
    void runPrintsOutputAndReturnsTheExitCode() {
        var echo = berthd.berthProcess(null, "run", "--rm", "--network", "none", "busybox", "sh", "-c", "echo hi; exit 3");
        var stdin = berthd.berthProcess("line one\nline two\n", "run", "--rm", "-i", "busybox", "wc", "-l");

        assertThat(echo.exitCode()).isEqualTo(3);
        assertThat(echo.out()).isEqualTo("hi\n");
        assertThat(stdin.exitCode()).as(stdin.err()).isZero();
        assertThat(stdin.out().strip()).isEqualTo("2");
    }

    @Test
    void exitCodesForDaemonAndCommandProblems() {
        var notFound = berthd.berth("run", "--rm", "busybox", "no-such-binary");
        var noImage = berthd.berth("run", "--rm", "no-such-image");
        var badFlag = berthd.berth("run", "--no-such-flag", "busybox");
        var badMemory = berthd.berth("run", "-m", "1k", "busybox", "true");

        assertThat(notFound.exitCode()).isEqualTo(127);
        assertThat(notFound.err()).contains("executable file not found in $PATH");
        assertThat(noImage.exitCode()).isEqualTo(125);
        assertThat(noImage.err()).contains("Unable to find image 'no-such-image:latest' locally");
        assertThat(badFlag.exitCode()).isEqualTo(125);
        assertThat(badFlag.err()).contains("Unknown option: '--no-such-flag'");
        assertThat(badMemory.exitCode()).isEqualTo(125);
        assertThat(badMemory.err()).contains("Minimum memory limit allowed is 6MB");
    }

    @Test
    void detachedContainerThroughPsLogsInspectStopRm() {
        var run = berthd.berth("run", "-d", "--name", "cli-web", "-l", "app=web", "busybox", "sh", "-c",
                "echo started; sleep 600");
        String id = run.out().strip();
        org.awaitility.Awaitility.await().untilAsserted(() ->
                assertThat(berthd.berth("logs", "cli-web").out()).isEqualTo("started\n"));

        var ps = berthd.berth("ps");
        var quiet = berthd.berth("ps", "-q", "--filter", "label=app=web");
        var format = berthd.berth("ps", "--format", "{{.Names}} {{.Label \"app\"}} {{.State}}");
        var table = berthd.berth("ps", "--format", "table {{.ID}}\t{{.Names}}");
        var inspect = berthd.berth("inspect", "-f", "{{.State.Status}} {{.Config.Labels.app}}", "cli-web");
        var stop = berthd.berth("stop", "-t", "1", "cli-web", "no-such-container");
        var rm = berthd.berth("rm", "cli-web");

        assertThat(run.exitCode()).isZero();
        assertThat(ps.out().lines().findFirst().orElseThrow())
                .matches("CONTAINER ID   IMAGE     COMMAND +CREATED +STATUS +PORTS +NAMES");
        assertThat(ps.out()).containsPattern(id.substring(0, 12) + "   busybox   \"sh -c 'echo started…\" +\\S.* ago +Up .* cli-web\n");
        assertThat(quiet.out()).isEqualTo(id.substring(0, 12) + "\n");
        assertThat(format.out()).isEqualTo("cli-web web running\n");
        assertThat(table.out()).isEqualTo("CONTAINER ID   NAMES\n" + id.substring(0, 12) + "   cli-web\n");
        assertThat(inspect.out()).isEqualTo("running web\n");
        assertThat(stop.exitCode()).isEqualTo(1);
        assertThat(stop.out()).isEqualTo("cli-web\n");
        assertThat(stop.err()).isEqualTo("Error response from daemon: No such container: no-such-container\n");
        assertThat(rm.out()).isEqualTo("cli-web\n");
    }

    @Test
    void imagesTagSaveLoadImportRmi(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("image.tar");
        Path rootfs = dir.resolve("rootfs.tar");
        Files.write(rootfs, berthdRootfsTar());

        var tag = berthd.berth("tag", "busybox", "cli/copy:1");
        var images = berthd.berth("images", "--format", "{{.Repository}}:{{.Tag}}");
        var save = berthd.berth("save", "-o", archive.toString(), "cli/copy:1");
        var rmi = berthd.berth("rmi", "cli/copy:1");
        var load = berthd.berth("load", "-i", archive.toString());
        var imported = berthd.berth("import", "-c", "CMD [\"/bin/app\"]", rootfs.toString(), "cli/imported:2");
        var history = berthd.berth("history", "-q", "busybox");
        var inspect = berthd.berth("image", "inspect", "-f", "{{.Config.Cmd}}", "cli/imported:2");

        assertThat(tag.exitCode()).isZero();
        assertThat(images.out().lines()).contains("busybox:latest", "cli/copy:1");
        assertThat(save.exitCode()).as(save.err()).isZero();
        assertThat(rmi.out()).isEqualTo("Untagged: cli/copy:1\n");
        assertThat(load.out()).isEqualTo("Loaded image: cli/copy:1\n");
        assertThat(imported.out()).startsWith("sha256:");
        assertThat(history.out().lines().count()).isGreaterThanOrEqualTo(1);
        assertThat(inspect.out()).isEqualTo("[/bin/app]\n");
    }

    @Test
    void versionAndInfo() {
        var version = berthd.berth("version");
        var info = berthd.berth("info");
        var format = berthd.berth("info", "--format", "{{.DefaultRuntime}} {{.Driver}}");

        assertThat(version.out()).contains("Client:").contains("Server: Berth Engine").contains("API version:");
        assertThat(info.out()).contains("Default Runtime: crun").contains("Storage Driver: overlay2")
                .contains("Runtimes: ");
        assertThat(format.out()).isEqualTo("crun overlay2\n");
    }

    private static byte[] berthdRootfsTar() throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(out)) {
            byte[] app = "#!/bin/sh\necho app\n".getBytes();
            var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("bin/app");
            entry.setMode(0100755);
            entry.setSize(app.length);
            tar.putArchiveEntry(entry);
            tar.write(app);
            tar.closeArchiveEntry();
        }
        return out.toByteArray();
    }
}
