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

class Ipam6Test {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            fd12:3456:789a::/64        | fd12:3456:789a::/64
            fd12:3456:789a:0:0::5/64   | fd12:3456:789a::/64
            FD12:3456:789A:1:2:3:4:5/48 | fd12:3456:789a::/48
            2001:db8::/32              | 2001:db8::/32
            2001:db8:0:0:1::/80        | 2001:db8:0:0:1::/80
            """)
    void parseMasksTheHostBitsAndPrintsCanonically(String text, String expected) {
        assertThat(Ipam6.Cidr.parse(text)).hasToString(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            fd00:0:0:0:0:0:0:2     | fd00::2
            2001:db8:0:0:1:0:0:1   | 2001:db8::1:0:0:1
            2001:0:0:1:0:0:0:1     | 2001:0:0:1::1
            1:0:1:0:1:0:1:0        | 1:0:1:0:1:0:1:0
            0:0:0:0:0:0:0:1        | ::1
            fe80:0:0:0:0:0:0:0     | fe80::
            """)
    void canonicalTextCompressesTheLongestZeroRun(String text, String expected) {
        assertThat(Ipam6.canonical(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"fd00::", "fd00::/", "fd00::/x", "fd00::/0", "fd00::/127", "fd00::/128", "10.0.0.0/8",
        "fd00::g/64"})
    void badCidrsAreInvalid(String text) {
        assertThatThrownBy(() -> Ipam6.Cidr.parse(text))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid CIDR address: " + text);
    }

    @Test
    void anIpv4AddressIsNotAnIpv6One() {
        assertThatThrownBy(() -> Ipam6.toBig("10.1.2.3")).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid IPv6 address: 10.1.2.3");
    }

    @Test
    void containsAndOverlaps() {
        var a = Ipam6.Cidr.parse("fd12:3456:789a::/48");
        var b = Ipam6.Cidr.parse("fd12:3456:789a:5::/64");
        var c = Ipam6.Cidr.parse("fd12:3456:789b::/64");

        assertThat(a.overlaps(b)).isTrue();
        assertThat(b.overlaps(a)).isTrue();
        assertThat(a.overlaps(c)).isFalse();
        assertThat(a.contains(Ipam6.toBig("fd12:3456:789a:ffff::1"))).isTrue();
        assertThat(b.contains(Ipam6.toBig("fd12:3456:789a:6::1"))).isFalse();
    }

    @Test
    void allocationSkipsTheGatewayAndAddressesInUseAndIgnoresIpv4Ones() {
        var subnet = Ipam6.Cidr.parse("fd12:3456:789a::/64");

        assertThat(Ipam6.allocate(subnet, subnet, "fd12:3456:789a::1", List.of())).isEqualTo("fd12:3456:789a::2");
        assertThat(Ipam6.allocate(subnet, subnet, "fd12:3456:789a::1",
                List.of("10.0.0.2", "fd12:3456:789a:0::2", "fd12:3456:789a::3"))).isEqualTo("fd12:3456:789a::4");
        assertThat(Ipam6.allocate(subnet, subnet, "fd12:3456:789a::2", List.of())).isEqualTo("fd12:3456:789a::1");
    }

    @Test
    void allocationStaysInsideTheRange() {
        var subnet = Ipam6.Cidr.parse("fd12:3456:789a::/64");
        var range = Ipam6.Cidr.parse("fd12:3456:789a::100/120");

        assertThat(Ipam6.allocate(subnet, range, "fd12:3456:789a::1", List.of("fd12:3456:789a::100")))
                .isEqualTo("fd12:3456:789a::101");
    }

    @Test
    void aFullSubnetIsAConflict() {
        var subnet = Ipam6.Cidr.parse("fd12:3456:789a::/126");
        var used = new ArrayList<String>(List.of("fd12:3456:789a::2", "fd12:3456:789a::3"));

        assertThatThrownBy(() -> Ipam6.allocate(subnet, subnet, "fd12:3456:789a::1", used))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("no available IPv6 addresses");
        used.clear();
        assertThat(Ipam6.allocate(subnet, subnet, "fd12:3456:789a::1", used)).isEqualTo("fd12:3456:789a::2");
    }

    @Test
    void uniqueLocalPrefixesAreFdSlash64AndAvoidWhatIsTaken() {
        var taken = new ArrayList<Ipam6.Cidr>();
        for (int i = 0; i < 20; i++) {
            var next = Ipam6.uniqueLocal(taken);
            assertThat(next.prefix()).isEqualTo(64);
            assertThat(next.toString()).startsWith("fd");
            assertThat(taken).noneMatch(next::overlaps);
            taken.add(next);
        }
    }
}
