package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.common.Json;
import io.berth.testing.BerthdExtension;
import io.berth.testing.HostSysctls;
import io.berth.testing.RequiresRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * IPv6 on user-defined bridges through the docker CLI and berth: dual-stack subnets, {@code --ip6},
 * AAAA answers from aardvark-dns, an automatic unique-local subnet for {@code --ipv6} alone.
 */
@RequiresRoot
class Ipv6NetworkIT {
    private static final String SUBNET6 = "fd3b:e27a:5c01:1::/64";

    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    /** netavark turns IPv6 forwarding on for an IPv6 network; the host gets its values back. */
    private static HostSysctls sysctls;

    @BeforeAll
    static void setUp() {
        sysctls = HostSysctls.save("net.ipv6.conf.all.forwarding", "net.ipv6.conf.default.forwarding");
        berthd.bootstrapBusybox();
    }

    @AfterAll
    static void restoreSysctls() {
        sysctls.restore();
    }

    @Test
    void dualStackContainersReachEachOtherOverIpv6ByName() {
        var create = berthd.docker("network", "create", "--ipv6", "--subnet", "10.231.80.0/24",
                "--subnet", SUBNET6, "--gateway", "fd3b:e27a:5c01:1::fe", "dual");
        var fixed = berthd.docker("run", "-d", "--name", "fixed", "--network", "dual", "--ip6", "fd3b:e27a:5c01:1::99",
                "busybox", "sleep", "600");
        var probe = berthd.docker("run", "--rm", "--network", "dual", "busybox", "sh", "-c",
                "nslookup -type=AAAA fixed | grep -m1 '^Address: fd'; ping6 -c1 -W3 fixed >/dev/null && echo ping6-ok;"
                        + " grep fd3b /etc/hosts | cut -f1");

        assertThat(create.exitCode()).as(create.err()).isZero();
        assertThat(fixed.exitCode()).as(fixed.err()).isZero();
        assertThat(probe.err()).isEmpty();
        // the gateway is ::fe, so the first free address is ::1
        assertThat(probe.out()).isEqualTo("Address: fd3b:e27a:5c01:1::99\nping6-ok\nfd3b:e27a:5c01:1::1\n");

        var inspect = Json.tree(berthd.docker("inspect", "fixed").out().getBytes()).get(0);
        var endpoint = inspect.path("NetworkSettings").path("Networks").path("dual");
        assertThat(endpoint.path("GlobalIPv6Address").asText()).isEqualTo("fd3b:e27a:5c01:1::99");
        assertThat(endpoint.path("GlobalIPv6PrefixLen").asInt()).isEqualTo(64);
        assertThat(endpoint.path("IPv6Gateway").asText()).isEqualTo("fd3b:e27a:5c01:1::fe");
        assertThat(endpoint.path("IPAddress").asText()).startsWith("10.231.80.");
        assertThat(endpoint.path("IPAMConfig").path("IPv6Address").asText()).isEqualTo("fd3b:e27a:5c01:1::99");

        var network = Json.tree(berthd.docker("network", "inspect", "dual").out().getBytes()).get(0);
        assertThat(network.path("EnableIPv6").asBoolean()).isTrue();
        // the docker CLI sends the --subnets in random order, and the daemon keeps the order it got (as dockerd)
        var configs = new java.util.ArrayList<com.fasterxml.jackson.databind.JsonNode>();
        network.path("IPAM").path("Config").forEach(configs::add);
        assertThat(configs).hasSize(2);
        var v6 = configs.stream().filter(c -> c.path("Subnet").asText().contains(":")).findFirst().orElseThrow();
        assertThat(v6.path("Subnet").asText()).isEqualTo(SUBNET6);
        assertThat(v6.path("Gateway").asText()).isEqualTo("fd3b:e27a:5c01:1::fe");
        assertThat(network.path("Containers").elements().next().path("IPv6Address").asText())
                .isEqualTo("fd3b:e27a:5c01:1::99/64");

        berthd.docker("rm", "-f", "fixed");
        assertThat(berthd.docker("network", "rm", "dual").exitCode()).isZero();
    }

    /** netavark pairs static IPs with subnets by position; a network created IPv6-first still works. */
    @Test
    void aNetworkWhoseIpv6SubnetCameFirstGivesBothAddresses() {
        var create = berthd.berth("network", "create", "--subnet", "fd3b:e27a:5c01:4::/64", "--subnet",
                "10.231.84.0/24", "v6first");
        var address = berthd.berth("run", "--rm", "--network", "v6first", "--ip6", "fd3b:e27a:5c01:4::7", "busybox",
                "sh", "-c", "ip addr show dev eth0 scope global | grep -o 'inet6* [^ ]*'");

        assertThat(create.exitCode()).as(create.err()).isZero();
        assertThat(address.exitCode()).as(address.err()).isZero();
        assertThat(address.out()).isEqualTo("inet 10.231.84.2/24\ninet6 fd3b:e27a:5c01:4::7/64\n");
        assertThat(berthd.berth("network", "rm", "v6first").exitCode()).isZero();
    }

    @Test
    void ipv6AloneGetsAUniqueLocalSubnetAndBerthSeesTheSame() {
        var create = berthd.berth("network", "create", "--ipv6", "auto6");
        var subnets = berthd.berth("network", "inspect", "-f", "{{range .IPAM.Config}}{{.Subnet}} {{end}}", "auto6");
        var ls = berthd.berth("network", "ls", "--filter", "name=auto6", "--format", "{{.Name}} {{.IPv6}}");
        var address = berthd.berth("run", "--rm", "--network", "auto6", "busybox", "sh", "-c",
                "ip -6 addr show dev eth0 scope global | grep -o 'inet6 [^ ]*'");

        assertThat(create.exitCode()).as(create.err()).isZero();
        assertThat(subnets.out().strip()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+ fd[0-9a-f]{2}:[0-9a-f:]+::/64");
        String prefix = subnets.out().strip().split(" ")[1].replace("::/64", "::");
        assertThat(ls.out()).isEqualTo("auto6 true\n");
        assertThat(address.out()).isEqualTo("inet6 " + prefix + "2/64\n");
        assertThat(berthd.berth("network", "rm", "auto6").exitCode()).isZero();
    }

    @Test
    void badIpv6InputIsRefusedAndCreatesNothing() {
        assertThat(berthd.docker("network", "create", "--subnet", "fd3b:e27a:5c01:2::/64", "first6").exitCode()).isZero();

        var overlap = berthd.docker("network", "create", "--ipv6", "--subnet", "fd3b:e27a:5c01::/48", "second6");
        var outside = berthd.docker("run", "--rm", "--network", "first6", "--ip6", "fd3b:e27a:5c01:3::5", "busybox", "true");
        var onBridge = berthd.docker("run", "--rm", "--ip6", "fd3b:e27a:5c01:2::5", "busybox", "true");
        var names = berthd.docker("network", "ls", "--format", "{{.Name}}");
        var containers = berthd.docker("ps", "-aq");

        assertThat(overlap.exitCode()).isEqualTo(1);
        assertThat(overlap.err()).contains("Pool overlaps with other one on this address space");
        assertThat(outside.exitCode()).isEqualTo(125);
        assertThat(outside.err()).contains("Invalid address fd3b:e27a:5c01:3::5: It does not belong to any of this "
                + "network's subnets");
        assertThat(onBridge.exitCode()).isEqualTo(125);
        assertThat(onBridge.err()).contains("user specified IP address is supported on user defined networks only");
        assertThat(names.out().lines()).doesNotContain("second6");
        assertThat(containers.out()).isEmpty();
        assertThat(berthd.docker("network", "rm", "first6").exitCode()).isZero();
    }
}
