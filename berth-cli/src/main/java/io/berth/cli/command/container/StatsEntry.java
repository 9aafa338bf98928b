package io.berth.cli.command.container;

import io.berth.api.model.ContainerBlkioStatEntry;
import io.berth.api.model.ContainerBlkioStats;
import io.berth.api.model.ContainerCPUStats;
import io.berth.api.model.ContainerMemoryStats;
import io.berth.api.model.ContainerNetworkStats;
import io.berth.api.model.ContainerStatsResponse;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of {@code berth stats}: a container's figures computed from a stats document exactly as
 * the docker CLI computes them, and its columns as the docker CLI prints them. {@code container} is
 * what the user asked for (a name, or the ID when listing every container); an invalid row (the
 * stream failed, or gave nothing) prints {@code --}.
 */
record StatsEntry(String container, String name, String id, double cpuPercent, double memory, double memoryLimit,
                  double memoryPercent, double netRx, double netTx, double blockRead, double blockWrite, long pids,
                  boolean invalid) {

    /** A container asked for that has not reported yet: zeros, no name. */
    static StatsEntry pending(String container) {
        return new StatsEntry(container, "", "", 0, 0, 0, 0, 0, 0, 0, 0, 0, false);
    }

    /** The figures zeroed and marked invalid; the name and ID stay (docker's SetErrorAndReset). */
    StatsEntry invalidated() {
        return new StatsEntry(container, name, id, 0, 0, 0, 0, 0, 0, 0, 0, 0, true);
    }

    static StatsEntry of(String container, ContainerStatsResponse doc) {
        ContainerMemoryStats mem = doc.memory_stats();
        double used = memoryUsageNoCache(mem);
        double limit = mem == null ? 0 : number(mem.limit());
        double[] net = network(doc.networks());
        double[] block = blockIO(doc.blkio_stats());
        long pids = doc.pids_stats() == null ? 0 : number(doc.pids_stats().current());
        return new StatsEntry(container, text(doc.name()), text(doc.id()),
                cpuPercent(doc.precpu_stats(), doc.cpu_stats()), used, limit, memoryPercent(limit, used),
                net[0], net[1], block[0], block[1], pids, false);
    }

    /** CPU time used between the two samples over the machine's, times the online CPUs, in percent. */
    static double cpuPercent(ContainerCPUStats previous, ContainerCPUStats current) {
        if (current == null) {
            return 0;
        }
        double cpuDelta = (double) totalUsage(current) - (double) totalUsage(previous);
        double systemDelta = (double) number(current.system_cpu_usage())
                - (double) (previous == null ? 0 : number(previous.system_cpu_usage()));
        double onlineCpus = number(current.online_cpus());
        if (onlineCpus == 0) {
            onlineCpus = current.cpu_usage() == null || current.cpu_usage().percpu_usage() == null ? 0
                    : current.cpu_usage().percpu_usage().size();
        }
        return systemDelta > 0 && cpuDelta > 0 ? cpuDelta / systemDelta * onlineCpus * 100.0 : 0;
    }

    /** Usage without the page cache: less {@code total_inactive_file} (cgroup v1) or {@code inactive_file} (v2). */
    static double memoryUsageNoCache(ContainerMemoryStats mem) {
        if (mem == null) {
            return 0;
        }
        long usage = number(mem.usage());
        Map<String, Long> stats = mem.stats() == null ? Map.of() : mem.stats();
        Long v1 = stats.get("total_inactive_file");
        if (v1 != null && Long.compareUnsigned(v1, usage) < 0) {
            return usage - v1;
        }
        long v2 = stats.getOrDefault("inactive_file", 0L);
        if (Long.compareUnsigned(v2, usage) < 0) {
            return usage - v2;
        }
        return usage;
    }

    static double memoryPercent(double limit, double used) {
        return limit != 0 ? used / limit * 100.0 : 0;
    }

    /** Bytes read and written: the entries whose operation starts with r/R and w/W. */
    static double[] blockIO(ContainerBlkioStats blkio) {
        long read = 0;
        long write = 0;
        List<ContainerBlkioStatEntry> entries = blkio == null ? null : blkio.io_service_bytes_recursive();
        for (ContainerBlkioStatEntry e : entries == null ? List.<ContainerBlkioStatEntry>of() : entries) {
            if (e.op() == null || e.op().isEmpty()) {
                continue;
            }
            switch (e.op().charAt(0)) {
                case 'r', 'R' -> read += number(e.value());
                case 'w', 'W' -> write += number(e.value());
                default -> { }
            }
        }
        return new double[] {read, write};
    }

    /** Bytes received and sent over every interface. */
    static double[] network(Map<String, ContainerNetworkStats> networks) {
        double rx = 0;
        double tx = 0;
        for (ContainerNetworkStats n : networks == null ? List.<ContainerNetworkStats>of() : networks.values()) {
            rx += number(n.rx_bytes());
            tx += number(n.tx_bytes());
        }
        return new double[] {rx, tx};
    }

    /** The template fields, keyed as docker's stats context names them (in the order {@code {{json .}}} prints them). */
    Map<String, Object> row(boolean trunc) {
        var row = new LinkedHashMap<String, Object>();
        row.put("BlockIO", invalid ? "--" : Sizes.human(blockRead) + " / " + Sizes.human(blockWrite));
        row.put("CPUPerc", invalid ? "--" : percent(cpuPercent));
        row.put("Container", container);
        row.put("ID", trunc ? truncateId(id) : id);
        row.put("MemPerc", invalid ? "--" : percent(memoryPercent));
        row.put("MemUsage", invalid ? "-- / --" : Sizes.bytesSize(memory) + " / " + Sizes.bytesSize(memoryLimit));
        row.put("Name", name.length() > 1 ? name.substring(1) : "--");
        row.put("NetIO", invalid ? "--" : Sizes.human(netRx) + " / " + Sizes.human(netTx));
        row.put("PIDs", invalid ? "--" : Long.toUnsignedString(pids));
        return row;
    }

    /** Go's {@code strconv.FormatFloat(v, 'f', 2, 64)} and a percent sign. */
    static String percent(double value) {
        return new BigDecimal(value).setScale(2, RoundingMode.HALF_EVEN).toPlainString() + "%";
    }

    private static String truncateId(String id) {
        int colon = id.indexOf(':');
        String bare = colon >= 0 ? id.substring(colon + 1) : id;
        return bare.length() > 12 ? bare.substring(0, 12) : bare;
    }

    private static long totalUsage(ContainerCPUStats cpu) {
        return cpu == null || cpu.cpu_usage() == null ? 0 : number(cpu.cpu_usage().total_usage());
    }

    private static long number(Long value) {
        return value == null ? 0 : value;
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
