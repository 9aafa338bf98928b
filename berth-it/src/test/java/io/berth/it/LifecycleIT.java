package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.api.model.AttachOptions;
import io.berth.api.model.ContainerConfig;
import io.berth.api.model.ContainerCreateRequest;
import io.berth.api.model.HealthConfig;
import io.berth.api.model.HostConfig;
import io.berth.api.model.NetworkingConfig;
import io.berth.api.model.RemoveOptions;
import io.berth.api.model.RestartPolicy;
import io.berth.api.model.StopOptions;
import io.berth.client.BerthClient;
import io.berth.common.ConflictException;
import io.berth.testing.BerthdExtension;
import io.berth.testing.RequiresRoot;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Restart policies, health checks, pause, update, top, --init, stop signals and detach keys with
 * real crun and conmon.
 */
@RequiresRoot
class LifecycleIT {
    private static final Duration LONG = Duration.ofSeconds(60);

    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    @BeforeAll
    static void image() {
        berthd.bootstrapBusybox();
    }

    private static String run(String name, List<String> cmd, UnaryOperator<ContainerConfig.Builder> config,
                              UnaryOperator<HostConfig.Builder> host) {
        var c = config.apply(ContainerConfig.builder().image("busybox").cmd(cmd)).build();
        var request = new ContainerCreateRequest(c, host.apply(HostConfig.builder().networkMode("none")).build(),
                NetworkingConfig.builder().build());
        String id = berthd.client().containers().create(Optional.ofNullable(name), request).id();
        berthd.client().containers().start(id);
        return id;
    }

    private static RestartPolicy policy(String name, long max) {
        return RestartPolicy.builder().name(name).maximumRetryCount(max).build();
    }

    private static List<String> actions(String container, Instant since) {
        var events = berthd.berth("events", "--since", Long.toString(since.getEpochSecond()), "--until",
                Long.toString(Instant.now().getEpochSecond() + 1), "--filter", "container=" + container,
                "--format", "{{.Action}}");
        return events.out().lines().toList();
    }

    private static void remove(String id) {
        berthd.client().containers().remove(id, new RemoveOptions(true, true));
    }

    // --- restart policies -------------------------------------------------------------------

    @Test
    void onFailureRestartsAFailingContainerThreeTimesAndCountsThem() {
        Instant since = Instant.now().minusSeconds(1);
        String id = run("failing", List.of("sh", "-c", "echo run; exit 3"), c -> c,
                h -> h.restartPolicy(policy("on-failure", 3)));
        var client = berthd.client();

        await().atMost(LONG).until(() -> {
            var state = client.containers().inspect(id);
            return state.state().status().equals("exited") && state.restartCount() == 3;
        });

        var inspect = client.containers().inspect(id);
        assertThat(inspect.state().exitCode()).isEqualTo(3);
        assertThat(inspect.state().restarting()).isFalse();
        assertThat(Containers.logs(client, id).stdout()).isEqualTo("run\nrun\nrun\nrun\n");
        assertThat(actions(id, since).stream().filter(a -> a.equals("die")).count()).isEqualTo(4);
        assertThat(actions(id, since).stream().filter(a -> a.equals("start")).count()).isEqualTo(4);
        remove(id);
    }

    @Test
    void aManualStopEndsAnAlwaysRestartLoopAndAManualStartCountsFromZero() {
        String id = run(null, List.of("sh", "-c", "sleep 0.3; exit 1"), c -> c, h -> h.restartPolicy(policy("always", 0)));
        var client = berthd.client();
        await().atMost(LONG).until(() -> client.containers().inspect(id).restartCount() >= 2);

        client.containers().stop(id, new StopOptions(Optional.of(Duration.ofSeconds(1)), Optional.empty()));

        await().atMost(LONG).until(() -> client.containers().inspect(id).state().status().equals("exited"));
        long count = client.containers().inspect(id).restartCount();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> {
            var state = client.containers().inspect(id);
            return state.state().status().equals("exited") && state.restartCount() == count;
        });
        client.containers().start(id);
        assertThat(client.containers().inspect(id).restartCount()).isZero();
        remove(id);
    }

    @Test
    void aRestartingContainerShowsAsDockerShowsIt() {
        // a back-off long enough to look at: the eighth restart waits 12.8 s
        String id = run(null, List.of("sh", "-c", "exit 2"), c -> c, h -> h.restartPolicy(policy("always", 0)));
        var client = berthd.client();
        await().atMost(LONG).until(() -> client.containers().inspect(id).restartCount() >= 7
                && client.containers().inspect(id).state().restarting());

        var state = client.containers().inspect(id).state();
        var ps = berthd.berth("ps", "--filter", "id=" + id, "--format", "{{.Status}}");

        assertThat(state.status()).isEqualTo("restarting");
        assertThat(state.running()).isTrue();
        assertThat(state.pid()).isZero();
        assertThat(state.exitCode()).isEqualTo(2);
        assertThat(ps.out()).startsWith("Restarting (2) ");
        assertThatThrownBy(() -> client.containers().remove(id, new RemoveOptions(false, false)))
                .isInstanceOf(ConflictException.class).hasMessageContaining("container is restarting");
        client.containers().stop(id, new StopOptions(Optional.empty(), Optional.empty()));
        assertThat(client.containers().inspect(id).state().status()).isEqualTo("exited");
        remove(id);
    }

    @Test
    void policiesBringContainersBackWhenBerthdStarts() throws Exception {
        var client = berthd.client();
        String always = run(null, List.of("sleep", "1000"), c -> c, h -> h.restartPolicy(policy("always", 0)));
        String unlessStopped = run(null, List.of("sleep", "1000"), c -> c,
                h -> h.restartPolicy(policy("unless-stopped", 0)));
        String stoppedByHand = run(null, List.of("sleep", "1000"), c -> c,
                h -> h.restartPolicy(policy("unless-stopped", 0)));
        String none = run(null, List.of("sleep", "1000"), c -> c, h -> h);
        client.containers().stop(stoppedByHand, new StopOptions(Optional.of(Duration.ofSeconds(1)), Optional.empty()));
        var pids = List.of(always, unlessStopped, none).stream()
                .map(id -> client.containers().inspect(id).state().pid()).toList();

        berthd.stop();
        // the host's processes die while no berthd runs (as at a reboot): the monitors record the exits
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        for (String id : List.of(always, unlessStopped, none)) {
            await().atMost(LONG).until(() -> Files.exists(berthd.execRoot().resolve("exits").resolve(id)));
        }
        berthd.start();
        var restarted = berthd.client();

        for (String id : List.of(always, unlessStopped)) {
            await().atMost(LONG).until(() -> restarted.containers().inspect(id).state().status().equals("running"));
            assertThat(restarted.containers().inspect(id).state().pid()).isNotIn(pids);
        }
        assertThat(restarted.containers().inspect(none).state().status()).isEqualTo("exited");
        assertThat(restarted.containers().inspect(stoppedByHand).state().status()).isEqualTo("exited");
        for (String id : List.of(always, unlessStopped, stoppedByHand, none)) {
            remove(id);
        }
    }

    // --- health checks ----------------------------------------------------------------------

    private static HealthConfig check(String command, int retries) {
        return HealthConfig.builder().test(List.of("CMD-SHELL", command)).interval(1_000_000_000L)
                .timeout(5_000_000_000L).retries((long) retries).build();
    }

    @Test
    void aFailingCheckTurnsUnhealthyWithItsLogAndEvents() {
        Instant since = Instant.now().minusSeconds(1);
        String id = run(null, List.of("sleep", "1000"), c -> c.healthcheck(check("echo probing; exit 1", 2)), h -> h);
        var client = berthd.client();

        await().atMost(LONG).until(() -> "unhealthy".equals(client.containers().inspect(id).state().health().status()));

        var health = client.containers().inspect(id).state().health();
        assertThat(health.failingStreak()).isGreaterThanOrEqualTo(2);
        assertThat(health.log()).isNotEmpty().hasSizeLessThanOrEqualTo(5)
                .allSatisfy(r -> {
                    assertThat(r.exitCode()).isEqualTo(1);
                    assertThat(r.output()).isEqualTo("probing\n");
                });
        assertThat(berthd.berth("ps", "--filter", "id=" + id, "--format", "{{.Status}}").out()).contains("(unhealthy)");
        assertThat(actions(id, since)).contains("health_status: unhealthy")
                .anyMatch(a -> a.startsWith("exec_start: /bin/sh -c echo probing"));
        await().atMost(LONG).until(() -> client.containers().inspect(id).state().health().log().size() == 5);
        remove(id);
    }

    @Test
    void anUnhealthyContainerIsKilledAndItsRestartPolicyBringsItBack() {
        Instant since = Instant.now().minusSeconds(1);
        // healthy while /tmp/ok exists; each run removes it after a moment
        String id = run(null, List.of("sh", "-c", "touch /tmp/ok; sleep 2; rm /tmp/ok; sleep 1000"),
                c -> c.healthcheck(check("test -f /tmp/ok", 2)),
                h -> h.restartPolicy(policy("on-failure", 1))
                        .annotations(Map.of("io.berth.health-on-failure", "kill")));
        var client = berthd.client();

        await().atMost(LONG).until(() -> client.containers().inspect(id).restartCount() == 1);
        await().atMost(LONG).until(() -> client.containers().inspect(id).state().status().equals("exited"));

        var inspect = client.containers().inspect(id);
        assertThat(inspect.state().exitCode()).isEqualTo(137);
        assertThat(actions(id, since)).containsSubsequence("health_status: healthy", "health_status: unhealthy",
                "kill", "die", "start", "health_status: healthy", "health_status: unhealthy", "kill", "die");
        remove(id);
    }

    @Test
    void stopAsTheActionAndNoHealthcheckOverTheImage() {
        String stopped = run(null, List.of("sleep", "1000"), c -> c.healthcheck(check("false", 1)),
                h -> h.annotations(Map.of("io.berth.health-on-failure", "stop")));
        String none = run(null, List.of("sleep", "1000"),
                c -> c.healthcheck(HealthConfig.builder().test(List.of("NONE")).build()), h -> h);
        var client = berthd.client();

        await().atMost(LONG).until(() -> client.containers().inspect(stopped).state().status().equals("exited"));

        assertThat(client.containers().inspect(stopped).state().health().status()).isEqualTo("unhealthy");
        assertThat(client.containers().inspect(none).state().health()).isNull();
        assertThat(berthd.berth("ps", "--filter", "id=" + none, "--format", "{{.Status}}").out()).doesNotContain("(");
        remove(stopped);
        remove(none);
    }

    // --- pause, update, top, init, stop signal ----------------------------------------------

    private static Path cgroup(String controller, String id) {
        return Path.of("/sys/fs/cgroup", controller, "berth", id);
    }

    @Test
    void pauseFreezesTheProcessesAndUnpauseThawsThem() throws Exception {
        String id = run(null, List.of("sh", "-c", "while true; do echo tick; sleep 0.1; done"), c -> c, h -> h);
        var client = berthd.client();
        long pid = client.containers().inspect(id).state().pid();

        client.containers().pause(id);

        await().atMost(LONG).until(() -> Files.readString(cgroup("freezer", id).resolve("freezer.state")).strip()
                .equals("FROZEN")); // crun returns while the freezer may still be FREEZING
        assertThat(client.containers().inspect(id).state().paused()).isTrue();
        assertThat(client.containers().inspect(id).state().status()).isEqualTo("paused");
        assertThat(Files.readString(Path.of("/proc/" + pid + "/status"))).containsPattern("State:\\s+D");
        int ticks = Containers.logs(client, id).stdout().length();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> Containers.logs(client, id).stdout().length() == ticks);
        assertThatThrownBy(() -> client.containers().pause(id)).isInstanceOf(ConflictException.class)
                .hasMessage("Container " + id + " is already paused");

        client.containers().unpause(id);

        assertThat(Files.readString(cgroup("freezer", id).resolve("freezer.state")).strip()).isEqualTo("THAWED");
        await().atMost(LONG).until(() -> Containers.logs(client, id).stdout().length() > ticks);
        assertThatThrownBy(() -> client.containers().unpause(id)).isInstanceOf(ConflictException.class)
                .hasMessage("Container " + id + " is not paused");
        remove(id);
    }

    @Test
    void updateChangesTheCgroupLimitsOfARunningContainer() throws Exception {
        String id = run(null, List.of("sleep", "1000"), c -> c, h -> h);
        var client = berthd.client();

        var warnings = client.containers().update(id, HostConfig.builder().memory(64L << 20).memorySwap(128L << 20)
                .nanoCpus(500_000_000L).pidsLimit(20L).cpuShares(512L).restartPolicy(policy("always", 0)).build());

        assertThat(warnings).isEmpty();
        assertThat(Files.readString(cgroup("memory", id).resolve("memory.limit_in_bytes")).strip())
                .isEqualTo(Long.toString(64L << 20));
        assertThat(Files.readString(cgroup("cpu", id).resolve("cpu.cfs_quota_us")).strip()).isEqualTo("50000");
        assertThat(Files.readString(cgroup("cpu", id).resolve("cpu.shares")).strip()).isEqualTo("512");
        assertThat(Files.readString(cgroup("pids", id).resolve("pids.max")).strip()).isEqualTo("20");
        var host = client.containers().inspect(id).hostConfig();
        assertThat(host.memory()).isEqualTo(64L << 20);
        assertThat(host.nanoCpus()).isEqualTo(500_000_000L);
        assertThat(host.restartPolicy().name()).isEqualTo("always");
        assertThatThrownBy(() -> client.containers().update(id, HostConfig.builder().memory(512L << 20).build()))
                .isInstanceOf(ConflictException.class).hasMessageContaining("update the memoryswap at the same time");
        remove(id);
    }

    @Test
    void topListsTheContainersProcessesWithPsArguments() {
        String id = run(null, List.of("sh", "-c", "sleep 1000 & sleep 2000 & wait"), c -> c, h -> h);
        var client = berthd.client();
        await().atMost(LONG).until(() -> client.containers().top(id, Optional.empty()).processes().size() == 3);

        var top = client.containers().top(id, Optional.empty());
        var custom = client.containers().top(id, Optional.of("-o pid,comm,args"));

        assertThat(top.titles()).containsExactly("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD");
        assertThat(top.processes()).extracting(p -> p.get(7))
                .containsExactlyInAnyOrder("sh -c sleep 1000 & sleep 2000 & wait", "sleep 1000", "sleep 2000");
        assertThat(custom.titles()).containsExactly("PID", "COMMAND", "COMMAND");
        assertThat(custom.processes()).allSatisfy(p -> assertThat(p).hasSize(3));
        var cli = berthd.berth("top", id, "-o", "pid,comm");
        assertThat(cli.out().lines().findFirst().orElse("")).startsWith("PID").contains("COMMAND");
        assertThat(cli.out()).contains("sleep");
        remove(id);
    }

    @Test
    void initIsPid1AndForwardsTheStopSignal() {
        String id = run(null, List.of("sh", "-c", "cat /proc/1/cmdline | tr '\\0' ' '; echo; exec sleep 1000"),
                c -> c, h -> h.init(true));
        var client = berthd.client();
        await().atMost(LONG).until(() -> !Containers.logs(client, id).stdout().isEmpty());

        assertThat(Containers.logs(client, id).stdout()).startsWith("/sbin/docker-init -- sh -c");
        client.containers().stop(id, new StopOptions(Optional.of(Duration.ofSeconds(30)), Optional.empty()));

        // sleep is not PID 1 under catatonit: SIGTERM ends it (143), no SIGKILL after the timeout (137)
        assertThat(client.containers().inspect(id).state().exitCode()).isEqualTo(143);
        remove(id);
    }

    @Test
    void stopSendsTheContainersStopSignal() {
        String id = run(null, List.of("sh", "-c", "trap 'echo got usr1; exit 5' USR1; echo ready; "
                + "while true; do sleep 0.1; done"), c -> c.stopSignal("SIGUSR1").stopTimeout(30L), h -> h);
        var client = berthd.client();
        await().atMost(LONG).until(() -> Containers.logs(client, id).stdout().contains("ready"));

        client.containers().stop(id, new StopOptions(Optional.empty(), Optional.empty()));

        assertThat(client.containers().inspect(id).state().exitCode()).isEqualTo(5);
        assertThat(Containers.logs(client, id).stdout()).contains("got usr1");
        remove(id);
    }

    // --- detach keys ------------------------------------------------------------------------

    @Test
    void theDetachKeysEndAnAttachAndLeaveTheContainerRunning() throws Exception {
        Instant since = Instant.now().minusSeconds(1);
        String id = run(null, List.of("sh"), c -> c.tty(true).openStdin(true).attachStdin(true), h -> h);
        BerthClient client = berthd.client();

        try (var connection = client.containers().attach(id,
                new AttachOptions(true, true, true, true, false, Optional.of("ctrl-a,d")))) {
            var out = connection.output();
            out.write("echo attached-$((40+2))\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = connection.body();
            var seen = new StringBuilder();
            await().atMost(LONG).until(() -> {
                byte[] buffer = new byte[4096];
                int n = in.read(buffer);
                if (n > 0) {
                    seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
                return seen.toString().contains("attached-42");
            });
            out.write(new byte[] {1, 'd'});
            out.flush();

            byte[] rest = in.readAllBytes(); // the daemon lets go: the stream ends
            assertThat(rest.length).isLessThan(4096);
        }

        assertThat(client.containers().inspect(id).state().status()).isEqualTo("running");
        await().atMost(LONG).until(() -> actions(id, since).contains("detach"));
        remove(id);
    }
}
