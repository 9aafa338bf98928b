package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.testing.BerthdExtension;
import io.berth.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The docker CLI against berthd: run --restart, pause/unpause, update, top, health in inspect and ps, --init. */
@RequiresRoot
class LifecycleConformanceIT {
    private static final Duration LONG = Duration.ofSeconds(60);

    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    @BeforeAll
    static void image() {
        berthd.bootstrapBusybox();
    }

    private static String docker(String... args) {
        var result = berthd.docker(args);
        assertThat(result.exitCode()).as(String.join(" ", args) + ": " + result.err()).isZero();
        return result.out().strip();
    }

    @Test
    void runRestartOnFailureCountsTheRestarts() {
        String id = docker("run", "-d", "--network", "none", "--restart", "on-failure:2", "busybox", "sh", "-c", "exit 1");

        await().atMost(LONG).until(() -> docker("inspect", "-f", "{{.State.Status}} {{.RestartCount}}", id)
                .equals("exited 2"));

        assertThat(docker("inspect", "-f", "{{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}}",
                id)).isEqualTo("on-failure:2");
        var conflict = berthd.docker("run", "--rm", "--restart", "always", "busybox", "true");
        assertThat(conflict.exitCode()).isEqualTo(125);
        assertThat(conflict.err()).contains("conflicting options: cannot specify both --restart and --rm");
        var bad = berthd.docker("run", "-d", "--restart", "always:3", "busybox", "true");
        assertThat(bad.exitCode()).isEqualTo(125);
        assertThat(bad.err()).contains("maximum retry count can only be used with 'on-failure'");
        docker("rm", "-f", id);
    }

    @Test
    void pauseAndUnpause() throws Exception {
        String id = docker("run", "-d", "--network", "none", "--name", "frozen", "busybox", "sleep", "1000");

        assertThat(docker("pause", "frozen")).isEqualTo("frozen");

        assertThat(docker("inspect", "-f", "{{.State.Status}} {{.State.Paused}}", id)).isEqualTo("paused true");
        assertThat(docker("ps", "--filter", "status=paused", "--format", "{{.Names}} {{.Status}}"))
                .startsWith("frozen Up ").endsWith("(Paused)");
        assertThat(Files.readString(Path.of("/sys/fs/cgroup/freezer/berth", id, "freezer.state")).strip())
                .isEqualTo("FROZEN");
        var exec = berthd.docker("exec", "frozen", "true");
        assertThat(exec.exitCode()).isNotZero();
        assertThat(exec.err()).contains("is paused, unpause the container before exec");

        assertThat(docker("unpause", "frozen")).isEqualTo("frozen");

        assertThat(docker("inspect", "-f", "{{.State.Status}}", id)).isEqualTo("running");
        var again = berthd.docker("unpause", "frozen");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("Container " + id + " is not paused");
        docker("rm", "-f", id);
    }

    @Test
    void updateAppliesLimitsAndTheRestartPolicy() throws Exception {
        String id = docker("run", "-d", "--network", "none", "busybox", "sleep", "1000");

        assertThat(docker("update", "--memory", "32m", "--memory-swap", "64m", "--cpu-quota", "25000",
                "--pids-limit", "15", "--restart", "unless-stopped", id)).isEqualTo(id);

        assertThat(Files.readString(Path.of("/sys/fs/cgroup/memory/berth", id, "memory.limit_in_bytes")).strip())
                .isEqualTo(Long.toString(32L << 20));
        assertThat(Files.readString(Path.of("/sys/fs/cgroup/cpu/berth", id, "cpu.cfs_quota_us")).strip())
                .isEqualTo("25000");
        assertThat(Files.readString(Path.of("/sys/fs/cgroup/pids/berth", id, "pids.max")).strip()).isEqualTo("15");
        assertThat(docker("inspect", "-f", "{{.HostConfig.Memory}} {{.HostConfig.CpuQuota}} {{.HostConfig.PidsLimit}} "
                + "{{.HostConfig.RestartPolicy.Name}}", id)).isEqualTo((32L << 20) + " 25000 15 unless-stopped");
        var none = berthd.docker("update", id);
        assertThat(none.exitCode()).isNotZero();
        assertThat(none.err()).contains("you must provide one or more flags when using this command");
        docker("rm", "-f", id);
    }

    @Test
    void topShowsTheProcessesAndInitIsPid1() {
        String id = docker("run", "-d", "--network", "none", "--init", "busybox", "sleep", "1000");

        String top = docker("top", id);
        String pids = docker("top", id, "-o", "pid,args");

        assertThat(top.lines().findFirst().orElse("")).startsWith("UID").contains("PID").contains("CMD");
        assertThat(top).contains("/sbin/docker-init -- sleep 1000").contains("sleep 1000");
        assertThat(top.lines().count()).isEqualTo(3);
        assertThat(pids.lines().findFirst().orElse("")).startsWith("PID").contains("COMMAND");
        assertThat(docker("inspect", "-f", "{{.HostConfig.Init}}", id)).isEqualTo("true");
        docker("rm", "-f", id);
    }

    @Test
    void healthInInspectAndPs() {
        String id = docker("run", "-d", "--network", "none", "--health-cmd", "echo ok", "--health-interval", "1s",
                "--health-retries", "2", "busybox", "sleep", "1000");

        await().atMost(LONG).until(() -> docker("inspect", "-f", "{{.State.Health.Status}}", id).equals("healthy"));

        assertThat(docker("inspect", "-f", "{{.State.Health.FailingStreak}} {{(index .State.Health.Log 0).ExitCode}} "
                + "{{(index .State.Health.Log 0).Output}}", id)).isEqualTo("0 0 ok");
        assertThat(docker("inspect", "-f", "{{json .Config.Healthcheck.Test}}", id)).isEqualTo("[\"CMD-SHELL\",\"echo ok\"]");
        assertThat(docker("ps", "--filter", "id=" + id, "--format", "{{.Status}}")).endsWith("(healthy)");
        String plain = docker("run", "-d", "--network", "none", "busybox", "sleep", "1000");
        assertThat(docker("inspect", "-f", "{{json .State.Health}}", plain)).isEqualTo("null");
        docker("rm", "-f", id, plain);
    }
}
