package io.berth.cli.command.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.model.IPAMConfig;
import io.berth.common.InvalidArgumentException;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkCreateCommandTest {
    @Test
    void gatewaysAndRangesGoWithTheSubnetThatHoldsThemWhateverTheOrder() {
        var configs = NetworkCreateCommand.ipamConfigs(List.of("10.231.50.0/24", "fd12:3456:789a::/64"),
                List.of("fd12:3456:789a::fe", "10.231.50.254"), List.of("10.231.50.128/25"));

        assertThat(configs).containsExactly(
                IPAMConfig.builder().subnet("10.231.50.0/24").gateway("10.231.50.254").ipRange("10.231.50.128/25").build(),
                IPAMConfig.builder().subnet("fd12:3456:789a::/64").gateway("fd12:3456:789a::fe").build());
    }

    @Test
    void aGatewayOutsideEverySubnetHasNoMatch() {
        assertThatThrownBy(() -> NetworkCreateCommand.ipamConfigs(List.of("10.231.50.0/24"), List.of("10.231.51.1"),
                List.of()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("no matching subnet for gateway 10.231.51.1");
        assertThatThrownBy(() -> NetworkCreateCommand.ipamConfigs(List.of("10.231.50.0/24"), List.of(),
                List.of("fd00::/120")))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("no matching subnet for range fd00::/120");
    }

    @Test
    void twoGatewaysForOneSubnetAndMoreGatewaysThanSubnetsAreRefused() {
        assertThatThrownBy(() -> NetworkCreateCommand.ipamConfigs(List.of("10.231.50.0/24", "10.231.60.0/24"),
                List.of("10.231.50.1", "10.231.50.2"), List.of()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("cannot configure multiple gateways (10.231.50.2, 10.231.50.1) for the same subnet "
                        + "(10.231.50.0/24)");
        assertThatThrownBy(() -> NetworkCreateCommand.ipamConfigs(List.of(), List.of("10.231.50.1"), List.of()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("every ip-range or gateway must have a corresponding subnet");
    }
}
