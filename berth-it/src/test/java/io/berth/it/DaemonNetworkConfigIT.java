package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.common.Json;
import io.berth.testing.BerthdExtension;
import io.berth.testing.RequiresRoot;
import io.berth.testing.StubDns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * daemon.json's network settings: {@code bip} for the default bridge, {@code default-address-pools}
 * for new networks, {@code dns}/{@code dns-search}/{@code dns-opts} for containers, and names
 * nobody on the network has forwarded by aardvark-dns to the daemon's dns server (a stub on a
 * loopback address, so nothing leaves the host).
 */
@RequiresRoot
class DaemonNetworkConfigIT {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BIP = BerthdExtension.randomBridgeSubnet();
    /** Two /24s of 10.232.0.0/16, apart from other test classes' networks. */
    private static final int POOL = 2 * RANDOM.nextInt(128);
    private static final String DNS = "127.53." + RANDOM.nextInt(256) + "." + (1 + RANDOM.nextInt(254));
    private static final Path CONFIG = writeConfig();

    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot("--config-file", CONFIG.toString());

    private static StubDns stub;

    private static Path writeConfig() {
        try {
            Path file = Files.createTempFile("berth-daemon", ".json");
            Files.writeString(file, """
                    {"bip": "%s",
                     "default-address-pools": [{"base": "10.232.%d.0/23", "size": 24}],
                     "dns": ["%s"], "dns-search": ["corp.berth.test"], "dns-opts": ["ndots:2"]}
                    """.formatted(BIP, POOL, DNS));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void setUp() throws IOException {
        stub = StubDns.start(DNS, Map.of("outside.berth.test", "192.0.2.7"));
        berthd.bootstrapBusybox();
    }

    @AfterAll
    static void tearDown() throws Exception {
        stub.close();
        Files.deleteIfExists(CONFIG);
    }

    @Test
    void theDefaultBridgeTakesBipAndContainersOnItTheDaemonsDnsSettings() {
        String subnet = BIP.replaceAll("\\.1/24$", ".0/24");
        var inspect = Json.tree(berthd.docker("network", "inspect", "bridge").out().getBytes()).get(0);
        var run = berthd.docker("run", "--rm", "busybox", "sh", "-c",
                "cat /etc/resolv.conf; ip -4 addr show dev eth0 | grep -o 'inet [0-9.]*'");

        assertThat(inspect.path("IPAM").path("Config").get(0).path("Subnet").asText()).isEqualTo(subnet);
        assertThat(run.out()).isEqualTo("nameserver " + DNS + "\nsearch corp.berth.test\noptions ndots:2\ninet "
                + BIP.replaceAll("\\.1/24$", ".2") + "\n");
    }

    @Test
    void newNetworksTakeTheirSubnetsFromTheDefaultAddressPools() {
        berthd.docker("network", "create", "pool-a");
        berthd.docker("network", "create", "pool-b");
        var subnets = berthd.docker("network", "inspect", "-f", "{{(index .IPAM.Config 0).Subnet}}", "pool-a", "pool-b");
        var third = berthd.docker("network", "create", "pool-c");

        assertThat(subnets.out()).isEqualTo("10.232." + POOL + ".0/24\n10.232." + (POOL + 1) + ".0/24\n");
        assertThat(third.exitCode()).isEqualTo(1);
        assertThat(third.err()).contains("all predefined address pools have been fully subnetted");
        berthd.docker("network", "rm", "pool-a", "pool-b");
    }

    @Test
    void aardvarkForwardsNamesItDoesNotKnowToTheDaemonsDnsServer() {
        berthd.docker("network", "create", "--subnet", "10.231.90.0/24", "fwd");
        berthd.docker("run", "-d", "--name", "inside", "--network", "fwd", "busybox", "sleep", "600");
        var run = berthd.docker("run", "--rm", "--network", "fwd", "busybox", "sh", "-c",
                "nslookup -type=A outside.berth.test | grep -m1 '^Address: 192'; "
                        + "ping -c1 -W2 inside | grep -o -m1 '10\\.231\\.90\\.[0-9]*'; "
                        + "nslookup -type=A nowhere.berth.test >/dev/null 2>&1 || echo nxdomain; "
                        + "grep -v nameserver /etc/resolv.conf");

        assertThat(run.out()).isEqualTo("Address: 192.0.2.7\n10.231.90.2\nnxdomain\nsearch corp.berth.test\noptions ndots:2\n");
        assertThat(stub.asked()).contains("outside.berth.test", "nowhere.berth.test").doesNotContain("inside");
        berthd.docker("rm", "-f", "inside");
        berthd.docker("network", "rm", "fwd");
    }
}
