package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.common.Exec;
import io.berth.testing.BerthdExtension;
import io.berth.testing.DockerCli;
import io.berth.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The docker CLI's cp, export, diff and commit against berthd. */
@RequiresRoot
class FilesConformanceIT {
    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    @BeforeAll
    static void image() {
        berthd.bootstrapBusybox();
    }

    /** A shell pipeline with the docker CLI pointed at this daemon. */
    private static io.berth.common.ExecResult shell(String script) {
        return Exec.run(List.of("sh", "-c", "export DOCKER_HOST=unix://" + berthd.socket() + " DOCKER_CONFIG="
                + berthd.root().resolve("docker-config") + " PATH=" + Path.of(DockerCli.path()).getParent()
                + ":$PATH; " + script), Duration.ofMinutes(2));
    }

    @Test
    void dockerCpCopiesBothWaysAndStreamsTars() throws Exception {
        var run = berthd.docker("run", "-d", "--name", "dcp", "busybox", "sh", "-c",
                "mkdir -p /srv/d && echo in-container > /srv/d/f && exec sleep 1000");
        Path local = Files.createDirectories(berthd.root().resolve("dcp"));
        Files.writeString(local.resolve("up.txt"), "from host\n");
        org.awaitility.Awaitility.await().until(() -> berthd.docker("exec", "dcp", "cat", "/srv/d/f").exitCode() == 0);

        var out = berthd.docker("cp", "dcp:/srv/d", local.resolve("copy").toString());
        var in = berthd.docker("cp", local.resolve("up.txt").toString(), "dcp:/srv/d/renamed.txt");
        var archive = berthd.docker("cp", "-a", local.resolve("up.txt").toString(), "dcp:/tmp/");
        var check = berthd.docker("exec", "dcp", "cat", "/srv/d/renamed.txt", "/tmp/up.txt");
        var toStdout = shell("docker cp dcp:/srv/d/f - | tar -tv");
        var fromStdin = shell("cd " + local + " && tar -c up.txt | docker cp - dcp:/srv/");
        var afterStdin = berthd.docker("exec", "dcp", "cat", "/srv/up.txt");
        var missing = berthd.docker("cp", "dcp:/nonexistent", local.toString());
        var missingDest = berthd.docker("cp", local.resolve("up.txt").toString(), "dcp:/nonexistent/x");
        var noContainer = berthd.docker("cp", "nosuch:/etc", local.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(out.exitCode()).as(out.err()).isZero();
        assertThat(local.resolve("copy/f")).hasContent("in-container");
        assertThat(in.exitCode()).as(in.err()).isZero();
        assertThat(archive.exitCode()).as(archive.err()).isZero();
        assertThat(check.out()).isEqualTo("from host\nfrom host\n");
        assertThat(toStdout.out()).contains("f").contains("13");
        assertThat(fromStdin.exitCode()).as(fromStdin.err()).isZero();
        assertThat(afterStdin.out()).isEqualTo("from host\n");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("Error response from daemon: Could not find the file /nonexistent in container dcp");
        assertThat(missingDest.exitCode()).isEqualTo(1);
        assertThat(missingDest.err()).contains("Could not find the file /nonexistent in container dcp");
        assertThat(noContainer.err()).contains("No such container: nosuch");
        berthd.docker("rm", "-f", "dcp");
    }

    @Test
    void dockerDiffExportAndCommit() throws Exception {
        var run = berthd.docker("run", "--name", "dcommit", "busybox", "sh", "-c",
                "echo added > /added && rm /etc/group && mkdir /made");
        var diff = berthd.docker("diff", "dcommit");
        Path tar = berthd.root().resolve("dcommit.tar");
        var export = berthd.docker("export", "-o", tar.toString(), "dcommit");
        var listing = Exec.run(List.of("tar", "-tf", tar.toString()), Duration.ofSeconds(30));
        var commit = berthd.docker("commit", "-m", "via docker", "-a", "someone", "-c", "ENV FROM_COMMIT=yes",
                "-c", "CMD [\"sh\", \"-c\", \"cat /added; echo $FROM_COMMIT\"]", "dcommit", "dcommitted:v2");
        var runCommitted = berthd.docker("run", "--rm", "dcommitted:v2");
        var inspect = berthd.docker("image", "inspect", "--format", "{{.Comment}} {{.Author}}", "dcommitted:v2");
        var badChange = berthd.docker("commit", "-c", "FROM busybox", "dcommit");
        var diffMissing = berthd.docker("diff", "nosuch");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(diff.out()).contains("A /added\n", "C /etc\n", "D /etc/group\n", "A /made\n")
                .doesNotContain("/etc/hosts", "/proc", "/sys");
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(listing.out()).contains("added\n", "bin/busybox\n").doesNotContain("etc/group\n");
        assertThat(commit.exitCode()).as(commit.err()).isZero();
        assertThat(commit.out()).matches("sha256:[0-9a-f]{64}\n");
        assertThat(runCommitted.out()).isEqualTo("added\nyes\n");
        assertThat(inspect.out()).isEqualTo("via docker someone\n");
        assertThat(badChange.exitCode()).isEqualTo(1);
        assertThat(badChange.err()).contains("from is not a valid change command");
        assertThat(diffMissing.err()).contains("No such container: nosuch");
        berthd.docker("rm", "-f", "dcommit");
        berthd.docker("rmi", "dcommitted:v2");
    }
}
