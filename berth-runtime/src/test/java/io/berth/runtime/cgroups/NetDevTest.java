package io.berth.runtime.cgroups;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetDevTest {
    private static final String NET_DEV = """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo:      84       1    0    0    0     0          0         0       84       1    0    0    0     0       0          0
              eth0:     266       3    1    2    0     0          0         0      648       8    4    5    0     0       0          0
            eth1:123456789012 100 0 0 0 0 0 0 42 1 0 0 0 0 0 0
            """;

    @TempDir
    Path tmp;

    @Test
    void countersPerInterface() {
        var interfaces = NetDev.parse(NET_DEV);

        assertThat(interfaces.keySet()).containsExactly("lo", "eth0", "eth1");
        assertThat(interfaces.get("eth0")).isEqualTo(new NetDev.Counters(266, 3, 1, 2, 648, 8, 4, 5));
        assertThat(interfaces.get("eth1").rxBytes()).isEqualTo(123_456_789_012L);
    }

    @Test
    void readLeavesOutLoopback() {
        new FakeTree(tmp).file("4242/net/dev", NET_DEV);

        assertThat(NetDev.read(tmp, 4242).keySet()).containsExactly("eth0", "eth1");
    }

    @Test
    void aProcessThatIsGoneHasNoInterfaces() {
        assertThat(NetDev.read(tmp, 4242)).isEmpty();
    }
}
