package io.berth.daemon.routes;

import io.berth.api.model.ContainerBlkioStatEntry;
import io.berth.api.model.ContainerMemoryStats;
import io.berth.api.model.ContainerNetworkStats;
import io.berth.api.model.ContainerStatsResponse;
import io.berth.daemon.http.Response;
import io.berth.daemon.http.Router;
import io.berth.engine.stats.StatsService;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * {@code GET /metrics} on daemon.json's {@code metrics-addr}: the containers' states (Docker's
 * {@code engine_daemon_container_states_containers}) and each running container's CPU, memory, pids,
 * network and block I/O in Prometheus' text format, named as cAdvisor names them.
 */
public final class MetricsRoutes implements Router.RouteGroup {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StatsService stats;

    public MetricsRoutes(StatsService stats) {
        this.stats = stats;
    }

    @Override
    public void register(Router.Builder r) {
        r.add("GET", "/metrics", _ -> new Response.Bytes(200, CONTENT_TYPE,
                render(stats.snapshot()).getBytes(StandardCharsets.UTF_8)));
    }

    /** One sample: its labels and its value, already formatted. */
    private record Sample(Map<String, String> labels, String value) {}

    static String render(StatsService.Snapshot snapshot) {
        var out = new StringBuilder();
        family(out, "engine_daemon_container_states_containers", "gauge", "The count of containers in various states",
                List.of(new Sample(Map.of("state", "paused"), Integer.toString(snapshot.pausedCount())),
                        new Sample(Map.of("state", "running"), Integer.toString(snapshot.runningCount())),
                        new Sample(Map.of("state", "stopped"), Integer.toString(snapshot.stoppedCount()))));
        var docs = snapshot.running();
        perContainer(out, docs, "container_cpu_usage_seconds_total", "counter", "Cumulative CPU time consumed",
                d -> seconds(d.cpu_stats().cpu_usage().total_usage()));
        perContainer(out, docs, "container_cpu_user_seconds_total", "counter", "Cumulative user CPU time consumed",
                d -> seconds(d.cpu_stats().cpu_usage().usage_in_usermode()));
        perContainer(out, docs, "container_cpu_system_seconds_total", "counter", "Cumulative system CPU time consumed",
                d -> seconds(d.cpu_stats().cpu_usage().usage_in_kernelmode()));
        perContainer(out, docs, "container_cpu_cfs_periods_total", "counter", "Elapsed CFS enforcement periods",
                d -> number(d.cpu_stats().throttling_data().periods()));
        perContainer(out, docs, "container_cpu_cfs_throttled_periods_total", "counter", "Throttled CFS periods",
                d -> number(d.cpu_stats().throttling_data().throttled_periods()));
        perContainer(out, docs, "container_cpu_cfs_throttled_seconds_total", "counter", "Total time throttled",
                d -> seconds(d.cpu_stats().throttling_data().throttled_time()));
        perContainer(out, docs, "container_memory_usage_bytes", "gauge", "Current memory usage, page cache included",
                d -> number(d.memory_stats().usage()));
        perContainer(out, docs, "container_memory_working_set_bytes", "gauge",
                "Current memory usage less inactive file pages (what docker stats shows)",
                d -> number(workingSet(d.memory_stats())));
        perContainer(out, docs, "container_memory_failcnt", "counter", "Times the memory limit was hit",
                d -> number(d.memory_stats().failcnt()));
        perContainer(out, docs, "container_spec_memory_limit_bytes", "gauge",
                "Memory limit (the machine's memory when there is none)", d -> number(d.memory_stats().limit()));
        perContainer(out, docs, "container_pids", "gauge", "Number of processes and threads",
                d -> number(d.pids_stats().current()));
        network(out, docs, "container_network_receive_bytes_total", "Bytes received", ContainerNetworkStats::rx_bytes);
        network(out, docs, "container_network_receive_packets_total", "Packets received",
                ContainerNetworkStats::rx_packets);
        network(out, docs, "container_network_receive_errors_total", "Errors while receiving",
                ContainerNetworkStats::rx_errors);
        network(out, docs, "container_network_receive_packets_dropped_total", "Packets dropped while receiving",
                ContainerNetworkStats::rx_dropped);
        network(out, docs, "container_network_transmit_bytes_total", "Bytes sent", ContainerNetworkStats::tx_bytes);
        network(out, docs, "container_network_transmit_packets_total", "Packets sent",
                ContainerNetworkStats::tx_packets);
        network(out, docs, "container_network_transmit_errors_total", "Errors while sending",
                ContainerNetworkStats::tx_errors);
        network(out, docs, "container_network_transmit_packets_dropped_total", "Packets dropped while sending",
                ContainerNetworkStats::tx_dropped);
        var blkio = new ArrayList<Sample>();
        for (var d : docs) {
            var entries = d.blkio_stats() == null ? null : d.blkio_stats().io_service_bytes_recursive();
            for (ContainerBlkioStatEntry e : entries == null ? List.<ContainerBlkioStatEntry>of() : entries) {
                var labels = labels(d);
                labels.put("device", e.major() + ":" + e.minor());
                labels.put("operation", e.op());
                blkio.add(new Sample(labels, number(e.value())));
            }
        }
        family(out, "container_blkio_device_usage_total", "counter", "Bytes read and written per device", blkio);
        return out.toString();
    }

    private static void perContainer(StringBuilder out, List<ContainerStatsResponse> docs, String name, String type,
                                     String help, Function<ContainerStatsResponse, String> value) {
        family(out, name, type, help, docs.stream().map(d -> new Sample(labels(d), value.apply(d))).toList());
    }

    private static void network(StringBuilder out, List<ContainerStatsResponse> docs, String name, String help,
                                Function<ContainerNetworkStats, Long> value) {
        var samples = new ArrayList<Sample>();
        for (var d : docs) {
            if (d.networks() == null) {
                continue;
            }
            new TreeMap<>(d.networks()).forEach((iface, n) -> {
                var labels = labels(d);
                labels.put("interface", iface);
                samples.add(new Sample(labels, number(value.apply(n))));
            });
        }
        family(out, name, "counter", help, samples);
    }

    private static void family(StringBuilder out, String name, String type, String help, List<Sample> samples) {
        if (samples.isEmpty()) {
            return;
        }
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        for (Sample s : samples) {
            out.append(name).append('{');
            boolean first = true;
            for (var label : s.labels().entrySet()) {
                out.append(first ? "" : ",").append(label.getKey()).append("=\"").append(escape(label.getValue()))
                        .append('"');
                first = false;
            }
            out.append("} ").append(s.value()).append('\n');
        }
    }

    private static LinkedHashMap<String, String> labels(ContainerStatsResponse d) {
        var labels = new LinkedHashMap<String, String>();
        labels.put("id", d.id());
        labels.put("name", d.name() != null && d.name().startsWith("/") ? d.name().substring(1) : d.name());
        return labels;
    }

    private static long workingSet(ContainerMemoryStats memory) {
        long usage = memory.usage() == null ? 0 : memory.usage();
        Map<String, Long> stats = memory.stats() == null ? Map.of() : memory.stats();
        long inactive = stats.getOrDefault("total_inactive_file", stats.getOrDefault("inactive_file", 0L));
        return inactive < usage ? usage - inactive : usage;
    }

    /** Prometheus label values escape backslash, double quote and newline. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String seconds(Long nanos) {
        return nanos == null ? "0" : BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString();
    }

    private static String number(Long value) {
        return value == null ? "0" : Long.toString(value);
    }
}
