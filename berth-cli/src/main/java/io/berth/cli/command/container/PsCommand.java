package io.berth.cli.command.container;

import io.berth.api.model.ContainerListOptions;
import io.berth.api.model.ContainerSummary;
import io.berth.api.model.PortSummary;
import io.berth.cli.command.Filters;
import io.berth.cli.format.TableFormat;
import io.berth.cli.format.TemplateMethod;
import io.berth.common.HumanDuration;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code berth ps}: docker's table, {@code -q}, {@code --format}. */
@Command(name = "ps", description = "List containers")
public final class PsCommand implements Callable<Integer> {
    static final String DEFAULT_FORMAT =
            "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";
    static final Map<String, String> HEADERS = headers();
    private static final DateTimeFormatter CREATED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z z");

    @Spec
    CommandSpec spec;

    @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running)")
    boolean all;

    @Option(names = {"-q", "--quiet"}, description = "Only display container IDs")
    boolean quiet;

    @Option(names = {"-n", "--last"}, description = "Show n last created containers (includes all states)",
            defaultValue = "-1")
    int last;

    @Option(names = {"-l", "--latest"}, description = "Show the latest created container (includes all states)")
    boolean latest;

    @Option(names = {"-f", "--filter"}, description = "Filter output based on conditions provided")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", description = "Format output using a custom template")
    String format;

    @Option(names = "--no-trunc", description = "Don't truncate output")
    boolean noTrunc;

    @Option(names = {"-s", "--size"}, description = "Display total file sizes")
    boolean size;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Override
    public Integer call() {
        int limit = latest ? 1 : last;
        var options = new ContainerListOptions(all, limit > 0 ? OptionalInt.of(limit) : OptionalInt.empty(),
                size || wantsSize(), Filters.parse(filters));
        List<ContainerSummary> containers = BerthCommands.root(spec).client().containers().list(options);
        var out = spec.commandLine().getOut();
        if (quiet && format == null) {
            for (ContainerSummary c : containers) {
                out.println(noTrunc ? c.id() : c.id().substring(0, 12));
            }
            return 0;
        }
        String template = format != null ? format : size ? DEFAULT_FORMAT + "\t{{.Size}}" : DEFAULT_FORMAT;
        var rows = containers.stream().map(c -> row(c, !noTrunc, Instant.now())).toList();
        out.print(TableFormat.of(template, HEADERS).render(rows));
        out.flush();
        return 0;
    }

    private boolean wantsSize() {
        return format != null && format.contains(".Size");
    }

    static Map<String, String> headers() {
        var h = new LinkedHashMap<String, String>();
        h.put("ID", "CONTAINER ID");
        h.put("Image", "IMAGE");
        h.put("Command", "COMMAND");
        h.put("CreatedAt", "CREATED AT");
        h.put("RunningFor", "CREATED");
        h.put("Ports", "PORTS");
        h.put("Status", "STATUS");
        h.put("Size", "SIZE");
        h.put("Names", "NAMES");
        h.put("Labels", "LABELS");
        h.put("Label", "LABEL");
        h.put("Mounts", "MOUNTS");
        h.put("Networks", "NETWORKS");
        h.put("State", "STATE");
        h.put("LocalVolumes", "LOCAL VOLUMES");
        return h;
    }

    /** The fields docker's container formatting context offers. */
    public static Map<String, Object> row(ContainerSummary c, boolean trunc, Instant now) {
        var row = new LinkedHashMap<String, Object>();
        row.put("ID", trunc ? c.id().substring(0, 12) : c.id());
        row.put("Image", c.image());
        String command = c.command() == null ? "" : c.command();
        row.put("Command", GoQuote.quote(trunc ? ellipsis(command, 20) : command));
        Instant created = Instant.ofEpochSecond(c.created());
        row.put("CreatedAt", CREATED_AT.format(created.atZone(ZoneId.systemDefault())));
        row.put("RunningFor", HumanDuration.of(Duration.between(created, now)) + " ago");
        row.put("Ports", ports(c.ports()));
        row.put("Status", c.status());
        row.put("State", c.state());
        String size = c.sizeRw() == null ? "" : Sizes.human(c.sizeRw())
                + " (virtual " + Sizes.human(c.sizeRootFs() == null ? 0 : c.sizeRootFs()) + ")";
        row.put("Size", size);
        row.put("Names", c.names() == null ? "" : c.names().stream().map(n -> n.startsWith("/") ? n.substring(1) : n)
                .filter(n -> !n.contains("/")).collect(Collectors.joining(",")));
        Map<String, String> labels = c.labels() == null ? Map.of() : new TreeMap<>(c.labels());
        row.put("Labels", labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(",")));
        row.put("Label", (TemplateMethod) args -> args.isEmpty() ? "" : labels.getOrDefault(String.valueOf(args.getFirst()), ""));
        row.put("Mounts", "");
        row.put("Networks", c.networkSettings() == null || c.networkSettings().networks() == null ? ""
                : String.join(",", new TreeMap<>(c.networkSettings().networks()).keySet()));
        row.put("LocalVolumes", "0");
        return row;
    }

    static String ellipsis(String s, int max) {
        int[] codePoints = s.codePoints().toArray();
        if (codePoints.length <= max) {
            return s;
        }
        return new String(codePoints, 0, max - 1) + "…";
    }

    /**
     * docker's port column: consecutive ports grouped into ranges ({@code 8000-8001/tcp},
     * {@code 0.0.0.0:80-81->80-81/tcp}), then the ports published elsewhere ({@code 0.0.0.0:8080->80/tcp}).
     */
    static String ports(List<PortSummary> ports) {
        if (ports == null || ports.isEmpty()) {
            return "";
        }
        var sorted = new ArrayList<>(ports);
        sorted.sort(java.util.Comparator.comparingLong((PortSummary p) -> number(p.privatePort()))
                .thenComparing(p -> text(p.ip()))
                .thenComparingLong(p -> number(p.publicPort()))
                .thenComparing(p -> text(p.type())));
        var groups = new LinkedHashMap<String, long[]>(); // key (type, or ip/type) → first and last port
        var result = new ArrayList<String>();
        var elsewhere = new ArrayList<String>();
        for (PortSummary p : sorted) {
            long port = number(p.privatePort());
            String type = text(p.type());
            String key = type;
            String ip = text(p.ip());
            if (!ip.isEmpty()) {
                if (number(p.publicPort()) != port) {
                    String host = ip.contains(":") ? "[" + ip + "]" : ip;
                    elsewhere.add(host + ":" + number(p.publicPort()) + "->" + port + "/" + type);
                    continue;
                }
                key = ip + "/" + type;
            }
            long[] group = groups.get(key);
            if (group != null && port == group[1] + 1) {
                group[1] = port;
                continue;
            }
            if (group != null) {
                result.add(portGroup(key, group[0], group[1]));
            }
            groups.put(key, new long[] {port, port});
        }
        groups.forEach((key, group) -> result.add(portGroup(key, group[0], group[1])));
        result.addAll(elsewhere);
        return String.join(", ", result);
    }

    private static String portGroup(String key, long first, long last) {
        int slash = key.lastIndexOf('/');
        String ip = slash < 0 ? "" : key.substring(0, slash);
        String type = key.substring(slash + 1);
        String range = first == last ? Long.toString(first) : first + "-" + last;
        return (ip.isEmpty() ? range : ip + ":" + range + "->" + range) + "/" + type;
    }

    private static long number(Long n) {
        return n == null ? 0 : n;
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
