package io.berth.cli.command.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.model.PortBinding;
import io.berth.common.InvalidArgumentException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PortSpecsTest {
    private final Map<String, Map<String, Object>> exposed = new LinkedHashMap<>();
    private final Map<String, List<PortBinding>> bindings = new LinkedHashMap<>();

    @Test
    void hostPortToContainerPort() {
        PortSpecs.parse("8080:80", exposed, bindings);

        assertThat(exposed).containsOnlyKeys("80/tcp");
        assertThat(bindings).containsExactly(Map.entry("80/tcp", List.of(new PortBinding("", "8080"))));
    }

    @Test
    void addressHostPortContainerPortAndProtocol() {
        PortSpecs.parse("127.0.0.1:8080:80/udp", exposed, bindings);

        assertThat(exposed).containsOnlyKeys("80/udp");
        assertThat(bindings).containsExactly(Map.entry("80/udp", List.of(new PortBinding("127.0.0.1", "8080"))));
    }

    @Test
    void aContainerPortAlonePublishesToARandomPort() {
        PortSpecs.parse("80", exposed, bindings);

        assertThat(bindings).containsExactly(Map.entry("80/tcp", List.of(new PortBinding("", ""))));
    }

    @Test
    void anAddressWithoutHostPort() {
        PortSpecs.parse("127.0.0.1::80", exposed, bindings);

        assertThat(bindings).containsExactly(Map.entry("80/tcp", List.of(new PortBinding("127.0.0.1", ""))));
    }

    @Test
    void anIpv6AddressInBrackets() {
        PortSpecs.parse("[::1]:8080:80", exposed, bindings);

        assertThat(bindings).containsExactly(Map.entry("80/tcp", List.of(new PortBinding("::1", "8080"))));
    }

    @Test
    void sctpAndUpperCaseProtocols() {
        PortSpecs.parse("9000:9000/sctp", exposed, bindings);
        PortSpecs.parse("53:53/UDP", exposed, bindings);

        assertThat(exposed).containsOnlyKeys("9000/sctp", "53/udp");
    }

    @Test
    void rangesMapPortByPort() {
        PortSpecs.parse("8000-8001:80-81", exposed, bindings);

        assertThat(exposed).containsOnlyKeys("80/tcp", "81/tcp");
        assertThat(bindings).containsExactly(
                Map.entry("80/tcp", List.of(new PortBinding("", "8000"))),
                Map.entry("81/tcp", List.of(new PortBinding("", "8001"))));
    }

    @Test
    void aContainerRangeWithoutHostPorts() {
        PortSpecs.parse("7000-7002", exposed, bindings);

        assertThat(exposed).containsOnlyKeys("7000/tcp", "7001/tcp", "7002/tcp");
        assertThat(bindings.get("7001/tcp")).containsExactly(new PortBinding("", ""));
    }

    @Test
    void aHostRangeForOneContainerPortIsARangeToPickFrom() {
        PortSpecs.parse("8000-8009:80", exposed, bindings);

        assertThat(bindings).containsExactly(Map.entry("80/tcp", List.of(new PortBinding("", "8000-8009"))));
    }

    @Test
    void theSamePortTwiceAddsASecondBinding() {
        PortSpecs.parse("8080:80", exposed, bindings);
        PortSpecs.parse("127.0.0.1:9090:80", exposed, bindings);

        assertThat(bindings.get("80/tcp"))
                .containsExactly(new PortBinding("", "8080"), new PortBinding("127.0.0.1", "9090"));
    }

    @Test
    void mismatchedRangesAreRejected() {
        assertThatThrownBy(() -> PortSpecs.parse("8000-8002:80-81", exposed, bindings))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid ranges specified for container and host Ports: 80-81 and 8000-8002");
    }

    @Test
    void oneHostPortForAContainerRangeIsRejected() {
        assertThatThrownBy(() -> PortSpecs.parse("8080:80-81", exposed, bindings))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid ranges specified for container and host Ports: 80-81 and 8080");
    }

    @Test
    void aBadProtocolIsRejected() {
        assertThatThrownBy(() -> PortSpecs.parse("80/icmp", exposed, bindings))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid proto: icmp");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"abc", "8080:abc", "0", "65536", "81-80", "8080:", "-1"})
    void badContainerPortsAreRejected(String spec) {
        assertThatThrownBy(() -> PortSpecs.parse(spec, exposed, bindings))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageStartingWith("invalid containerPort: ");
    }

    @Test
    void aBadHostPortIsNamedAsSuch() {
        assertThatThrownBy(() -> PortSpecs.parse("x:80", exposed, bindings))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid hostPort: x");
        assertThatThrownBy(() -> PortSpecs.parse("70000:80", exposed, bindings))
                .hasMessage("invalid hostPort: 70000");
    }

    @Test
    void nothingIsRecordedForARejectedSpec() {
        try {
            PortSpecs.parse("8080:80/icmp", exposed, bindings);
        } catch (InvalidArgumentException expected) {
            // checked below
        }

        assertThat(exposed).isEmpty();
        assertThat(bindings).isEmpty();
    }
}
