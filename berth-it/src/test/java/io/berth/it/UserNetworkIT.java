package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.berth.api.model.EndpointIPAMConfig;
import io.berth.api.model.EndpointSettings;
import io.berth.api.model.IPAM;
import io.berth.api.model.IPAMConfig;
import io.berth.api.model.NetworkCreateRequest;
import io.berth.api.model.NetworkingConfig;
import io.berth.api.model.PortBinding;
import io.berth.api.model.RemoveOptions;
import io.berth.api.model.WaitCondition;
import io.berth.common.ConflictException;
import io.berth.common.ForbiddenException;
import io.berth.common.InternalException;
import io.berth.common.InvalidArgumentException;
import io.berth.common.NotFoundException;
import io.berth.testing.BerthdExtension;
import io.berth.testing.Processes;
import io.berth.testing.RequiresRoot;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** User-defined bridges: create/inspect/rm rules, name DNS, static addresses, live connect, ports, clean teardown. */
@RequiresRoot
class UserNetworkIT {
    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    @BeforeAll
    static void image() {
        berthd.bootstrapBusybox();
    }

    private static NetworkCreateRequest network(String name, String subnet, String gateway, String range) {
        var ipam = subnet == null ? null : IPAM.builder().driver("default").config(List.of(IPAMConfig.builder()
                .subnet(subnet).gateway(gateway).ipRange(range).build())).build();
        return new NetworkCreateRequest(name, true, "bridge", null, false, false, null, null, ipam, false, Map.of(),
                Map.of("suite", "networks"));
    }

    private static String run(String name, String network, List<String> aliases, String ip, String hostname,
                              String... cmd) {
        var client = berthd.client();
        var request = Containers.request("busybox", List.of(cmd), h -> h.networkMode(network));
        var endpoint = EndpointSettings.builder().aliases(aliases.isEmpty() ? null : aliases)
                .ipamConfig(ip == null ? null : EndpointIPAMConfig.builder().iPv4Address(ip).build()).build();
        var config = hostname == null ? request.config() : request.config().toBuilder().hostname(hostname).build();
        request = new io.berth.api.model.ContainerCreateRequest(config, request.hostConfig(),
                NetworkingConfig.builder().endpointsConfig(Map.of(network, endpoint)).build());
        String id = client.containers().create(Optional.ofNullable(name), request).id();
        client.containers().start(id);
        return id;
    }

    private static String output(String network, String script) {
        var client = berthd.client();
        String id = run(null, network, List.of(), null, null, "sh", "-c", script);
        client.containers().await(id, WaitCondition.NOT_RUNNING);
        var out = Containers.logs(client, id).stdout();
        client.containers().remove(id, RemoveOptions.defaults());
        return out;
    }

    @Test
    void createInspectListAndRemoveFollowDockersRules() {
        var networks = berthd.client().networks();
        var created = networks.create(network("rules-net", "10.231.10.0/24", "10.231.10.254", "10.231.10.128/25"));

        var inspect = networks.inspect("rules-net");
        assertThat(inspect.id()).isEqualTo(created.id());
        assertThat(inspect.driver()).isEqualTo("bridge");
        assertThat(inspect.ipam().config()).singleElement().satisfies(c -> {
            assertThat(c.subnet()).isEqualTo("10.231.10.0/24");
            assertThat(c.gateway()).isEqualTo("10.231.10.254");
            assertThat(c.ipRange()).isEqualTo("10.231.10.128/25");
        });
        assertThat(networks.list(Map.of("label", List.of("suite=networks")))).extracting(n -> n.name())
                .contains("rules-net");
        assertThat(networks.list(Map.of())).extracting(n -> n.name()).contains("bridge", "host", "none");
        assertThatThrownBy(() -> networks.create(network("rules-net", null, null, null)))
                .isInstanceOf(ConflictException.class).hasMessage("network with name rules-net already exists");
        assertThatThrownBy(() -> networks.create(network("overlap", "10.231.10.0/25", null, null)))
                .isInstanceOf(ConflictException.class).hasMessageContaining("overlaps");
        assertThatThrownBy(() -> networks.create(network("badgw", "10.231.11.0/24", "10.9.9.9", null)))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("Invalid gateway 10.9.9.9");
        assertThatThrownBy(() -> networks.create(network("bad name", null, null, null)))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> networks.remove("bridge")).isInstanceOf(ForbiddenException.class)
                .hasMessage("bridge is a pre-defined network and cannot be removed");

        String user = run(null, "rules-net", List.of(), null, null, "sleep", "600");
        var address = berthd.client().containers().inspect(user).networkSettings().networks().get("rules-net").ipAddress();
        assertThat(address).startsWith("10.231.10.").satisfies(ip ->
                assertThat(Integer.parseInt(ip.substring(ip.lastIndexOf('.') + 1))).isGreaterThanOrEqualTo(128));
        assertThatThrownBy(() -> networks.remove("rules-net")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("has active endpoints");
        berthd.client().containers().remove(user, new RemoveOptions(true, false));
        networks.remove("rules-net");
        assertThatThrownBy(() -> networks.inspect("rules-net")).isInstanceOf(NotFoundException.class)
                .hasMessage("network rules-net not found");
    }

    @Test
    void containersFindEachOtherByNameAliasAndHostname() {
        berthd.client().networks().create(network("dns-net", null, null, null));
        String server = run("dns-server", "dns-net", List.of("web-alias"), null, "server-host",
                "sh", "-c", "echo served > /tmp/index.html; httpd -f -p 80 -h /tmp");

        var out = output("dns-net", "for n in dns-server web-alias server-host; do "
                + "for try in 1 2 3 4 5 6 7 8 9 10; do wget -q -O - http://$n/index.html && break; sleep 0.3; done; "
                + "done; echo done");
        berthd.client().containers().stop(server, new io.berth.api.model.StopOptions(Optional.of(Duration.ofSeconds(1)),
                Optional.empty()));
        var afterStop = output("dns-net", "nslookup dns-server >/dev/null 2>&1 && echo resolved || echo gone");
        var onDefault = output("bridge", "nslookup dns-server >/dev/null 2>&1 && echo resolved || echo gone");

        assertThat(out).isEqualTo("served\nserved\nserved\ndone\n");
        assertThat(afterStop).isEqualTo("gone\n");
        assertThat(onDefault).isEqualTo("gone\n");
        berthd.client().containers().remove(server, RemoveOptions.defaults());
        berthd.client().networks().remove("dns-net");
    }

    @Test
    void staticAddressesAreHonouredAndChecked() {
        berthd.client().networks().create(network("static-net", "10.231.20.0/24", null, null));

        String fixed = run(null, "static-net", List.of(), "10.231.20.77", null, "sleep", "600");
        var ip = berthd.client().containers().inspect(fixed).networkSettings().networks().get("static-net").ipAddress();

        assertThat(ip).isEqualTo("10.231.20.77");
        assertThatThrownBy(() -> run(null, "static-net", List.of(), "10.231.20.77", null, "true"))
                .isInstanceOf(ConflictException.class).hasMessage("Address already in use");
        assertThatThrownBy(() -> run(null, "static-net", List.of(), "10.9.9.9", null, "true"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Invalid address 10.9.9.9: It does not belong to any of this network's subnets");
        assertThatThrownBy(() -> run(null, "bridge", List.of(), "172.17.0.77", null, "true"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("user specified IP address is supported on user defined networks only");
        removeAll();
        berthd.client().networks().remove("static-net");
    }

    @Test
    void aRunningContainerConnectsAndDisconnects() {
        var networks = berthd.client().networks();
        networks.create(network("live-a", null, null, null));
        networks.create(network("live-b", null, null, null));
        String peer = run("live-peer", "live-b", List.of(), null, null, "sleep", "600");
        String mover = run("live-mover", "live-a", List.of(), null, null, "sleep", "600");

        networks.connect("live-b", "live-mover", EndpointSettings.builder().aliases(List.of("moved")).build());
        var settings = berthd.client().containers().inspect(mover).networkSettings().networks();
        var seen = output("live-b", "ping -c1 -W2 moved >/dev/null && echo reached");
        networks.disconnect("live-b", "live-mover", false);

        assertThat(settings).containsKeys("live-a", "live-b");
        assertThat(seen).isEqualTo("reached\n");
        assertThat(berthd.client().containers().inspect(mover).networkSettings().networks()).containsOnlyKeys("live-a");
        assertThat(networks.inspect("live-b").containers()).containsOnlyKeys(peer);
        assertThatThrownBy(() -> networks.disconnect("live-b", "live-mover", false))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("is not connected to network live-b");
        removeAll();
        networks.remove("live-a");
        networks.remove("live-b");
    }

    @Test
    void aHostPortTakenTwiceFailsAndLeavesNothing() throws Exception {
        var client = berthd.client();
        int port = 20000 + (int) (ProcessHandle.current().pid() % 20000);
        var request = Containers.request("busybox", List.of("sh", "-c", "echo first > /tmp/index.html; httpd -f -p 80 -h /tmp"),
                h -> h.networkMode("bridge").portBindings(Map.of("80/tcp",
                        List.of(PortBinding.builder().hostIp("127.0.0.1").hostPort(Integer.toString(port)).build()))));
        String first = client.containers().create(Optional.empty(), request).id();
        client.containers().start(first);
        long namespaces = countFiles();

        String second = client.containers().create(Optional.empty(), request).id();
        assertThatThrownBy(() -> client.containers().start(second)).isInstanceOf(InternalException.class)
                .hasMessageContaining("Bind for 127.0.0.1:" + port + " failed: port is already allocated");

        assertThat(countFiles()).isEqualTo(namespaces);
        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(Http.get("http://127.0.0.1:" + port + "/index.html")).isEqualTo("first\n"));
        removeAll();
    }

    @Test
    void teardownLeavesNoVethBridgeRuleNamespaceOrDnsEntry() throws Exception {
        var networks = berthd.client().networks();
        output("bridge", "true"); // the default bridge is there for good once used (as docker0 is)
        await().atMost(Duration.ofSeconds(10)).until(() -> Plumbing.snapshot(berthd).namespaces() == 0); // unplugged
        var before = Plumbing.snapshot(berthd);
        networks.create(network("busy-net", "10.231.30.0/24", null, null));
        String a = run("busy-a", "busy-net", List.of("aa"), null, null, "sleep", "600");
        String b = run("busy-b", "bridge", List.of(), null, null, "sleep", "600");
        networks.connect("busy-net", "busy-b", null);
        var during = Plumbing.snapshot(berthd);
        networks.disconnect("busy-net", "busy-b", false);
        long pid = berthd.client().containers().inspect(a).state().pid();
        Processes.run(List.of("kill", "-9", Long.toString(pid)), null, Duration.ofSeconds(10));
        berthd.client().containers().await(a, WaitCondition.NOT_RUNNING);
        berthd.client().containers().remove(b, new RemoveOptions(true, false));
        berthd.client().containers().remove(a, RemoveOptions.defaults());
        networks.remove("busy-net");

        assertThat(during.veths()).isGreaterThanOrEqualTo(before.veths() + 3);
        assertThat(during.bridges()).isGreaterThanOrEqualTo(before.bridges() + 1); // busy-net's; the default bridge was there
        assertThat(during.rules()).isGreaterThan(before.rules());
        assertThat(during.namespaces()).isEqualTo(before.namespaces() + 2);
        assertThat(during.dnsEntries()).isGreaterThan(before.dnsEntries());
        // the unplugging finishes after the container has answered its exit; it must not leave anything
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Plumbing.snapshot(berthd)).isEqualTo(before));
    }

    private static void removeAll() {
        var client = berthd.client();
        for (var c : client.containers().list(new io.berth.api.model.ContainerListOptions(true,
                java.util.OptionalInt.empty(), false, Map.of()))) {
            client.containers().remove(c.id(), new RemoveOptions(true, false));
        }
    }

    private static long countFiles() throws Exception {
        var dir = berthd.execRoot().resolve("netns");
        try (var files = Files.list(dir)) {
            return files.count();
        }
    }
}
