package io.berth.cli.command.image;

import io.berth.api.model.ImageListOptions;
import io.berth.api.model.ImageSummary;
import io.berth.cli.command.Filters;
import io.berth.cli.command.container.BerthCommands;
import io.berth.cli.command.container.Sizes;
import io.berth.cli.format.TableFormat;
import io.berth.common.HumanDuration;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
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

/** {@code berth images} / {@code berth image ls}. */
@Command(name = "images", description = "List images")
public final class ImagesCommand implements Callable<Integer> {
    static final String DEFAULT_FORMAT = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";
    private static final DateTimeFormatter CREATED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z z");

    @Spec
    CommandSpec spec;

    @Option(names = {"-a", "--all"}, description = "Show all images (default hides intermediate images)")
    boolean all;

    @Option(names = {"-q", "--quiet"}, description = "Only show image IDs")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Don't truncate output")
    boolean noTrunc;

    @Option(names = "--digests", description = "Show digests")
    boolean digests;

    @Option(names = {"-f", "--filter"}, description = "Filter output based on conditions provided")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", description = "Format output using a custom template")
    String format;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(arity = "0..1", paramLabel = "REPOSITORY[:TAG]")
    String reference;

    @Override
    public Integer call() {
        var filterMap = new LinkedHashMap<>(Filters.parse(filters));
        if (reference != null) {
            filterMap.computeIfAbsent("reference", _ -> new ArrayList<>()).add(reference);
        }
        List<ImageSummary> images = BerthCommands.root(spec).client().images()
                .list(new ImageListOptions(all, filterMap, digests));
        var out = spec.commandLine().getOut();
        var rows = new ArrayList<Map<String, Object>>();
        var now = Instant.now();
        for (ImageSummary image : images) {
            var tags = image.repoTags() == null || image.repoTags().isEmpty() ? List.of("<none>:<none>") : image.repoTags();
            for (String tag : tags) {
                rows.add(row(image, tag, now));
            }
        }
        if (quiet && format == null) {
            var seen = new java.util.LinkedHashSet<String>();
            for (var row : rows) {
                seen.add((String) row.get("ID"));
            }
            seen.forEach(out::println);
            return 0;
        }
        String template = format != null ? format
                : digests ? "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}"
                : DEFAULT_FORMAT;
        out.print(TableFormat.of(template, headers()).render(rows));
        out.flush();
        return 0;
    }

    private Map<String, Object> row(ImageSummary image, String repoTag, Instant now) {
        int colon = repoTag.lastIndexOf(':');
        var row = new LinkedHashMap<String, Object>();
        String id = image.id();
        row.put("ID", noTrunc ? id : id.substring(7, 19));
        row.put("Repository", repoTag.substring(0, colon));
        row.put("Tag", repoTag.substring(colon + 1));
        row.put("Digest", image.repoDigests() == null || image.repoDigests().isEmpty() ? "<none>"
                : image.repoDigests().getFirst().substring(image.repoDigests().getFirst().indexOf('@') + 1));
        Instant created = Instant.ofEpochSecond(image.created());
        row.put("CreatedSince", HumanDuration.of(Duration.between(created, now)) + " ago");
        row.put("CreatedAt", CREATED_AT.format(created.atZone(ZoneId.systemDefault())));
        row.put("Size", Sizes.human(image.size()));
        row.put("SharedSize", "N/A");
        row.put("UniqueSize", "N/A");
        row.put("VirtualSize", Sizes.human(image.size()));
        row.put("Containers", "N/A");
        return row;
    }

    static Map<String, String> headers() {
        var h = new LinkedHashMap<String, String>();
        h.put("Repository", "REPOSITORY");
        h.put("Tag", "TAG");
        h.put("Digest", "DIGEST");
        h.put("ID", "IMAGE ID");
        h.put("CreatedSince", "CREATED");
        h.put("CreatedAt", "CREATED AT");
        h.put("Size", "SIZE");
        h.put("SharedSize", "SHARED SIZE");
        h.put("UniqueSize", "UNIQUE SIZE");
        h.put("VirtualSize", "VIRTUAL SIZE");
        h.put("Containers", "CONTAINERS");
        return h;
    }
}
