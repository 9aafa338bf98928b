package io.berth.cli.command.network;

import io.berth.api.model.Network;
import io.berth.cli.command.Filters;
import io.berth.cli.command.container.BerthCommands;
import io.berth.cli.format.TableFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code berth network ls}. */
@Command(name = "ls", description = "List networks")
public final class NetworkLsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--filter"}, description = "Provide filter values (e.g. \"driver=bridge\")")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", description = "Format output using a custom template")
    String format;

    @Option(names = {"-q", "--quiet"}, description = "Only display network IDs")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Do not truncate the output")
    boolean noTrunc;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Override
    public Integer call() {
        var networks = new ArrayList<>(BerthCommands.root(spec).client().networks().list(Filters.parse(filters)));
        networks.sort(Comparator.comparing(Network::name));
        var out = spec.commandLine().getOut();
        if (quiet && format == null) {
            networks.forEach(n -> out.println(noTrunc ? n.id() : n.id().substring(0, 12)));
            return 0;
        }
        var rows = new ArrayList<Map<String, Object>>();
        for (Network n : networks) {
            var row = new LinkedHashMap<String, Object>();
            row.put("ID", noTrunc ? n.id() : n.id().substring(0, 12));
            row.put("Name", n.name());
            row.put("Driver", n.driver());
            row.put("Scope", n.scope());
            row.put("IPv6", String.valueOf(n.enableIPv6()));
            row.put("Internal", String.valueOf(n.internal()));
            row.put("CreatedAt", n.created());
            Map<String, String> labels = n.labels() == null ? Map.of() : new TreeMap<>(n.labels());
            row.put("Labels", labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(",")));
            row.put("Label", (io.berth.cli.format.TemplateMethod) args ->
                    args.isEmpty() ? "" : labels.getOrDefault(String.valueOf(args.getFirst()), ""));
            rows.add(row);
        }
        var headers = new LinkedHashMap<String, String>();
        headers.put("ID", "NETWORK ID");
        headers.put("Name", "NAME");
        headers.put("Driver", "DRIVER");
        headers.put("Scope", "SCOPE");
        headers.put("IPv6", "IPV6");
        headers.put("Internal", "INTERNAL");
        headers.put("CreatedAt", "CREATED");
        headers.put("Labels", "LABELS");
        String template = format != null ? format : "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}";
        out.print(TableFormat.of(template, headers).render(rows));
        out.flush();
        return 0;
    }
}
