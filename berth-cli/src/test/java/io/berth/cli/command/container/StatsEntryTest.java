package io.berth.cli.command.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.model.ContainerBlkioStatEntry;
import io.berth.api.model.ContainerBlkioStats;
import io.berth.api.model.ContainerCPUStats;
import io.berth.api.model.ContainerCPUUsage;
import io.berth.api.model.ContainerMemoryStats;
import io.berth.api.model.ContainerNetworkStats;
import io.berth.api.model.ContainerPidsStats;
import io.berth.api.model.ContainerStatsResponse;
import io.berth.cli.format.TableFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsEntryTest {
    private static final String ID = "253a48a9951f9692afa7da4955323e74f5f87dbd01d95dce5e7745c9e46dcf1f";

    @Test
    void cpuPercentIsTheContainersShareOfTheMachineTimesItsCpus() {
        var previous = cpu(100_000_000L, 1_000_000_000_000L, 2L);
        var current = cpu(1_100_000_000L, 1_002_000_000_000L, 2L);

        assertThat(StatsEntry.cpuPercent(previous, current)).isEqualTo(100.0);
    }

    @Test
    void withoutOnlineCpusTheNumberOfPerCpuCountersIsUsed() {
        var previous = cpu(0L, 1_000L, null);
        var current = new ContainerCPUStats(new ContainerCPUUsage(100L, List.of(50L, 50L, 0L, 0L), 0L, 0L), 2_000L,
                null, null);

        assertThat(StatsEntry.cpuPercent(previous, current)).isEqualTo(40.0);
    }

    @Test
    void noProgressIsZeroPercent() {
        assertThat(StatsEntry.cpuPercent(cpu(100L, 1_000L, 2L), cpu(100L, 2_000L, 2L))).isZero();
        assertThat(StatsEntry.cpuPercent(cpu(100L, 1_000L, 2L), cpu(200L, 1_000L, 2L))).isZero();
        assertThat(StatsEntry.cpuPercent(null, null)).isZero();
    }

    @Test
    void memoryUsageLeavesOutInactiveFilePagesOnV1() {
        var mem = memory(1_000L, Map.of("total_inactive_file", 200L, "inactive_file", 100L), 4_000L);

        assertThat(StatsEntry.memoryUsageNoCache(mem)).isEqualTo(800.0);
        assertThat(StatsEntry.memoryPercent(4_000, 800)).isEqualTo(20.0);
    }

    @Test
    void memoryUsageLeavesOutInactiveFilePagesOnV2() {
        var mem = memory(1_000L, Map.of("inactive_file", 300L, "anon", 700L), 4_000L);

        assertThat(StatsEntry.memoryUsageNoCache(mem)).isEqualTo(700.0);
    }

    @Test
    void cacheLargerThanUsageIsNotSubtracted() {
        assertThat(StatsEntry.memoryUsageNoCache(memory(1_000L, Map.of("total_inactive_file", 1_000L), 0L)))
                .isEqualTo(1_000.0);
        assertThat(StatsEntry.memoryPercent(0, 1_000)).isZero();
    }

    @Test
    void blockIoAddsReadsAndWritesWhateverTheCase() {
        var blkio = ContainerBlkioStats.builder().io_service_bytes_recursive(List.of(
                blk("Read", 4096), blk("Write", 12288), blk("Sync", 16384), blk("Async", 0), blk("Total", 16384),
                blk("read", 1000), blk("write", 24), blk("", 5))).build();

        assertThat(StatsEntry.blockIO(blkio)).containsExactly(5096.0, 12312.0);
        assertThat(StatsEntry.blockIO(ContainerBlkioStats.builder().build())).containsExactly(0.0, 0.0);
    }

    @Test
    void networkAddsEveryInterface() {
        var networks = Map.of("eth0", net(266, 648), "eth1", net(1000, 2));

        assertThat(StatsEntry.network(networks)).containsExactly(1266.0, 650.0);
        assertThat(StatsEntry.network(null)).containsExactly(0.0, 0.0);
    }

    @Test
    void percentagesHaveTwoDecimalsRoundedAsGoDoes() {
        assertThat(StatsEntry.percent(0)).isEqualTo("0.00%");
        assertThat(StatsEntry.percent(99.434)).isEqualTo("99.43%");
        assertThat(StatsEntry.percent(0.125)).isEqualTo("0.12%");   // an exact tie: to even
        assertThat(StatsEntry.percent(0.135)).isEqualTo("0.14%");   // just above the tie in binary
        assertThat(StatsEntry.percent(250.0)).isEqualTo("250.00%");
    }

    @Test
    void aRowHasDockersColumns() {
        var entry = StatsEntry.of("busy", document());

        var row = entry.row(true);

        assertThat(row).containsExactly(
                Map.entry("BlockIO", "4.1kB / 12.3kB"),
                Map.entry("CPUPerc", "100.00%"),
                Map.entry("Container", "busy"),
                Map.entry("ID", "253a48a9951f"),
                Map.entry("MemPerc", "0.34%"),
                Map.entry("MemUsage", "224KiB / 64MiB"),
                Map.entry("Name", "busy"),
                Map.entry("NetIO", "3.21kB / 1.01kB"),
                Map.entry("PIDs", "1"));
        assertThat(entry.row(false).get("ID")).isEqualTo(ID);
    }

    @Test
    void anInvalidRowShowsDashes() {
        var row = StatsEntry.of("busy", document()).invalidated().row(true);

        assertThat(row.get("CPUPerc")).isEqualTo("--");
        assertThat(row.get("MemUsage")).isEqualTo("-- / --");
        assertThat(row.get("MemPerc")).isEqualTo("--");
        assertThat(row.get("NetIO")).isEqualTo("--");
        assertThat(row.get("BlockIO")).isEqualTo("--");
        assertThat(row.get("PIDs")).isEqualTo("--");
        assertThat(row.get("Name")).isEqualTo("busy");
    }

    @Test
    void aContainerThatHasNotReportedHasNoName() {
        var row = StatsEntry.pending("nope").row(true);

        assertThat(row.get("Name")).isEqualTo("--");
        assertThat(row.get("ID")).isEqualTo("");
        assertThat(row.get("CPUPerc")).isEqualTo("0.00%");
        assertThat(row.get("MemUsage")).isEqualTo("0B / 0B");
    }

    @Test
    void aStoppedContainersEmptyDocumentIsAllZeros() {
        var stopped = ContainerStatsResponse.builder().id(ID).name("/busy").read("0001-01-01T00:00:00Z")
                .pids_stats(new ContainerPidsStats(null, null)).memory_stats(ContainerMemoryStats.builder().build())
                .cpu_stats(cpu(0L, null, null)).precpu_stats(cpu(0L, null, null)).build();

        var row = StatsEntry.of("busy", stopped).row(true);

        assertThat(row.get("CPUPerc")).isEqualTo("0.00%");
        assertThat(row.get("MemUsage")).isEqualTo("0B / 0B");
        assertThat(row.get("MemPerc")).isEqualTo("0.00%");
        assertThat(row.get("PIDs")).isEqualTo("0");
    }

    @Test
    void theDefaultTableHasDockersHeader() {
        var rows = List.of(StatsEntry.of("busy", document()).row(true));

        String table = TableFormat.of(StatsCommand.DEFAULT_FORMAT, StatsCommand.HEADERS).render(rows);

        assertThat(table).isEqualTo("""
                CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O           BLOCK I/O        PIDS
                253a48a9951f   busy      100.00%   224KiB / 64MiB      0.34%     3.21kB / 1.01kB   4.1kB / 12.3kB   1
                """);
    }

    @Test
    void aTerminalRedrawGoesHomeAndErasesWhatWasThere() {
        assertThat(StatsCommand.redraw("a\nb\n")).isEqualTo("\033[Ha\033[K\nb\033[K\n\033[J");
    }

    private static ContainerStatsResponse document() {
        return ContainerStatsResponse.builder()
                .id(ID)
                .name("/busy")
                .cpu_stats(cpu(1_100_000_000L, 1_002_000_000_000L, 2L))
                .precpu_stats(cpu(100_000_000L, 1_000_000_000_000L, 2L))
                .memory_stats(memory(229_376L, Map.of("total_inactive_file", 0L), 67_108_864L))
                .networks(Map.of("eth0", net(3210, 1010)))
                .blkio_stats(ContainerBlkioStats.builder()
                        .io_service_bytes_recursive(List.of(blk("Read", 4096), blk("Write", 12288))).build())
                .pids_stats(new ContainerPidsStats(1L, null))
                .build();
    }

    private static ContainerCPUStats cpu(Long total, Long system, Long online) {
        return new ContainerCPUStats(new ContainerCPUUsage(total, null, 0L, 0L), system, online, null);
    }

    private static ContainerMemoryStats memory(Long usage, Map<String, Long> stats, Long limit) {
        return ContainerMemoryStats.builder().usage(usage).stats(stats).limit(limit).build();
    }

    private static ContainerBlkioStatEntry blk(String op, long value) {
        return new ContainerBlkioStatEntry(8L, 0L, op, value);
    }

    private static ContainerNetworkStats net(long rx, long tx) {
        return ContainerNetworkStats.builder().rx_bytes(rx).tx_bytes(tx).build();
    }
}
