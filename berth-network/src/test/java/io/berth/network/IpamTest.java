package io.berth.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.ConflictException;
import io.berth.common.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpamTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            172.17.0.0/16    | 172.17.0.0/16
            172.17.5.9/16    | 172.17.0.0/16
            10.231.55.7/24   | 10.231.55.0/24
            192.168.1.128/25 | 192.168.1.128/25
            10.0.0.0/8       | 10.0.0.0/8
            0.0.0.0/1        | 0.0.0.0/1
            255.255.255.255/30 | 255.255.255.252/30
            """)
    void parseMasksTheHostBits(String text, String expected) {
        Ipam.Cidr cidr = Ipam.Cidr.parse(text);

        assertThat(cidr).hasToString(expected);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"10.0.0.0", "10.0.0.0/", "10.0.0.0/x", "10.0.0.0/0", "10.0.0.0/31", "10.0.0.0/32",
        "10.0.0.0/-1"})
    void badPrefixesAreInvalid(String text) {
        assertThatThrownBy(() -> Ipam.Cidr.parse(text))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid CIDR address: " + text);
    }

    @Test
    void badAddressesAreInvalid() {
        assertThatThrownBy(() -> Ipam.Cidr.parse("300.0.0.0/8"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid IP address: 300.0.0.0");
        assertThatThrownBy(() -> Ipam.Cidr.parse("fd00::/24"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("not an IPv4 address: fd00::");
        assertThatThrownBy(() -> Ipam.toInt("not-an-ip")).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void addressesConvertBothWays() {
        int ip = Ipam.toInt("172.17.0.2");

        assertThat(Ipam.toText(ip)).isEqualTo("172.17.0.2");
        assertThat(Ipam.toInt("0.0.0.0")).isZero();
        assertThat(Ipam.toInt("255.255.255.255")).isEqualTo(-1);
        assertThat(Ipam.toText(-1)).isEqualTo("255.255.255.255");
        assertThat(Ipam.toInt("10.0.0.1")).isEqualTo(0x0a000001);
    }

    @Test
    void containsChecksTheNetworkBits() {
        Ipam.Cidr cidr = Ipam.Cidr.parse("172.17.0.0/16");

        assertThat(cidr.contains(Ipam.toInt("172.17.0.1"))).isTrue();
        assertThat(cidr.contains(Ipam.toInt("172.17.255.255"))).isTrue();
        assertThat(cidr.contains(Ipam.toInt("172.18.0.1"))).isFalse();
        assertThat(cidr.contains(Ipam.toInt("10.0.0.1"))).isFalse();
    }

    @Test
    void overlapsWhenEitherContainsTheOther() {
        Ipam.Cidr wide = Ipam.Cidr.parse("10.0.0.0/8");
        Ipam.Cidr narrow = Ipam.Cidr.parse("10.231.55.0/24");
        Ipam.Cidr elsewhere = Ipam.Cidr.parse("172.17.0.0/16");
        Ipam.Cidr neighbour = Ipam.Cidr.parse("10.231.56.0/24");

        assertThat(wide.overlaps(narrow)).isTrue();
        assertThat(narrow.overlaps(wide)).isTrue();
        assertThat(narrow.overlaps(narrow)).isTrue();
        assertThat(narrow.overlaps(neighbour)).isFalse();
        assertThat(wide.overlaps(elsewhere)).isFalse();
    }

    @Test
    void firstHostAndBroadcast() {
        Ipam.Cidr cidr = Ipam.Cidr.parse("192.168.10.0/24");

        assertThat(cidr.firstHost()).isEqualTo("192.168.10.1");
        assertThat(Ipam.toText(cidr.broadcast())).isEqualTo("192.168.10.255");
    }

    @Test
    void allocateSkipsTheGateway() {
        Ipam.Cidr cidr = Ipam.Cidr.parse("172.17.0.0/16");

        String ip = Ipam.allocate(cidr, "172.17.0.1", List.of());

        assertThat(ip).isEqualTo("172.17.0.2");
    }

    @Test
    void allocateSkipsAddressesInUseAndTakesTheLowestHole() {
        Ipam.Cidr cidr = Ipam.Cidr.parse("10.231.55.0/24");

        String ip = Ipam.allocate(cidr, "10.231.55.1", List.of("10.231.55.2", "10.231.55.4", "10.231.55.3",
                "10.231.55.6"));

        assertThat(ip).isEqualTo("10.231.55.5");
    }

    @Test
    void allocateWithAGatewayElsewhereStartsAtTheFirstHost() {
        Ipam.Cidr cidr = Ipam.Cidr.parse("10.0.0.0/30");

        assertThat(Ipam.allocate(cidr, "10.0.0.2", List.of())).isEqualTo("10.0.0.1");
    }

    @Test
    void allocateWorksInTheUpperHalfOfTheAddressSpace() {
        Ipam.Cidr cidr = Ipam.Cidr.parse("192.168.0.0/30");

        assertThat(Ipam.allocate(cidr, "192.168.0.1", List.of())).isEqualTo("192.168.0.2");
    }

    @Test
    void allocateNeverHandsOutTheNetworkOrBroadcastAddress() {
        Ipam.Cidr cidr = Ipam.Cidr.parse("10.0.0.0/29");
        var taken = new ArrayList<String>();

        for (int i = 0; i < 5; i++) {
            taken.add(Ipam.allocate(cidr, "10.0.0.1", taken));
        }

        assertThat(taken).containsExactly("10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6");
        assertThatThrownBy(() -> Ipam.allocate(cidr, "10.0.0.1", taken))
                .isInstanceOf(ConflictException.class)
                .hasMessage("no available IPv4 addresses on this network's address pools: 10.0.0.0/29");
    }

    @Test
    void aSmallestSubnetWithItsGatewayIsFullAfterOneAddress() {
        Ipam.Cidr cidr = Ipam.Cidr.parse("10.9.9.0/30");

        String only = Ipam.allocate(cidr, "10.9.9.1", List.of());

        assertThat(only).isEqualTo("10.9.9.2");
        assertThatThrownBy(() -> Ipam.allocate(cidr, "10.9.9.1", List.of(only)))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void firstFreeSkipsPoolsThatAreTaken() {
        List<Ipam.Cidr> taken = List.of(Ipam.Cidr.parse("198.18.0.0/16"), Ipam.Cidr.parse("198.19.0.0/24"));

        assertThatThrownBy(() -> Ipam.firstFree(List.of("198.18.5.0/24", "198.19.0.0/16"), taken))
                .isInstanceOf(ConflictException.class)
                .hasMessage("all predefined address pools have been fully subnetted");
    }

    @Test
    void firstFreeSkipsTheHostsOwnRoutes() {
        List<Ipam.Cidr> routes = Ipam.hostRoutes();

        for (Ipam.Cidr route : routes) {
            assertThatThrownBy(() -> Ipam.firstFree(List.of(route.toString()), List.of()))
                    .as("host route " + route)
                    .isInstanceOf(ConflictException.class);
        }
    }

    @Test
    void allocationIgnoresIpv6AddressesInUse() {
        var subnet = Ipam.Cidr.parse("10.231.70.0/24");

        assertThat(Ipam.allocate(subnet, "10.231.70.1", List.of("fd12::2", "10.231.70.2"))).isEqualTo("10.231.70.3");
    }
}
