package io.berth.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.common.Json;
import io.berth.common.http.Bodies;
import io.berth.common.http.HttpHead;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Responses recorded from a real Docker 20.10 daemon (copied byte for byte from
 * {@code shared/specs/docker-api-samples}) must parse into the generated records, and every field
 * a record knows must survive a write and a second read unchanged.
 */
class DockerApiSamplesTest {
    private static final String WEB_ID = "e91ad77b763754854c3699a3bea0ff9e9429740f5019412ba0ae91b4cfc90ef0";

    @Test
    void containerInspectOfARunningContainer() {
        byte[] json = sample("container-inspect-web.json");

        var inspect = Json.read(json, ContainerInspectResponse.class);

        assertThat(inspect.id()).isEqualTo(WEB_ID);
        assertThat(inspect.name()).isEqualTo("/web");
        assertThat(inspect.path()).isEqualTo("httpd");
        assertThat(inspect.args()).containsExactly("-f", "-p", "80", "-h", "/www");
        assertThat(inspect.execIDs()).isNull();
        assertThat(inspect.restartCount()).isZero();
        assertThat(inspect.state().status()).isEqualTo("running");
        assertThat(inspect.state().running()).isTrue();
        assertThat(inspect.state().pid()).isEqualTo(23774L);
        assertThat(inspect.state().finishedAt()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(inspect.hostConfig().networkMode()).isEqualTo("labnet");
        assertThat(inspect.hostConfig().restartPolicy()).isEqualTo(new RestartPolicy("no", 0L));
        assertThat(inspect.hostConfig().logConfig().type()).isEqualTo("json-file");
        assertThat(inspect.hostConfig().shmSize()).isEqualTo(67_108_864L);
        assertThat(inspect.hostConfig().consoleSize()).containsExactly(0L, 0L);
        assertThat(inspect.hostConfig().memorySwappiness()).isNull();
        assertThat(inspect.hostConfig().maskedPaths()).hasSize(10).contains("/proc/kcore");
        assertThat(inspect.config().hostname()).isEqualTo("e91ad77b7637");
        assertThat(inspect.config().exposedPorts()).containsOnlyKeys("80/tcp");
        assertThat(inspect.config().cmd()).containsExactly("httpd", "-f", "-p", "80", "-h", "/www");
        assertThat(inspect.config().entrypoint()).isNull();
        assertThat(inspect.config().labels()).isEmpty();
        assertThat(inspect.graphDriver().name()).isEqualTo("overlay2");
        assertThat(inspect.graphDriver().data()).containsKeys("LowerDir", "MergedDir", "UpperDir", "WorkDir");
        assertThat(inspect.mounts()).isEmpty();
        assertThat(inspect.networkSettings().ports()).containsEntry("80/tcp", null);
        var labnet = inspect.networkSettings().networks().get("labnet");
        assertThat(labnet.ipAddress()).isEqualTo("172.18.0.2");
        assertThat(labnet.gateway()).isEqualTo("172.18.0.1");
        assertThat(labnet.ipPrefixLen()).isEqualTo(16L);
        assertThat(labnet.macAddress()).isEqualTo("02:42:ac:12:00:02");
        assertThat(labnet.aliases()).containsExactly("e91ad77b7637");
        assertRoundTrip(json, ContainerInspectResponse.class);
    }

    @Test
    void containerInspectOfAnExitedContainer() {
        byte[] json = sample("container-inspect-exited.json");

        var inspect = Json.read(json, ContainerInspectResponse.class);

        assertThat(inspect.state().status()).isEqualTo("exited");
        assertThat(inspect.state().running()).isFalse();
        assertThat(inspect.state().exitCode()).isEqualTo(3L);
        assertThat(inspect.state().pid()).isZero();
        assertThat(inspect.config().cmd()).containsExactly("sh", "-c", "echo out; echo err >&2; exit 3");
        assertThat(inspect.config().attachStdout()).isTrue();
        assertRoundTrip(json, ContainerInspectResponse.class);
    }

    @Test
    void containerInspectWithAPublishedPort() {
        byte[] json = sample("container-inspect-pubweb.json");

        var inspect = Json.read(json, ContainerInspectResponse.class);

        var binding = new PortBinding("127.0.0.1", "8091");
        assertThat(inspect.hostConfig().portBindings()).containsExactly(Map.entry("80/tcp", List.of(binding)));
        assertThat(inspect.networkSettings().ports()).containsExactly(Map.entry("80/tcp", List.of(binding)));
        assertRoundTrip(json, ContainerInspectResponse.class);
    }

    @Test
    void containerListWithAll() {
        byte[] json = sample("containers-all.json");

        var containers = Json.read(json, ContainerSummary[].class);

        assertThat(containers).extracting(ContainerSummary::names)
                .containsExactly(List.of("/exited"), List.of("/pubweb"), List.of("/web"));
        var exited = containers[0];
        assertThat(exited.command()).isEqualTo("sh -c 'echo out; echo err >&2; exit 3'");
        assertThat(exited.created()).isEqualTo(1_795_895_478L);
        assertThat(exited.state()).isEqualTo("exited");
        assertThat(exited.status()).isEqualTo("Exited (3) 1 second ago");
        assertThat(exited.ports()).isEmpty();
        assertThat(exited.hostConfig().networkMode()).isEqualTo("default");
        assertThat(exited.mounts()).singleElement()
                .isEqualTo(new MountPoint("volume", "labvol", "/var/lib/docker-lab/volumes/labvol/_data", "/data",
                        "local", "z", true, ""));
        assertThat(containers[1].ports()).containsExactly(new PortSummary("127.0.0.1", 80L, 8091L, "tcp"));
        assertThat(containers[2].ports()).containsExactly(new PortSummary(null, 80L, null, "tcp"));
        assertThat(containers[2].networkSettings().networks().get("labnet").ipAddress()).isEqualTo("172.18.0.2");
        assertRoundTrip(json, ContainerSummary[].class);
    }

    @Test
    void imageInspect() {
        byte[] json = sample("image-inspect-busybox.json");

        var image = Json.read(json, ImageInspect.class);

        assertThat(image.id()).isEqualTo("sha256:4f20edb4f86f49c4774cc4221cad01ef56777b5d3a09bcd849eb1cf059ae6aab");
        assertThat(image.repoTags()).containsExactly("busybox:latest");
        assertThat(image.repoDigests()).isEmpty();
        assertThat(image.size()).isEqualTo(1_985_580L);
        assertThat(image.architecture()).isEqualTo("amd64");
        assertThat(image.os()).isEqualTo("linux");
        assertThat(image.author()).isEqualTo("lab (from Debian busybox-static)");
        assertThat(image.config().cmd()).containsExactly("sh");
        assertThat(image.config().env())
                .containsExactly("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        assertThat(image.containerConfig().cmd()).isNull();
        assertThat(image.rootFS().type()).isEqualTo("layers");
        assertThat(image.rootFS().layers())
                .containsExactly("sha256:e2ed046a7318657baff84abd49ad4eb4a4970a287bc8bd3130e7db8a8ecd75be");
        assertThat(image.metadata().lastTagTime()).isEqualTo("0001-01-01T00:00:00Z");
        assertRoundTrip(json, ImageInspect.class);
    }

    @Test
    void imageList() {
        byte[] json = sample("images.json");

        var images = Json.read(json, ImageSummary[].class);

        assertThat(images).extracting(ImageSummary::repoTags)
                .containsExactly(List.of("busybox-httpd:latest"), List.of("busybox:latest"));
        assertThat(images[1].size()).isEqualTo(1_985_580L);
        assertThat(images[1].containers()).isEqualTo(-1L);
        assertThat(images[1].sharedSize()).isEqualTo(-1L);
        assertThat(images[1].created()).isEqualTo(1_795_895_210L);
        assertThat(images[1].parentId()).isEmpty();
        assertThat(images[1].labels()).isNull();
        assertThat(images[1].repoDigests()).isNull();
        assertRoundTrip(json, ImageSummary[].class);
    }

    @Test
    void imageHistory() {
        byte[] json = sample("image-history-busybox.json");

        var history = Json.read(json, ImageHistoryResponseItem[].class);

        assertThat(history).extracting(ImageHistoryResponseItem::id)
                .containsExactly("sha256:4f20edb4f86f49c4774cc4221cad01ef56777b5d3a09bcd849eb1cf059ae6aab", "<missing>");
        assertThat(history[1].createdBy()).isEqualTo("umoci repack");
        assertThat(history[1].size()).isEqualTo(1_985_580L);
        assertThat(history[1].tags()).isNull();
        assertRoundTrip(json, ImageHistoryResponseItem[].class);
    }

    @Test
    void systemInfo() {
        byte[] json = sample("info.json");

        var info = Json.read(json, SystemInfo.class);

        assertThat(info.containers()).isEqualTo(3L);
        assertThat(info.containersRunning()).isEqualTo(2L);
        assertThat(info.containersStopped()).isEqualTo(1L);
        assertThat(info.images()).isEqualTo(2L);
        assertThat(info.driver()).isEqualTo("overlay2");
        assertThat(info.driverStatus()).first().isEqualTo(List.of("Backing Filesystem", "extfs"));
        assertThat(info.plugins().volume()).containsExactly("local");
        assertThat(info.plugins().authorization()).isNull();
        assertThat(info.cgroupVersion()).isEqualTo("1");
        assertThat(info.ncpu()).isEqualTo(2L);
        assertThat(info.memTotal()).isEqualTo(25_276_026_880L);
        assertThat(info.registryConfig().indexConfigs().get("docker.io").official()).isTrue();
        assertThat(info.registryConfig().insecureRegistryCIDRs()).containsExactly("127.0.0.0/8");
        assertThat(info.runtimes()).containsOnlyKeys("io.containerd.runc.v2", "io.containerd.runtime.v1.linux", "runc");
        assertThat(info.runtimes().get("runc").path()).isEqualTo("runc");
        assertThat(info.swarm().path("LocalNodeState").asText()).isEqualTo("inactive");
        assertThat(info.containerdCommit()).isEqualTo(new Commit("1.6.20~ds1-1+deb12u3", "1.6.20~ds1-1+deb12u3"));
        assertThat(info.securityOptions()).containsExactly("name=seccomp,profile=default");
        assertThat(info.warnings()).isNull();
        assertRoundTrip(json, SystemInfo.class);
    }

    @Test
    void systemVersion() {
        byte[] json = sample("version-v1.41.json");

        var version = Json.read(json, SystemVersion.class);

        assertThat(version.version()).isEqualTo("20.10.24+dfsg1");
        assertThat(version.apiVersion()).isEqualTo("1.41");
        assertThat(version.minAPIVersion()).isEqualTo("1.12");
        assertThat(version.os()).isEqualTo("linux");
        assertThat(version.arch()).isEqualTo("amd64");
        assertThat(version.experimental()).isNull();
        assertThat(version.platform().name()).isEmpty();
        assertThat(version.components()).extracting(SystemVersion.ComponentsItem::name)
                .containsExactly("Engine", "containerd", "runc", "docker-init");
        assertThat(version.components().getFirst().details()).containsEntry("Experimental", "false");
        assertRoundTrip(json, SystemVersion.class);
    }

    @Test
    void containerWait() {
        byte[] json = sample("container-wait.json");

        var wait = Json.read(json, ContainerWaitResponse.class);

        assertThat(wait.statusCode()).isEqualTo(137L);
        assertThat(wait.error()).isNull();
        assertThat(Json.write(wait)).isEqualTo("{\"StatusCode\":137,\"Error\":null}");
        assertRoundTrip(json, ContainerWaitResponse.class);
    }

    @Test
    void containerCreate() {
        byte[] json = sample("container-create.json");

        var created = Json.read(json, ContainerCreateResponse.class);

        assertThat(created.id()).isEqualTo("8d920a19c1cf8a1cd11ab4b14d5eaf912882e7abb4d02d357b4ea82c8386bdeb");
        assertThat(created.warnings()).isEmpty();
        assertRoundTrip(json, ContainerCreateResponse.class);
    }

    @Test
    void networkList() {
        byte[] json = sample("networks.json");

        var networks = Json.read(json, NetworkSummary[].class);

        assertThat(networks).extracting(NetworkSummary::name).contains("none", "host", "bridge", "labnet");
        assertThat(networks).filteredOn(n -> n.name().equals("none")).singleElement()
                .satisfies(none -> {
                    assertThat(none.driver()).isEqualTo("null");
                    assertThat(none.ipam().config()).isEmpty();
                    assertThat(none.ipam().options()).isNull();
                });
        assertRoundTrip(json, NetworkSummary[].class);
    }

    @Test
    void networkInspectOfTheDefaultBridge() {
        byte[] json = sample("network-inspect-bridge.json");

        var network = Json.read(json, NetworkInspect.class);

        assertThat(network.name()).isEqualTo("bridge");
        assertThat(network.driver()).isEqualTo("bridge");
        assertThat(network.scope()).isEqualTo("local");
        assertThat(network.ipam().config()).extracting(IPAMConfig::subnet).containsExactly("172.17.0.0/16");
        assertThat(network.options()).containsEntry("com.docker.network.bridge.default_bridge", "true");
        assertRoundTrip(json, NetworkInspect.class);
    }

    @Test
    void networkInspectOfAUserNetwork() {
        byte[] json = sample("network-inspect-labnet.json");

        var network = Json.read(json, NetworkInspect.class);

        assertThat(network.id()).isEqualTo("147e3ff0b60089233b0def750a017defd382ae3e605fb6c5705d0f3ee39845d3");
        assertThat(network.enableIPv6()).isFalse();
        assertThat(network.ipam().driver()).isEqualTo("default");
        assertThat(network.ipam().config()).containsExactly(new IPAMConfig("172.18.0.0/16", null, "172.18.0.1", null));
        assertThat(network.configFrom().network()).isEmpty();
        assertThat(network.labels()).isEmpty();
        assertRoundTrip(json, NetworkInspect.class);
    }

    @Test
    void containerTop() {
        byte[] json = sample("container-top-web.json");

        var top = Json.read(json, ContainerTopResponse.class);

        assertThat(top.titles()).containsExactly("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD");
        assertThat(top.processes()).singleElement().satisfies(p -> assertThat(p).endsWith("httpd -f -p 80 -h /www"));
        assertRoundTrip(json, ContainerTopResponse.class);
    }

    @Test
    void volumeList() {
        byte[] json = sample("volumes.json");

        var volumes = Json.read(json, VolumeListResponse.class);

        assertThat(volumes.volumes()).singleElement().satisfies(v -> {
            assertThat(v.name()).isEqualTo("labvol");
            assertThat(v.labels()).containsExactly(Map.entry("lab", "1"));
            assertThat(v.mountpoint()).isEqualTo("/var/lib/docker-lab/volumes/labvol/_data");
        });
        assertThat(volumes.warnings()).isNull();
        assertRoundTrip(json, VolumeListResponse.class);
    }

    @Test
    void errorBody() {
        byte[] json = sample("container-notfound.json");

        var error = Json.read(json, ErrorResponse.class);

        assertThat(error.message()).isEqualTo("No such container: doesnotexist");
        assertThat(Json.write(error)).isEqualTo(new String(json, StandardCharsets.UTF_8).strip());
    }

    @Test
    void containerStats() {
        byte[] json = sample("container-stats-once.json");

        var stats = Json.read(json, ContainerStatsResponse.class);

        assertThat(stats.read()).isEqualTo("2026-11-28T19:51:23.94343072Z");
        assertThat(stats.cpu_stats().cpu_usage().total_usage()).isEqualTo(116_180_178L);
        assertThat(stats.cpu_stats().cpu_usage().percpu_usage()).containsExactly(43_172_693L, 73_007_485L);
        assertThat(stats.cpu_stats().online_cpus()).isEqualTo(2L);
        assertThat(stats.memory_stats().usage()).isEqualTo(700_416L);
        assertThat(stats.memory_stats().stats()).containsEntry("hierarchical_memory_limit", 9_223_372_036_854_771_712L);
        assertThat(stats.pids_stats().current()).isEqualTo(1L);
        assertRoundTrip(json, ContainerStatsResponse.class);
    }

    @Test
    void eventStreamLines() {
        String stream = new String(sample("events.json"), StandardCharsets.UTF_8);

        var events = stream.lines().filter(l -> !l.isBlank()).map(l -> Json.read(l, EventMessage.class)).toList();

        assertThat(events).isNotEmpty();
        assertThat(events.getFirst().type()).isEqualTo("volume");
        assertThat(events.getFirst().action()).isEqualTo("create");
        assertThat(events.getFirst().actor().attributes()).containsEntry("driver", "local");
        assertThat(events.getFirst().timeNano()).isEqualTo(1_795_895_478_482_021_392L);
        assertThat(events).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("container");
            assertThat(e.actor().attributes()).containsEntry("name", "exited");
        });
        for (String line : stream.lines().filter(l -> !l.isBlank()).toList()) {
            assertRoundTrip(line.getBytes(StandardCharsets.UTF_8), EventMessage.class);
        }
    }

    @Test
    void createRequestBodyFromTheDocker28Trace() {
        JsonNode body = Json.tree(createBodyFromTrace());

        var config = Json.convert(body, ContainerConfig.class);
        var host = Json.convert(body.get("HostConfig"), HostConfig.class);
        var networking = Json.convert(body.get("NetworkingConfig"), NetworkingConfig.class);

        assertThat(config.image()).isEqualTo("busybox");
        assertThat(config.cmd()).containsExactly("echo", "hi");
        assertThat(config.env()).isNull();
        assertThat(config.entrypoint()).isNull();
        assertThat(config.attachStdin()).isFalse();
        assertThat(config.attachStdout()).isTrue();
        assertThat(config.attachStderr()).isTrue();
        assertThat(config.volumes()).isEmpty();
        assertThat(config.labels()).isEmpty();
        assertThat(host.autoRemove()).isTrue();
        assertThat(host.networkMode()).isEqualTo("default");
        assertThat(host.restartPolicy()).isEqualTo(new RestartPolicy("no", 0L));
        assertThat(host.logConfig()).isEqualTo(new HostConfig.LogConfig("", Map.of()));
        assertThat(host.memorySwappiness()).isEqualTo(-1L);
        assertThat(host.pidsLimit()).isZero();
        assertThat(host.portBindings()).isEmpty();
        assertThat(host.binds()).isNull();
        assertThat(host.ulimits()).isEmpty();
        assertThat(host.consoleSize()).containsExactly(0L, 0L);
        assertThat(networking.endpointsConfig()).containsOnlyKeys("default");
        assertThat(networking.endpointsConfig().get("default").gwPriority()).isZero();
        assertThat(Json.read(Json.write(config), ContainerConfig.class)).isEqualTo(config);
        assertThat(Json.read(Json.write(host), HostConfig.class)).isEqualTo(host);
        assertThat(Json.read(Json.write(networking), NetworkingConfig.class)).isEqualTo(networking);
        assertKnownFieldsPreserved("$", body, Json.tree(Json.writeBytes(config)), false);
        assertKnownFieldsPreserved("$.HostConfig", body.get("HostConfig"), Json.tree(Json.writeBytes(host)), true);
    }

    /** Parses, writes and parses again: equal records, and the written JSON keeps every known field's value. */
    private static <T> void assertRoundTrip(byte[] json, Class<T> type) {
        T first = Json.read(json, type);

        byte[] written = Json.writeBytes(first);
        T second = Json.read(written, type);

        if (type.isArray()) {
            assertThat(Arrays.asList((Object[]) second)).isEqualTo(Arrays.asList((Object[]) first));
        } else {
            assertThat(second).isEqualTo(first);
        }
        assertKnownFieldsPreserved("$", Json.tree(json), Json.tree(written), true);
    }

    /**
     * Every field in {@code written} that Docker sent has the value Docker sent; a field Docker did not
     * send is null. With {@code strict} false, fields Docker sent that are not in {@code written} are ignored
     * (they belong to another record), as always.
     */
    private static void assertKnownFieldsPreserved(String path, JsonNode original, JsonNode written, boolean strict) {
        if (written.isObject()) {
            assertThat(original.isObject()).as(path + " is an object").isTrue();
            for (var field : written.properties()) {
                String child = path + "." + field.getKey();
                JsonNode sent = original.get(field.getKey());
                if (sent == null) {
                    assertThat(field.getValue().isNull()).as(child + " was not sent, so it is written as null").isTrue();
                } else {
                    assertKnownFieldsPreserved(child, sent, field.getValue(), strict);
                }
            }
        } else if (written.isArray()) {
            assertThat(original.isArray()).as(path + " is an array").isTrue();
            assertThat(written.size()).as(path + " size").isEqualTo(original.size());
            for (int i = 0; i < written.size(); i++) {
                assertKnownFieldsPreserved(path + "[" + i + "]", original.get(i), written.get(i), strict);
            }
        } else if (written.isNumber()) {
            assertThat(original.isNumber()).as(path + " is a number").isTrue();
            assertThat(written.decimalValue()).as(path).isEqualByComparingTo(original.decimalValue());
        } else if (!written.equals(original)) {
            fail("%s: sent %s, written %s", path, original, written);
        }
    }

    /** The body of the first {@code POST /v1.41/containers/create} in the trace, framed by its Content-Length. */
    private static byte[] createBodyFromTrace() {
        byte[] trace = sample("traces/cli28-run.log");
        int request = new String(trace, StandardCharsets.ISO_8859_1).indexOf("POST /v1.41/containers/create HTTP/1.1");
        assertThat(request).as("the create request in the trace").isNotNegative();
        try {
            var in = new ByteArrayInputStream(trace, request, trace.length - request);
            HttpHead head = HttpHead.read(in);
            return Bodies.reader(head.headers(), in, false).readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] sample(String name) {
        try (InputStream in = DockerApiSamplesTest.class.getResourceAsStream("/docker-api-samples/" + name)) {
            assertThat(in).as("test resource docker-api-samples/" + name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
