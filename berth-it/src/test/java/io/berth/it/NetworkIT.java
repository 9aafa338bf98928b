package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.api.model.PortBinding;
import io.berth.api.model.RemoveOptions;
import io.berth.api.model.WaitCondition;
import io.berth.testing.BerthdExtension;
import io.berth.testing.RequiresRoot;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The network modes of the walking skeleton: the default bridge (netavark), none, host, container:NAME. */
@RequiresRoot
class NetworkIT {
    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    @BeforeAll
    static void image() {
        berthd.bootstrapBusybox();
    }

    private static String output(String mode, String script) {
        var client = berthd.client();
        String id = client.containers().create(Optional.empty(),
                Containers.request("busybox", List.of("sh", "-c", script), h -> h.networkMode(mode))).id();
        client.containers().start(id);
        client.containers().await(id, WaitCondition.NOT_RUNNING);
        return Containers.logs(client, id).stdout();
    }

    @Test
    void theDefaultBridgeGivesAnAddressAndHostsEntries() {
        var out = output("default", "ip -4 -o addr show eth0; cat /etc/hosts; hostname");

        assertThat(out).containsPattern("eth0\\s+inet \\d+\\.\\d+\\.\\d+\\.\\d+/\\d+");
        String hostname = out.lines().reduce((a, b) -> b).orElseThrow();
        assertThat(out).contains("127.0.0.1\tlocalhost").containsPattern("\\d+\\.\\d+\\.\\d+\\.\\d+\t" + hostname);
    }

    @Test
    void theDefaultBridgeOutlivesItsLastContainerAsDocker0Does() {
        output("default", "true");
        var client = berthd.client();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.containers().list(
                new io.berth.api.model.ContainerListOptions(true, java.util.OptionalInt.empty(), false, java.util.Map.of()))
                .stream().allMatch(c -> !"running".equals(c.state())));
        String bridge = client.networks().inspect("bridge").options().get("com.docker.network.bridge.name");

        // its last container gone, the bridge stays, held by a port of its own (the keeper)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(java.nio.file.Path.of("/sys/class/net", bridge, "brif").toFile().list())
                        .anyMatch(port -> port.startsWith("bk")).noneMatch(port -> port.startsWith("veth")));
        assertThat(output("default", "ip -4 -o addr show eth0")).contains("inet ");
        // the extension checks that the bridge is gone once the daemon has stopped
    }

    @Test
    void noneHasOnlyLoopbackAndHostSeesTheHost() throws Exception {
        var none = output("none", "ls /sys/class/net");
        var host = output("host", "ls /sys/class/net; hostname");

        assertThat(none.lines().toList()).containsExactly("lo");
        assertThat(host).contains(Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip());
        assertThat(host.lines().count()).isGreaterThan(2);
    }

    @Test
    void aServerIsReachableAtItsAddressAndThroughItsPublishedPort() throws Exception {
        var client = berthd.client();
        var request = Containers.request("busybox", List.of("sh", "-c", "echo hello > /tmp/index.html; httpd -f -p 80 -h /tmp"),
                h -> h.networkMode("bridge")
                        .portBindings(Map.of("80/tcp", List.of(PortBinding.builder().hostIp("").hostPort("").build()))));
        String id = client.containers().create(Optional.of("web"), request).id();
        client.containers().start(id);
        var settings = client.containers().inspect(id).networkSettings();
        String ip = settings.networks().get("bridge").ipAddress();
        String hostPort = settings.ports().get("80/tcp").getFirst().hostPort();

        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .untilAsserted(() -> assertThat(Http.get("http://" + ip + "/index.html")).isEqualTo("hello\n"));
        var published = Http.get("http://127.0.0.1:" + hostPort + "/index.html");
        var joined = output("container:web", "wget -q -O - http://127.0.0.1/index.html");

        assertThat(hostPort).matches("\\d+");
        assertThat(published).isEqualTo("hello\n");
        assertThat(joined).isEqualTo("hello\n");
        client.containers().remove(id, new RemoveOptions(true, false));
        assertThat(client.containers().list(io.berth.api.model.ContainerListOptions.running())).isEmpty();
    }
}
