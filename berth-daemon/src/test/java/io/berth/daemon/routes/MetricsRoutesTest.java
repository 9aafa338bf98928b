package io.berth.daemon.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.model.ContainerBlkioStatEntry;
import io.berth.api.model.ContainerBlkioStats;
import io.berth.api.model.ContainerCPUStats;
import io.berth.api.model.ContainerCPUUsage;
import io.berth.api.model.ContainerMemoryStats;
import io.berth.api.model.ContainerNetworkStats;
import io.berth.api.model.ContainerPidsStats;
import io.berth.api.model.ContainerStatsResponse;
import io.berth.api.model.ContainerThrottlingData;
import io.berth.engine.stats.StatsService;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsRoutesTest {
    private static final String ID = "253a48a9951f9692afa7da4955323e74f5f87dbd01d95dce5e7745c9e46dcf1f";

    @Test
    void statesAreCountedEvenWithoutRunningContainers() {
        String text = MetricsRoutes.render(new StatsService.Snapshot(List.of(), 0, 0, 2));

        assertThat(text).isEqualTo("""
                # HELP engine_daemon_container_states_containers The count of containers in various states
                # TYPE engine_daemon_container_states_containers gauge
                engine_daemon_container_states_containers{state="paused"} 0
                engine_daemon_container_states_containers{state="running"} 0
                engine_daemon_container_states_containers{state="stopped"} 2
                """);
    }

    @Test
    void aRunningContainersFiguresAreLabelledWithItsIdAndName() {
        String text = MetricsRoutes.render(new StatsService.Snapshot(List.of(document()), 1, 0, 0));

        String labels = "{id=\"" + ID + "\",name=\"busy\"}";
        assertThat(text).contains("# TYPE container_cpu_usage_seconds_total counter\n")
                .contains("container_cpu_usage_seconds_total" + labels + " 3.28399085\n")
                .contains("container_cpu_user_seconds_total" + labels + " 3.28\n")
                .contains("container_cpu_system_seconds_total" + labels + " 0\n")
                .contains("container_cpu_cfs_throttled_periods_total" + labels + " 3\n")
                .contains("container_cpu_cfs_throttled_seconds_total" + labels + " 0.045\n")
                .contains("container_memory_usage_bytes" + labels + " 229376\n")
                .contains("container_memory_working_set_bytes" + labels + " 225280\n")
                .contains("container_spec_memory_limit_bytes" + labels + " 67108864\n")
                .contains("container_pids" + labels + " 1\n")
                .contains("container_network_receive_bytes_total{id=\"" + ID
                        + "\",name=\"busy\",interface=\"eth0\"} 2996\n")
                .contains("container_network_transmit_packets_total{id=\"" + ID
                        + "\",name=\"busy\",interface=\"eth0\"} 12\n")
                .contains("container_blkio_device_usage_total{id=\"" + ID
                        + "\",name=\"busy\",device=\"8:0\",operation=\"Read\"} 4096\n");
    }

    @Test
    void labelValuesAreEscaped() {
        assertThat(MetricsRoutes.escape("a\"b\\c\nd")).isEqualTo("a\\\"b\\\\c\\nd");
    }

    private static ContainerStatsResponse document() {
        return ContainerStatsResponse.builder()
                .id(ID)
                .name("/busy")
                .read("2026-11-28T22:53:19.796781179Z")
                .cpu_stats(new ContainerCPUStats(new ContainerCPUUsage(3_283_990_850L, List.of(1L, 2L), 0L,
                        3_280_000_000L), 12_810_910_000_000L, 2L, new ContainerThrottlingData(12L, 3L, 45_000_000L)))
                .memory_stats(ContainerMemoryStats.builder().usage(229_376L).limit(67_108_864L)
                        .stats(Map.of("total_inactive_file", 4096L)).build())
                .pids_stats(new ContainerPidsStats(1L, null))
                .networks(Map.of("eth0", ContainerNetworkStats.builder().rx_bytes(2996L).rx_packets(38L).rx_errors(0L)
                        .rx_dropped(0L).tx_bytes(936L).tx_packets(12L).tx_errors(0L).tx_dropped(0L).build()))
                .blkio_stats(ContainerBlkioStats.builder().io_service_bytes_recursive(
                        List.of(new ContainerBlkioStatEntry(8L, 0L, "Read", 4096L))).build())
                .build();
    }
}
