package io.berth.engine.container;

import static io.berth.engine.container.Fixtures.ID;
import static io.berth.engine.container.Fixtures.container;
import static io.berth.engine.container.Fixtures.withCommand;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.model.ContainerConfig;
import io.berth.api.model.HostConfig;
import io.berth.api.model.PortBinding;
import io.berth.api.model.PortSummary;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerViewsTest {
    private static final Instant NOW = Instant.parse("2026-11-28T20:00:00Z");

    @Test
    void runningIsUpForTheTimeSinceStart() {
        var state = new RunState.Running(42, "2026-11-28T19:59:57Z");

        assertThat(ContainerViews.status(state, NOW)).isEqualTo("Up 3 seconds");
    }

    @Test
    void runningForLessThanASecond() {
        var state = new RunState.Running(42, "2026-11-28T19:59:59.600Z");

        assertThat(ContainerViews.status(state, NOW)).isEqualTo("Up Less than a second");
    }

    @Test
    void runningForAboutAMinuteAndHours() {
        assertThat(ContainerViews.status(new RunState.Running(1, "2026-11-28T19:58:59Z"), NOW))
                .isEqualTo("Up About a minute");
        assertThat(ContainerViews.status(new RunState.Running(1, "2026-11-28T17:00:00Z"), NOW))
                .isEqualTo("Up 3 hours");
    }

    @Test
    void exitedShowsTheCodeAndHowLongAgo() {
        var state = new RunState.Exited(3, "2026-11-28T19:50:00Z", "2026-11-28T19:58:00Z", false, "");

        assertThat(ContainerViews.status(state, NOW)).isEqualTo("Exited (3) 2 minutes ago");
    }

    @Test
    void exitedBySignal() {
        var state = new RunState.Exited(137, "2026-11-28T19:50:00Z", "2026-11-28T19:59:59Z", false, "");

        assertThat(ContainerViews.status(state, NOW)).isEqualTo("Exited (137) 1 second ago");
    }

    @Test
    void createdIsJustCreatedEvenAfterAFailedStart() {
        assertThat(ContainerViews.status(new RunState.Created("", 0), NOW)).isEqualTo("Created");
        assertThat(ContainerViews.status(new RunState.Created("exec failed", 127), NOW)).isEqualTo("Created");
    }

    @Test
    void pausedIsUpWithASuffix() {
        var state = new RunState.Paused(42, "2026-11-28T19:00:00Z");

        assertThat(ContainerViews.status(state, NOW)).isEqualTo("Up About an hour (Paused)");
    }

    @Test
    void commandQuotesArgumentsWithSpaces() {
        var c = withCommand("sh", "-c", "echo hello; sleep 1");

        assertThat(ContainerViews.command(c)).isEqualTo("sh -c 'echo hello; sleep 1'");
    }

    @Test
    void commandWithoutArgumentsIsThePath() {
        assertThat(ContainerViews.command(withCommand("/docker-entrypoint.sh"))).isEqualTo("/docker-entrypoint.sh");
    }

    @Test
    void commandQuotesOnlyOnSpacesAsDockerDoes() {
        var c = withCommand("printf", "a\tb", "", "x");

        assertThat(ContainerViews.command(c)).isEqualTo("printf a\tb  x");
    }

    @Test
    void stateOfARunningContainer() {
        var state = ContainerViews.state(new RunState.Running(23774, "2026-11-28T19:51:01.122283266Z"));

        assertThat(state.status()).isEqualTo("running");
        assertThat(state.running()).isTrue();
        assertThat(state.paused()).isFalse();
        assertThat(state.pid()).isEqualTo(23774L);
        assertThat(state.startedAt()).isEqualTo("2026-11-28T19:51:01.122283266Z");
        assertThat(state.finishedAt()).isEqualTo(ContainerViews.ZERO_TIME);
        assertThat(state.error()).isEmpty();
    }

    @Test
    void stateOfAnExitedContainer() {
        var state = ContainerViews.state(new RunState.Exited(3, "2026-11-28T19:51:19Z", "2026-11-28T19:51:20Z",
                true, null));

        assertThat(state.status()).isEqualTo("exited");
        assertThat(state.running()).isFalse();
        assertThat(state.exitCode()).isEqualTo(3L);
        assertThat(state.oomKilled()).isTrue();
        assertThat(state.pid()).isZero();
        assertThat(state.error()).isEmpty();
        assertThat(state.finishedAt()).isEqualTo("2026-11-28T19:51:20Z");
    }

    @Test
    void stateOfAPausedAndOfAFailedContainer() {
        var paused = ContainerViews.state(new RunState.Paused(9, "2026-11-28T19:51:19Z"));
        var failed = ContainerViews.state(new RunState.Created("exec: \"nope\": executable file not found", 127));

        assertThat(paused.status()).isEqualTo("paused");
        assertThat(paused.running()).isTrue();
        assertThat(paused.paused()).isTrue();
        assertThat(failed.status()).isEqualTo("created");
        assertThat(failed.exitCode()).isEqualTo(127L);
        assertThat(failed.error()).startsWith("exec:");
        assertThat(failed.startedAt()).isEqualTo(ContainerViews.ZERO_TIME);
    }

    @Test
    void portsListExposedPortsAsNullWhileStopped() {
        var c = container(ID, "web", new RunState.Created("", 0),
                ContainerConfig.builder().exposedPorts(Map.of("80/tcp", Map.of())).build(),
                HostConfig.builder().portBindings(Map.of("80/tcp", List.of(new PortBinding("", "8080")))).build());

        var ports = ContainerViews.ports(c);

        assertThat(ports).containsOnlyKeys("80/tcp").containsEntry("80/tcp", null);
    }

    @Test
    void portsOfARunningContainerShowBindingsWithTheAnyAddress() {
        var c = running(Map.of("80", List.of(new PortBinding("", "8080")),
                "53/udp", List.of(new PortBinding("127.0.0.1", "5353"))));

        var ports = ContainerViews.ports(c);

        assertThat(ports).containsEntry("80/tcp", List.of(new PortBinding("0.0.0.0", "8080")));
        assertThat(ports).containsEntry("53/udp", List.of(new PortBinding("127.0.0.1", "5353")));
    }

    @Test
    void summaryPortsAndFields() {
        var c = running(Map.of("80/tcp", List.of(new PortBinding("127.0.0.1", "8091"))));

        var summary = ContainerViews.summary(c, NOW, null, null);

        assertThat(summary.ports()).containsExactly(new PortSummary("127.0.0.1", 80L, 8091L, "tcp"));
        assertThat(summary.names()).containsExactly("/web");
        assertThat(summary.command()).isEqualTo("sh -c 'echo hi'");
        assertThat(summary.state()).isEqualTo("running");
        assertThat(summary.status()).isEqualTo("Up 2 minutes");
        assertThat(summary.created()).isEqualTo(Instant.parse("2026-11-28T19:51:00Z").getEpochSecond());
        assertThat(summary.labels()).isEmpty();
        assertThat(summary.hostConfig().networkMode()).isEqualTo("default");
        assertThat(summary.networkSettings().networks()).containsKey("bridge");
    }

    @Test
    void summaryOfAnExposedButUnpublishedPort() {
        var c = container(ID, "web", new RunState.Created("", 0),
                ContainerConfig.builder().exposedPorts(Map.of("8000-8001/udp", Map.of())).build(),
                HostConfig.builder().build());

        var summary = ContainerViews.summary(c, NOW, null, null);

        assertThat(summary.ports()).containsExactly(new PortSummary(null, 8000L, null, "udp"));
    }

    @Test
    void inspectFillsDockersFixedFields() {
        var c = container(ID, "web", new RunState.Created("", 0));

        var inspect = ContainerViews.inspect(c, Path.of("/var/lib/berth/containers", ID), Map.of(), null, null);

        assertThat(inspect.name()).isEqualTo("/web");
        assertThat(inspect.path()).isEqualTo("sh");
        assertThat(inspect.args()).containsExactly("-c", "echo hi");
        assertThat(inspect.hostsPath()).isEqualTo("/var/lib/berth/containers/" + ID + "/hosts");
        assertThat(inspect.driver()).isEqualTo("overlay2");
        assertThat(inspect.execIDs()).isNull();
        assertThat(inspect.mounts()).isEmpty();
        assertThat(inspect.networkSettings().networks()).containsOnlyKeys("bridge");
        assertThat(inspect.networkSettings().ipAddress()).isEmpty();
    }

    @Test
    void normalizeHostConfigAppliesDockersDefaults() {
        var host = ContainerViews.normalizeHostConfig(HostConfig.builder().build(), "crun");

        assertThat(host.networkMode()).isEqualTo("default");
        assertThat(host.restartPolicy().name()).isEqualTo("no");
        assertThat(host.shmSize()).isEqualTo(67_108_864L);
        assertThat(host.consoleSize()).containsExactly(0L, 0L);
        assertThat(host.runtime()).isEqualTo("crun");
        assertThat(host.autoRemove()).isFalse();
        assertThat(host.privileged()).isFalse();
        assertThat(host.maskedPaths()).contains("/proc/kcore");
        assertThat(host.logConfig().type()).isEqualTo("json-file");
    }

    @Test
    void normalizeHostConfigOfAPrivilegedContainerMasksNothing() {
        var host = ContainerViews.normalizeHostConfig(HostConfig.builder().privileged(true).build(), "crun");

        assertThat(host.maskedPaths()).isNull();
        assertThat(host.readonlyPaths()).isNull();
    }

    @Test
    void normalizePortAddsTcp() {
        assertThat(ContainerViews.normalizePort("80")).isEqualTo("80/tcp");
        assertThat(ContainerViews.normalizePort("53/udp")).isEqualTo("53/udp");
    }

    private static Container running(Map<String, List<PortBinding>> bindings) {
        var c = container(ID, "web", new RunState.Running(42, "2026-11-28T19:58:00Z"),
                ContainerConfig.builder().build(), HostConfig.builder().portBindings(bindings).build());
        var endpoint = new Container.Endpoint("n".repeat(64), "e".repeat(64), "172.17.0.2", 16, "172.17.0.1",
                "02:42:ac:11:00:02", List.of(), "eth0", List.of(), null);
        return c.withNetwork(Map.of("bridge", endpoint));
    }

    @Test
    void networkSettingsShowTheIpv6AddressOnlyWhereThereIsOne() {
        var c = running(Map.of());
        var v6 = new Container.Endpoint("m".repeat(64), "f".repeat(64), "10.231.40.2", 24, "10.231.40.1",
                "02:42:0a:e7:28:02", List.of("web"), "eth1", List.of(),
                new io.berth.engine.network.NetworkService.Ipv6("fd12:3456:789a::2", 64, "fd12:3456:789a::1"));
        var both = new java.util.LinkedHashMap<>(c.network());
        both.put("six", v6);

        var settings = ContainerViews.networkSettings(c.withNetwork(both));

        assertThat(settings.globalIPv6Address()).isEmpty();
        assertThat(settings.networks().get("bridge").globalIPv6Address()).isEmpty();
        assertThat(settings.networks().get("bridge").globalIPv6PrefixLen()).isZero();
        var six = settings.networks().get("six");
        assertThat(six.globalIPv6Address()).isEqualTo("fd12:3456:789a::2");
        assertThat(six.globalIPv6PrefixLen()).isEqualTo(64L);
        assertThat(six.iPv6Gateway()).isEqualTo("fd12:3456:789a::1");
        assertThat(six.ipAddress()).isEqualTo("10.231.40.2");
    }
}
