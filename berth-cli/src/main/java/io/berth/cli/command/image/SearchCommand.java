package io.berth.cli.command.image;

import io.berth.api.model.ImageSearchResponseItem;
import io.berth.cli.command.Filters;
import io.berth.cli.command.container.BerthCommands;
import io.berth.cli.format.TableFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth search [--limit N] [--filter ...] [--format] [--no-trunc] TERM}: docker's columns. */
@Command(name = "search", description = "Search a registry for images")
public final class SearchCommand implements Callable<Integer> {
    static final String DEFAULT_FORMAT = "table {{.Name}}\t{{.Description}}\t{{.StarCount}}\t{{.IsOfficial}}";

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--filter"}, description = "Filter output based on conditions provided")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", description = "Pretty-print search using a Go template")
    String format;

    @Option(names = "--limit", description = "Max number of search results")
    int limit;

    @Option(names = "--no-trunc", description = "Don't truncate output")
    boolean noTrunc;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(index = "0", paramLabel = "TERM")
    String term;

    @Override
    public Integer call() {
        var results = BerthCommands.root(spec).client().system().search(term, limit, Filters.parse(filters));
        var rows = new ArrayList<Map<String, Object>>();
        for (ImageSearchResponseItem item : results) {
            rows.add(row(item, !noTrunc));
        }
        var out = spec.commandLine().getOut();
        String template = format == null || format.isEmpty() ? DEFAULT_FORMAT : format;
        out.print(TableFormat.of(template, headers()).render(rows));
        out.flush();
        return 0;
    }

    static Map<String, Object> row(ImageSearchResponseItem item, boolean trunc) {
        var row = new LinkedHashMap<String, Object>();
        row.put("Name", item.name());
        String description = item.description() == null ? "" : item.description().replace("\n", " ");
        if (trunc && description.codePointCount(0, description.length()) > 45) {
            int end = description.offsetByCodePoints(0, 44);
            description = description.substring(0, end) + "…";
        }
        row.put("Description", description);
        row.put("StarCount", Long.toString(item.starCount()));
        row.put("IsOfficial", item.isOfficial() ? "[OK]" : "");
        row.put("IsAutomated", item.isAutomated() ? "[OK]" : "");
        return row;
    }

    static Map<String, String> headers() {
        var h = new LinkedHashMap<String, String>();
        h.put("Name", "NAME");
        h.put("Description", "DESCRIPTION");
        h.put("StarCount", "STARS");
        h.put("IsOfficial", "OFFICIAL");
        h.put("IsAutomated", "AUTOMATED");
        return h;
    }
}
