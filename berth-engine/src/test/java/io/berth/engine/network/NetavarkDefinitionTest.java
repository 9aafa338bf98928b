package io.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.network.NetworkDefinition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetavarkDefinitionTest {
    private static NetworkRecord network(NetworkRecord.Subnet... subnets) {
        return new NetworkRecord("0123abcd", "dual", "bridge", "2026-11-29T00:00:00Z", "berth-dual", List.of(subnets),
                false, false, true, true, Map.of(), Map.of());
    }

    @Test
    void ipv4SubnetsComeFirstAsTheStaticIpsDo() {
        var v6 = new NetworkRecord.Subnet("fd3b:e27a:5c01:1::/64", "fd3b:e27a:5c01:1::fe", "");
        var v4 = new NetworkRecord.Subnet("10.231.80.0/24", "10.231.80.1", "");

        var definition = NetworkService.definition(network(v6, v4));

        assertThat(definition.subnets()).extracting(NetworkDefinition.Subnet::cidr)
                .containsExactly("10.231.80.0/24", "fd3b:e27a:5c01:1::/64");
        assertThat(definition.subnets()).extracting(NetworkDefinition.Subnet::gateway)
                .containsExactly("10.231.80.1", "fd3b:e27a:5c01:1::fe");
    }

    @Test
    void theOrderWithinAFamilyIsKept() {
        var a = new NetworkRecord.Subnet("10.231.81.0/24", "10.231.81.1", "");
        var b = new NetworkRecord.Subnet("fd3b:e27a:5c01:1::/64", "fd3b:e27a:5c01:1::1", "");
        var c = new NetworkRecord.Subnet("10.231.80.0/24", "10.231.80.1", "");

        assertThat(NetworkService.definition(network(a, b, c)).subnets()).extracting(NetworkDefinition.Subnet::cidr)
                .containsExactly("10.231.81.0/24", "10.231.80.0/24", "fd3b:e27a:5c01:1::/64");
    }
}
