package io.berth.cli.command.image;

import io.berth.cli.command.container.BerthCommands;
import io.berth.cli.command.container.Sizes;
import io.berth.cli.format.TableFormat;
import io.berth.common.HumanDuration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth history IMAGE}. */
@Command(name = "history", description = "Show the history of an image")
public final class HistoryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-q", "--quiet"}, description = "Only show image IDs")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Don't truncate output")
    boolean noTrunc;

    @Option(names = "--format", description = "Format output using a custom template")
    String format;

    @Option(names = {"-H", "--human"}, negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Print sizes and dates in human readable format")
    boolean human;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(index = "0", paramLabel = "IMAGE")
    String image;

    @Override
    public Integer call() {
        var history = BerthCommands.root(spec).client().images().history(image);
        var rows = new ArrayList<Map<String, Object>>();
        var now = Instant.now();
        for (var item : history) {
            var row = new LinkedHashMap<String, Object>();
            String id = item.id();
            row.put("ID", noTrunc || !id.startsWith("sha256:") ? id : id.substring(7, 19));
            row.put("CreatedSince", HumanDuration.of(Duration.between(Instant.ofEpochSecond(item.created()), now)) + " ago");
            row.put("CreatedAt", Instant.ofEpochSecond(item.created()).toString());
            String by = item.createdBy() == null ? "" : item.createdBy();
            row.put("CreatedBy", noTrunc || by.length() <= 45 ? by : by.substring(0, 44) + "…");
            row.put("Size", human ? Sizes.human(item.size()) : Long.toString(item.size()));
            row.put("Comment", item.comment() == null ? "" : item.comment());
            rows.add(row);
        }
        var out = spec.commandLine().getOut();
        if (quiet && format == null) {
            rows.forEach(r -> out.println(r.get("ID")));
            return 0;
        }
        var headers = new LinkedHashMap<String, String>();
        headers.put("ID", "IMAGE");
        headers.put("CreatedSince", "CREATED");
        headers.put("CreatedAt", "CREATED AT");
        headers.put("CreatedBy", "CREATED BY");
        headers.put("Size", "SIZE");
        headers.put("Comment", "COMMENT");
        String template = format != null ? format
                : "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";
        out.print(TableFormat.of(template, headers).render(rows));
        out.flush();
        return 0;
    }
}
