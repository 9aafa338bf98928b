package io.berth.cli.command.volume;

import io.berth.api.model.Volume;
import io.berth.cli.command.Filters;
import io.berth.cli.command.container.BerthCommands;
import io.berth.cli.format.TableFormat;
import io.berth.cli.format.TemplateMethod;
import java.util.ArrayList;
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

/** {@code berth volume ls}: docker's columns, sorted by name as docker sorts them (numbers by value). */
@Command(name = "ls", description = "List volumes")
public final class VolumeLsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--filter"}, description = "Provide filter values (e.g. \"dangling=true\")")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", description = "Format output using a custom template")
    String format;

    @Option(names = {"-q", "--quiet"}, description = "Only display volume names")
    boolean quiet;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Override
    public Integer call() {
        var response = BerthCommands.root(spec).client().volumes().list(Filters.parse(filters));
        var volumes = new ArrayList<>(response.volumes() == null ? List.<Volume>of() : response.volumes());
        volumes.sort((a, b) -> naturalCompare(a.name(), b.name()));
        var out = spec.commandLine().getOut();
        if (response.warnings() != null) {
            response.warnings().forEach(w -> spec.commandLine().getErr().println(w));
        }
        if (quiet && format == null) {
            volumes.forEach(v -> out.println(v.name()));
            out.flush();
            return 0;
        }
        var rows = new ArrayList<Map<String, Object>>();
        for (Volume v : volumes) {
            rows.add(row(v));
        }
        String template = format != null && !format.isEmpty() ? format
                : quiet ? "{{.Name}}" : "table {{.Driver}}\t{{.Name}}";
        out.print(TableFormat.of(template, headers()).render(rows));
        out.flush();
        return 0;
    }

    static Map<String, Object> row(Volume v) {
        var row = new LinkedHashMap<String, Object>();
        Map<String, String> labels = v.labels() == null ? Map.of() : new TreeMap<>(v.labels());
        row.put("Name", v.name());
        row.put("Driver", v.driver());
        row.put("Scope", v.scope());
        row.put("Mountpoint", v.mountpoint());
        row.put("Labels", labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(",")));
        row.put("Label", (TemplateMethod) args ->
                args.isEmpty() ? "" : labels.getOrDefault(String.valueOf(args.getFirst()), ""));
        boolean usage = v.usageData() != null && v.usageData().refCount() != null && v.usageData().refCount() >= 0;
        row.put("Links", usage ? Long.toString(v.usageData().refCount()) : "N/A");
        row.put("Size", v.usageData() != null && v.usageData().size() != null && v.usageData().size() >= 0
                ? io.berth.cli.command.container.Sizes.human(v.usageData().size()) : "N/A");
        return row;
    }

    static Map<String, String> headers() {
        var headers = new LinkedHashMap<String, String>();
        headers.put("Name", "VOLUME NAME");
        headers.put("Driver", "DRIVER");
        headers.put("Scope", "SCOPE");
        headers.put("Mountpoint", "MOUNTPOINT");
        headers.put("Labels", "LABELS");
        headers.put("Links", "LINKS");
        headers.put("Size", "SIZE");
        return headers;
    }

    /** github.com/fvbommel/sortorder's NaturalLess, as docker sorts volume names. */
    static int naturalCompare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && a.charAt(i) == '0') {
                    i++;
                }
                while (j < b.length() && b.charAt(j) == '0') {
                    j++;
                }
                int ni = i;
                int nj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                int byLength = Integer.compare(i - ni, j - nj);
                if (byLength != 0) {
                    return byLength;
                }
                int byDigits = a.substring(ni, i).compareTo(b.substring(nj, j));
                if (byDigits != 0) {
                    return byDigits;
                }
                int byZeros = Integer.compare(ni - si, nj - sj);
                if (byZeros != 0) {
                    return byZeros;
                }
                continue;
            }
            if (ca != cb) {
                return Character.compare(ca, cb);
            }
            i++;
            j++;
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
