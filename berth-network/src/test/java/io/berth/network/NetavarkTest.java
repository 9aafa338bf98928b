package io.berth.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.common.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetavarkTest {
    private static final String CONTAINER_ID = "a".repeat(64);
    private static final String NETWORK_ID = "b".repeat(64);

    @Test
    void optionsHaveTheShapeNetavarkReads() {
        var request = new Netavark.Request(CONTAINER_ID, "nvtest",
                List.of(new Attachment("bnet", List.of("10.231.55.7"), List.of("nvalias"), "eth0")),
                List.of(new NetworkDefinition("bnet", NETWORK_ID, "bridge", "berthnv0",
                        List.of(new NetworkDefinition.Subnet("10.231.55.0/24", "10.231.55.1")), false, false, true)),
                List.of(new PortMapping("127.0.0.1", 80, 18555, 1, "tcp")));

        JsonNode options = Netavark.options(request);

        assertThat(options).isEqualTo(tree("""
                {
                  "container_id": "%s", "container_name": "nvtest",
                  "port_mappings": [{"host_ip": "127.0.0.1", "container_port": 80,
                                     "host_port": 18555, "range": 1, "protocol": "tcp"}],
                  "networks": {"bnet": {"static_ips": ["10.231.55.7"], "aliases": ["nvalias"],
                                        "interface_name": "eth0"}},
                  "network_info": {"bnet": {"name": "bnet", "id": "%s", "driver": "bridge",
                     "network_interface": "berthnv0",
                     "subnets": [{"subnet": "10.231.55.0/24", "gateway": "10.231.55.1"}],
                     "ipv6_enabled": false, "internal": false, "dns_enabled": true,
                     "ipam_options": {"driver": "host-local"}}}
                }
                """.formatted(CONTAINER_ID, NETWORK_ID)));
    }

    @Test
    void optionsWithoutPortsOrNetworksStillHaveEveryKey() {
        var request = new Netavark.Request(CONTAINER_ID, "lonely", List.of(), List.of(), List.of());

        JsonNode options = Netavark.options(request);

        assertThat(options).isEqualTo(tree("""
                {"container_id": "%s", "container_name": "lonely", "port_mappings": [], "networks": {},
                 "network_info": {}}
                """.formatted(CONTAINER_ID)));
    }

    @Test
    void optionsForTwoNetworksAndAPortRange() {
        var request = new Netavark.Request(CONTAINER_ID, "multi",
                List.of(new Attachment("front", List.of("10.1.0.2"), List.of("web", "www"), "eth0"),
                        new Attachment("back", List.of("10.2.0.2"), List.of(), "eth1")),
                List.of(new NetworkDefinition("front", NETWORK_ID, "bridge", "berth1",
                                List.of(new NetworkDefinition.Subnet("10.1.0.0/24", "10.1.0.1")), false, false, true),
                        new NetworkDefinition("back", NETWORK_ID, "bridge", "berth2",
                                List.of(new NetworkDefinition.Subnet("10.2.0.0/24", "10.2.0.1")), false, true, false)),
                List.of(new PortMapping("", 8000, 9000, 2, "udp")));

        JsonNode options = Netavark.options(request);

        assertThat(options.path("port_mappings")).isEqualTo(tree("""
                [{"host_ip": "", "container_port": 8000, "host_port": 9000, "range": 2, "protocol": "udp"}]
                """));
        assertThat(options.path("networks").path("front").path("aliases")).isEqualTo(tree("[\"web\",\"www\"]"));
        assertThat(options.path("networks").path("back").path("interface_name").asText()).isEqualTo("eth1");
        assertThat(options.path("network_info").path("back").path("internal").asBoolean()).isTrue();
        assertThat(options.path("network_info").path("back").path("dns_enabled").asBoolean()).isFalse();
        assertThat(options.path("network_info").path("back").path("network_interface").asText()).isEqualTo("berth2");
    }

    @Test
    void parseReadsNetavarksSetupOutput() {
        JsonNode output = tree("""
                {"bridge":{"dns_search_domains":[],"dns_server_ips":[],"interfaces":{"eth0":{"mac_address":\
                "ee:13:12:15:25:5e","subnets":[{"gateway":"10.231.55.1","ipnet":"10.231.55.7/24"}]}}}}""");

        SetupResult result = Netavark.parse(output);

        assertThat(result.networks()).containsOnlyKeys("bridge");
        var status = result.networks().get("bridge");
        assertThat(status.macAddress()).isEqualTo("ee:13:12:15:25:5e");
        assertThat(status.addresses()).containsExactly(new SetupResult.Address("10.231.55.7/24", "10.231.55.1"));
        assertThat(status.addresses().getFirst().ip()).isEqualTo("10.231.55.7");
        assertThat(status.addresses().getFirst().prefixLength()).isEqualTo(24);
        assertThat(status.dnsServers()).isEmpty();
        assertThat(status.dnsSearchDomains()).isEmpty();
    }

    @Test
    void parseReadsDnsServersAndSearchDomains() {
        JsonNode output = tree("""
                {"bnet":{"dns_search_domains":["dns.podman"],"dns_server_ips":["10.231.55.1"],
                 "interfaces":{"eth0":{"mac_address":"aa:bb:cc:dd:ee:ff",
                 "subnets":[{"gateway":"10.231.55.1","ipnet":"10.231.55.7/24"}]}}}}""");

        SetupResult result = Netavark.parse(output);

        var status = result.networks().get("bnet");
        assertThat(status.dnsServers()).containsExactly("10.231.55.1");
        assertThat(status.dnsSearchDomains()).containsExactly("dns.podman");
    }

    @Test
    void parseOfTwoNetworksAndASubnetWithoutGateway() {
        JsonNode output = tree("""
                {"front":{"interfaces":{"eth0":{"mac_address":"02:00:00:00:00:01",
                           "subnets":[{"gateway":"10.1.0.1","ipnet":"10.1.0.2/24"}]}}},
                 "back":{"interfaces":{"eth1":{"mac_address":"02:00:00:00:00:02",
                           "subnets":[{"ipnet":"10.2.0.2/24"}]}}}}""");

        SetupResult result = Netavark.parse(output);

        assertThat(result.networks()).containsOnlyKeys("front", "back");
        assertThat(result.networks().get("back").addresses())
                .containsExactly(new SetupResult.Address("10.2.0.2/24", ""));
        assertThat(result.networks().get("back").dnsServers()).isEmpty();
    }

    @Test
    void parseOfNothingIsEmpty() {
        assertThat(Netavark.parse(tree("{}")).networks()).isEmpty();
    }

    @Test
    void anAddressWithoutPrefixIsAHost() {
        var address = new SetupResult.Address("10.0.0.5", "");

        assertThat(address.ip()).isEqualTo("10.0.0.5");
        assertThat(address.prefixLength()).isEqualTo(32);
    }

    private static JsonNode tree(String json) {
        return Json.tree(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void withUpstreamServersNetavarkRunsWithAResolvConfOfItsOwn(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        var plain = new Netavark(java.nio.file.Path.of("/nv"), java.nio.file.Path.of("/av"), dir.resolve("a"));
        var upstream = new Netavark(java.nio.file.Path.of("/nv"), java.nio.file.Path.of("/av"), dir.resolve("b"),
                List.of("192.0.2.53", "2001:db8::53"));
        var netns = java.nio.file.Path.of("/run/netns/x");

        assertThat(plain.argv("setup", netns)).containsExactly("/nv", "--config", dir.resolve("a").toString(),
                "--aardvark-binary", "/av", "setup", "/run/netns/x");
        var argv = upstream.argv("teardown", netns);
        var file = dir.resolve("b").resolve("upstream-resolv.conf");
        assertThat(argv.subList(0, 5)).containsExactly("unshare", "--mount", "--propagation", "private", "--");
        assertThat(argv).containsSubsequence("sh", "-c", file.toString(), "/nv", "--config", "teardown", "/run/netns/x");
        assertThat(java.nio.file.Files.readString(file)).isEqualTo("nameserver 192.0.2.53\nnameserver 2001:db8::53\n");
        assertThat(plain.argv("setup", netns)).doesNotContain("unshare");
        assertThat(java.nio.file.Files.exists(dir.resolve("a").resolve("upstream-resolv.conf"))).isFalse();
    }

    @Test
    void keeperNamesFitTheKernelsLimitForAnyBridgeName() {
        for (String bridge : List.of("berth0", "docker0", "br-0123456789ab", "berth8cd3c")) {
            assertThat(Netavark.keeperName(bridge)).hasSizeLessThanOrEqualTo(15).startsWith("bk");
            assertThat(Netavark.keeperPeerName(bridge)).hasSizeLessThanOrEqualTo(15).startsWith("bp");
        }
        assertThat(Netavark.keeperName("berth0")).isNotEqualTo(Netavark.keeperName("berth1"));
    }
}
