package io.berth.cli.command.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.model.ContainerSummary;
import io.berth.api.model.EndpointSettings;
import io.berth.api.model.PortSummary;
import io.berth.cli.format.TemplateMethod;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PsCommandTest {
    private static final String ID = "2304785e9496e4139f4eeeec5493b8110d0f7967ab3725499fb701da6ebf72fe";
    private static final Instant NOW = Instant.ofEpochSecond(1_795_895_480L);

    @Test
    void ellipsisKeepsShortTextAndCutsLongTextToTwentyCharacters() {
        assertThat(PsCommand.ellipsis("sh", 20)).isEqualTo("sh");
        assertThat(PsCommand.ellipsis("12345678901234567890", 20)).isEqualTo("12345678901234567890");
        assertThat(PsCommand.ellipsis("sh -c 'echo hello; sleep 1'", 20)).isEqualTo("sh -c 'echo hello; …");
    }

    @Test
    void ellipsisCountsCodePoints() {
        String smileys = "😀".repeat(25);

        String cut = PsCommand.ellipsis(smileys, 20);

        assertThat(cut.codePointCount(0, cut.length())).isEqualTo(20);
        assertThat(cut).endsWith("😀…");
    }

    @Test
    void theCommandColumnIsTruncatedAndQuoted() {
        var row = PsCommand.row(summary("sh -c 'echo hello; sleep 1'", List.of()), true, NOW);

        assertThat(row.get("Command")).isEqualTo("\"sh -c 'echo hello; …\"");
    }

    @Test
    void withoutTruncationTheWholeCommandAndIdAreShown() {
        var row = PsCommand.row(summary("sh -c 'echo hello; sleep 1'", List.of()), false, NOW);

        assertThat(row.get("Command")).isEqualTo("\"sh -c 'echo hello; sleep 1'\"");
        assertThat(row.get("ID")).isEqualTo(ID);
    }

    @Test
    void rowFieldsAsDockersFormattingContextHasThem() {
        var row = PsCommand.row(summary("httpd -f", List.of(new PortSummary("0.0.0.0", 80L, 8080L, "tcp"))), true, NOW);

        assertThat(row.get("ID")).isEqualTo("2304785e9496");
        assertThat(row.get("Image")).isEqualTo("busybox");
        assertThat(row.get("RunningFor")).isEqualTo("2 seconds ago");
        assertThat(row.get("Status")).isEqualTo("Exited (3) 1 second ago");
        assertThat(row.get("State")).isEqualTo("exited");
        assertThat(row.get("Ports")).isEqualTo("0.0.0.0:8080->80/tcp");
        assertThat(row.get("Names")).isEqualTo("exited");
        assertThat(row.get("Labels")).isEqualTo("a=1,b=2");
        assertThat(row.get("Networks")).isEqualTo("bridge,labnet");
        assertThat(row.get("Size")).isEqualTo("");
        assertThat(((TemplateMethod) row.get("Label")).call(List.of("b"))).isEqualTo("2");
        assertThat(((TemplateMethod) row.get("Label")).call(List.of("zzz"))).isEqualTo("");
    }

    @Test
    void sizeShowsWritableAndVirtual() {
        var summary = summary("sh", List.of()).toBuilder().sizeRw(0L).sizeRootFs(1_985_580L).build();

        var row = PsCommand.row(summary, true, NOW);

        assertThat(row.get("Size")).isEqualTo("0B (virtual 1.99MB)");
    }

    @Test
    void linkNamesAreLeftOut() {
        var summary = summary("sh", List.of()).toBuilder().names(List.of("/web", "/other/alias")).build();

        assertThat(PsCommand.row(summary, true, NOW).get("Names")).isEqualTo("web");
    }

    @Test
    void noPortsIsEmpty() {
        assertThat(PsCommand.ports(null)).isEmpty();
        assertThat(PsCommand.ports(List.of())).isEmpty();
    }

    @Test
    void aPublishedPort() {
        assertThat(PsCommand.ports(List.of(new PortSummary("127.0.0.1", 80L, 8091L, "tcp"))))
                .isEqualTo("127.0.0.1:8091->80/tcp");
    }

    @Test
    void anExposedPort() {
        assertThat(PsCommand.ports(List.of(new PortSummary(null, 80L, null, "tcp")))).isEqualTo("80/tcp");
    }

    @Test
    void unpublishedPortsComeBeforePortsPublishedElsewhere() {
        var ports = List.of(new PortSummary("0.0.0.0", 80L, 8080L, "tcp"), new PortSummary(null, 6379L, null, "tcp"));

        assertThat(PsCommand.ports(ports)).isEqualTo("6379/tcp, 0.0.0.0:8080->80/tcp");
    }

    /** Docker lists each group when it closes, then the groups still open in the order they were opened. */
    @Test
    void consecutivePortsAreGroupedIntoRanges() {
        var ports = List.of(new PortSummary(null, 8001L, null, "tcp"), new PortSummary(null, 8000L, null, "tcp"),
                new PortSummary(null, 8002L, null, "tcp"), new PortSummary(null, 9000L, null, "tcp"),
                new PortSummary(null, 53L, null, "udp"));

        assertThat(PsCommand.ports(ports)).isEqualTo("8000-8002/tcp, 53/udp, 9000/tcp");
    }

    @Test
    void portsPublishedOnTheSameNumberAreGroupedWithTheirAddress() {
        var ports = List.of(new PortSummary("0.0.0.0", 80L, 80L, "tcp"), new PortSummary("0.0.0.0", 81L, 81L, "tcp"),
                new PortSummary("::", 80L, 80L, "tcp"));

        assertThat(PsCommand.ports(ports)).isEqualTo("0.0.0.0:80-81->80-81/tcp, :::80->80/tcp");
    }

    @Test
    void ipv6AddressesOfPortsPublishedElsewhereAreBracketed() {
        var ports = List.of(new PortSummary("0.0.0.0", 80L, 8080L, "tcp"), new PortSummary("::", 80L, 8080L, "tcp"));

        assertThat(PsCommand.ports(ports)).isEqualTo("0.0.0.0:8080->80/tcp, [::]:8080->80/tcp");
    }

    @Test
    void theDefaultFormatHasDockersColumns() {
        assertThat(PsCommand.DEFAULT_FORMAT)
                .isEqualTo("table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}");
        assertThat(PsCommand.HEADERS).containsEntry("ID", "CONTAINER ID").containsEntry("RunningFor", "CREATED");
    }

    private static ContainerSummary summary(String command, List<PortSummary> ports) {
        var networks = Map.of("labnet", EndpointSettings.builder().build(), "bridge", EndpointSettings.builder().build());
        return ContainerSummary.builder()
                .id(ID)
                .names(List.of("/exited"))
                .image("busybox")
                .command(command)
                .created(1_795_895_478L)
                .ports(ports)
                .labels(Map.of("b", "2", "a", "1"))
                .state("exited")
                .status("Exited (3) 1 second ago")
                .networkSettings(ContainerSummary.NetworkSettings.builder().networks(networks).build())
                .build();
    }
}
