package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.common.ExecResult;
import io.berth.testing.BerthdExtension;
import io.berth.testing.RequiresRoot;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 5's stop and restart points through the CLIs: the stop signal from the image or
 * {@code --stop-signal}, {@code --stop-timeout}, {@code update --restart} taking effect on the
 * running container, {@code wait}, and a manual stop of {@code always} and {@code unless-stopped}
 * containers across a berthd restart.
 */
@RequiresRoot
class StopAndRestartIT {
    private static final Duration LONG = Duration.ofSeconds(60);
    /** Ends with 5 on SIGUSR1; ignores SIGTERM as PID 1. */
    private static final String USR1 = "trap 'echo got-usr1; exit 5' USR1; echo ready; while true; do sleep 0.1; done";

    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    @BeforeAll
    static void image() {
        berthd.bootstrapBusybox();
    }

    private static String docker(String... args) {
        ExecResult result = berthd.docker(args);
        assertThat(result.exitCode()).as(String.join(" ", args) + ": " + result.err()).isZero();
        return result.out().strip();
    }

    private static String berth(String... args) {
        var result = berthd.berth(args);
        assertThat(result.exitCode()).as(String.join(" ", args) + ": " + result.err()).isZero();
        return result.out().strip();
    }

    private static void awaitLog(String id, String text) {
        await().atMost(LONG).until(() -> berthd.docker("logs", id).out().contains(text));
    }

    @Test
    void theImagesStopSignalIsWhatStopSends() {
        docker("run", "--name", "sig-base", "--network", "none", "busybox", "true");
        docker("commit", "-c", "STOPSIGNAL SIGUSR1", "sig-base", "stopsig:1");
        String id = docker("run", "-d", "--network", "none", "stopsig:1", "sh", "-c", USR1);
        awaitLog(id, "ready");

        assertThat(docker("inspect", "-f", "{{.Config.StopSignal}}", id)).isEqualTo("SIGUSR1");
        berth("stop", id);

        assertThat(docker("inspect", "-f", "{{.State.ExitCode}}", id)).isEqualTo("5");
        assertThat(docker("logs", id)).contains("got-usr1");
        docker("rm", id, "sig-base");
        docker("rmi", "stopsig:1");
    }

    @Test
    void stopSignalAndStopTimeoutFlags() {
        String docker = docker("run", "-d", "--network", "none", "--stop-signal", "USR1", "busybox", "sh", "-c", USR1);
        String berth = berth("run", "-d", "--network", "none", "--stop-signal", "SIGUSR1", "busybox", "sh", "-c", USR1);
        // sleep as PID 1 ignores SIGTERM: only the SIGKILL after the timeout ends it
        String patient = docker("run", "-d", "--network", "none", "--stop-timeout", "1", "busybox", "sleep", "1000");
        awaitLog(docker, "ready");
        awaitLog(berth, "ready");

        assertThat(docker("inspect", "-f", "{{.Config.StopSignal}}", docker)).isEqualTo("USR1");
        assertThat(docker("inspect", "-f", "{{.Config.StopTimeout}}", patient)).isEqualTo("1");
        docker("stop", docker);
        berth("stop", berth);
        long before = System.nanoTime();
        docker("stop", patient);
        Duration took = Duration.ofNanos(System.nanoTime() - before);

        assertThat(docker("inspect", "-f", "{{.State.ExitCode}}", docker)).isEqualTo("5");
        assertThat(docker("inspect", "-f", "{{.State.ExitCode}}", berth)).isEqualTo("5");
        assertThat(docker("inspect", "-f", "{{.State.ExitCode}}", patient)).isEqualTo("137");
        assertThat(took).as("the container's timeout (1 s), not the default 10 s").isLessThan(Duration.ofSeconds(9));
        docker("rm", docker, berth, patient);
    }

    @Test
    void aRestartPolicySetByUpdateAppliesToTheRunningContainer() {
        String id = docker("run", "-d", "--network", "none", "busybox", "sh", "-c",
                "while [ ! -f /stop ]; do sleep 0.1; done; exit 3");

        docker("update", "--restart", "on-failure:2", id);
        docker("exec", id, "touch", "/stop");

        await().atMost(LONG).until(() -> docker("inspect", "-f", "{{.State.Status}} {{.RestartCount}}", id)
                .equals("exited 2"));
        assertThat(docker("inspect", "-f", "{{.State.ExitCode}} {{.HostConfig.RestartPolicy.Name}}", id))
                .isEqualTo("3 on-failure");
        docker("rm", id);
    }

    @Test
    void restartsBackOffTwiceAsLongEachTimeAndAreCounted() {
        long since = java.time.Instant.now().getEpochSecond() - 1;
        String id = docker("run", "-d", "--network", "none", "--restart", "always", "busybox", "false");
        // counted when scheduled: at 7, six restarts have run
        await().atMost(LONG).until(() -> Integer.parseInt(docker("inspect", "-f", "{{.RestartCount}}", id)) >= 7);
        docker("stop", id);

        // each die → start gap is at least the back-off: 100 ms, 200 ms, 400 ms, … (a lower bound, whatever the load)
        var events = docker("events", "--since", Long.toString(since), "--until",
                Long.toString(java.time.Instant.now().getEpochSecond() + 1), "--filter", "container=" + id,
                "--filter", "event=die", "--filter", "event=start", "--format", "{{.Action}} {{.TimeNano}}")
                .lines().map(l -> l.split(" ")).toList();
        var gaps = new java.util.ArrayList<Duration>();
        for (int i = 0; i + 1 < events.size(); i++) {
            if (events.get(i)[0].equals("die") && events.get(i + 1)[0].equals("start")) {
                gaps.add(Duration.ofNanos(Long.parseLong(events.get(i + 1)[1]) - Long.parseLong(events.get(i)[1])));
            }
        }

        assertThat(gaps).hasSizeGreaterThanOrEqualTo(6);
        for (int k = 0; k < 6; k++) {
            assertThat(gaps.get(k)).as("restart %d after %s", k + 1, gaps)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(100L << k));
        }
        assertThat(docker("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", id)).isEqualTo("exited 1");
        docker("rm", id);
    }

    @Test
    void waitPrintsEachExitCode() {
        String four = docker("run", "-d", "--network", "none", "busybox", "sh", "-c", "sleep 0.5; exit 4");
        String zero = docker("run", "-d", "--network", "none", "busybox", "true");

        assertThat(docker("wait", four, zero)).isEqualTo("4\n0");
        assertThat(berth("wait", zero, four)).isEqualTo("0\n4");
        var missing = berthd.docker("wait", "no-such-thing");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("No such container: no-such-thing");
        var berthMissing = berthd.berth("wait", zero, "no-such-thing");
        assertThat(berthMissing.exitCode()).isEqualTo(1);
        assertThat(berthMissing.out().strip()).isEqualTo("0");
        assertThat(berthMissing.err()).contains("No such container: no-such-thing");
        docker("rm", four, zero);
    }

    @Test
    void berthdStartingAgainRestartsAlwaysEvenStoppedByHandButNotUnlessStoppedStoppedByHand() throws Exception {
        String always = docker("run", "-d", "--network", "none", "--restart", "always", "busybox", "sleep", "1000");
        String unless = docker("run", "-d", "--network", "none", "--restart", "unless-stopped", "busybox",
                "sleep", "1000");
        docker("stop", "-t", "1", always, unless);

        berthd.stop();
        berthd.start();

        await().atMost(LONG).until(() -> docker("inspect", "-f", "{{.State.Status}}", always).equals("running"));
        assertThat(docker("inspect", "-f", "{{.State.Status}}", unless)).isEqualTo("exited");
        docker("rm", "-f", always, unless);
    }

    @Test
    void topTakesPsOptionsThroughBothClis() {
        String id = docker("run", "-d", "--network", "none", "busybox", "sh", "-c", "sleep 1000 & exec sleep 2000");
        await().atMost(LONG).until(() -> docker("top", id).lines().count() == 3);

        List<String> docker = docker("top", id, "-o", "pid,user,args").lines().toList();
        List<String> berth = berth("top", id, "-o", "pid,user,args").lines().toList();

        assertThat(docker.getFirst()).matches("PID\\s+USER\\s+COMMAND");
        assertThat(docker.subList(1, 3)).anyMatch(l -> l.matches("\\d+\\s+root\\s+sleep 1000"))
                .anyMatch(l -> l.matches("\\d+\\s+root\\s+sleep 2000"));
        assertThat(berth).isEqualTo(docker);
        docker("rm", "-f", id);
    }
}
