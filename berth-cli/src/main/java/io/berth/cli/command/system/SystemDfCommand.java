package io.berth.cli.command.system;

import io.berth.api.model.BuildCache;
import io.berth.api.model.ContainerSummary;
import io.berth.api.model.ImageSummary;
import io.berth.api.model.SystemDataUsageResponse;
import io.berth.api.model.Volume;
import io.berth.cli.command.container.BerthCommands;
import io.berth.cli.command.container.PsCommand;
import io.berth.cli.command.container.Sizes;
import io.berth.cli.format.TableFormat;
import io.berth.common.HumanDuration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code berth system df [-v] [--format]}: docker's summary table (TYPE TOTAL ACTIVE SIZE
 * RECLAIMABLE), added up from the API's lists as the docker CLI does, and with {@code -v} its four
 * tables of images, containers, local volumes and build cache.
 */
@Command(name = "df", description = "Show Berth disk usage")
public final class SystemDfCommand implements Callable<Integer> {
    static final String SUMMARY_FORMAT = "table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}";
    static final String IMAGES_FORMAT = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}"
            + "\t{{.SharedSize}}\t{{.UniqueSize}}\t{{.Containers}}";
    static final String CONTAINERS_FORMAT = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}"
            + "\t{{.RunningFor}}\t{{.Status}}\t{{.Names}}";
    static final String VOLUMES_FORMAT = "table {{.Name}}\t{{.Links}}\t{{.Size}}";
    static final String CACHE_FORMAT = "table {{.ID}}\t{{.CacheType}}\t{{.Size}}\t{{.CreatedSince}}"
            + "\t{{.LastUsedSince}}\t{{.UsageCount}}\t{{.Shared}}";

    @Spec
    CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, description = "Show detailed information on space usage")
    boolean verbose;

    @Option(names = "--format", description = "Format output using a custom template")
    String format;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Override
    public Integer call() {
        var usage = BerthCommands.root(spec).client().system().diskUsage(List.of());
        var out = spec.commandLine().getOut();
        out.print(verbose ? verbose(usage, format, Instant.now()) : summary(usage, format));
        out.flush();
        return 0;
    }

    /** The summary: one row per type. */
    static String summary(SystemDataUsageResponse du, String format) {
        String template = format == null || format.isEmpty() || format.equals("table") ? SUMMARY_FORMAT : format;
        var headers = new LinkedHashMap<String, String>();
        headers.put("Type", "TYPE");
        headers.put("TotalCount", "TOTAL");
        headers.put("Active", "ACTIVE");
        headers.put("Size", "SIZE");
        headers.put("Reclaimable", "RECLAIMABLE");
        return TableFormat.of(template, headers).render(summaryRows(du));
    }

    static List<Map<String, Object>> summaryRows(SystemDataUsageResponse du) {
        var rows = new ArrayList<Map<String, Object>>();
        List<ImageSummary> images = orEmpty(du.images());
        long imagesActive = images.stream().filter(i -> i.containers() != null && i.containers() > 0).count();
        String imagesReclaimable;
        long used = 0;
        boolean unknown = false;
        for (ImageSummary i : images) {
            if (i.containers() != null && i.containers() != 0) {
                if (i.size() == null || i.sharedSize() == null || i.size() == -1 || i.sharedSize() == -1) {
                    unknown = true;
                    break;
                }
                used += i.size() - i.sharedSize();
            }
        }
        imagesReclaimable = unknown ? "N/A" : withPercent(du.layersSize() - used, du.layersSize());
        rows.add(row("Images", images.size(), imagesActive, Sizes.humanSize(du.layersSize()), imagesReclaimable));

        List<ContainerSummary> containers = orEmpty(du.containers());
        long containersActive = 0;
        long containersSize = 0;
        long containersReclaimable = 0;
        for (ContainerSummary c : containers) {
            long rw = c.sizeRw() == null ? 0 : c.sizeRw();
            containersSize += rw;
            if (active(c)) {
                containersActive++;
            } else {
                containersReclaimable += rw;
            }
        }
        rows.add(row("Containers", containers.size(), containersActive, Sizes.humanSize(containersSize),
                withPercent(containersReclaimable, containersSize)));

        List<Volume> volumes = orEmpty(du.volumes());
        long volumesActive = 0;
        long volumesSize = 0;
        long volumesReclaimable = 0;
        for (Volume v : volumes) {
            long refs = v.usageData() == null || v.usageData().refCount() == null ? 0 : v.usageData().refCount();
            long size = v.usageData() == null || v.usageData().size() == null ? -1 : v.usageData().size();
            if (refs > 0) {
                volumesActive++;
            }
            if (size != -1) {
                if (refs == 0) {
                    volumesReclaimable += size;
                }
                volumesSize += size;
            }
        }
        rows.add(row("Local Volumes", volumes.size(), volumesActive, Sizes.humanSize(volumesSize),
                withPercent(volumesReclaimable, volumesSize)));

        List<BuildCache> cache = orEmpty(du.buildCache());
        long cacheActive = cache.stream().filter(BuildCache::inUse).count();
        long cacheSize = cache.stream().filter(b -> !b.shared()).mapToLong(BuildCache::size).sum();
        long cacheReclaimable = cache.stream().filter(b -> !b.shared() && !b.inUse()).mapToLong(BuildCache::size).sum();
        rows.add(row("Build Cache", cache.size(), cacheActive, Sizes.humanSize(cacheSize),
                Sizes.humanSize(cacheReclaimable)));
        return rows;
    }

    private static boolean active(ContainerSummary c) {
        String state = c.state() == null ? "" : c.state();
        return state.equals("running") || state.equals("paused") || state.equals("restarting");
    }

    private static String withPercent(long reclaimable, long total) {
        if (total > 0) {
            return Sizes.humanSize(reclaimable) + " (" + (reclaimable * 100) / total + "%)";
        }
        return Sizes.humanSize(reclaimable);
    }

    private static Map<String, Object> row(String type, long total, long active, String size, String reclaimable) {
        var row = new LinkedHashMap<String, Object>();
        row.put("Type", type);
        row.put("TotalCount", Long.toString(total));
        row.put("Active", Long.toString(active));
        row.put("Size", size);
        row.put("Reclaimable", reclaimable);
        return row;
    }

    /** {@code -v}: docker's four tables (or a template over {@code .Images}, {@code .Containers}, …). */
    static String verbose(SystemDataUsageResponse du, String format, Instant now) {
        boolean table = format == null || format.isEmpty() || format.equals("table");
        var images = new ArrayList<Map<String, Object>>();
        for (ImageSummary i : orEmpty(du.images())) {
            images.add(imageRow(i, table, now));
        }
        var containers = new ArrayList<Map<String, Object>>();
        for (ContainerSummary c : orEmpty(du.containers())) {
            var row = PsCommand.row(c, table, now);
            row.put("Size", Sizes.human(c.sizeRw() == null ? 0 : c.sizeRw()));
            long local = c.mounts() == null ? 0 : c.mounts().stream().filter(m -> "local".equals(m.driver())).count();
            row.put("LocalVolumes", Long.toString(local));
            containers.add(row);
        }
        var volumes = new ArrayList<Map<String, Object>>();
        for (Volume v : orEmpty(du.volumes())) {
            var row = new LinkedHashMap<String, Object>();
            row.put("Name", v.name());
            row.put("Driver", v.driver());
            row.put("Scope", v.scope());
            row.put("Mountpoint", v.mountpoint());
            row.put("Links", v.usageData() == null || v.usageData().refCount() == null ? "N/A"
                    : Long.toString(v.usageData().refCount()));
            row.put("Size", v.usageData() == null || v.usageData().size() == null || v.usageData().size() < 0 ? "N/A"
                    : Sizes.humanSize(v.usageData().size()));
            volumes.add(row);
        }
        var cache = new ArrayList<Map<String, Object>>();
        var records = new ArrayList<>(orEmpty(du.buildCache()));
        records.sort(java.util.Comparator.comparing(b -> b.lastUsedAt() == null ? "" : b.lastUsedAt()));
        for (BuildCache b : records) {
            cache.add(cacheRow(b, table, now));
        }
        if (!table) {
            var data = new LinkedHashMap<String, Object>();
            data.put("Images", images);
            data.put("Containers", containers);
            data.put("Volumes", volumes);
            data.put("BuildCache", cache);
            return TableFormat.of(format, Map.of()).renderOne(data);
        }
        var text = new StringBuilder();
        text.append("Images space usage:\n\n");
        text.append(TableFormat.of(IMAGES_FORMAT, imageHeaders()).render(images));
        text.append("\nContainers space usage:\n\n");
        text.append(TableFormat.of(CONTAINERS_FORMAT, containerHeaders()).render(containers));
        text.append("\nLocal Volumes space usage:\n\n");
        text.append(TableFormat.of(VOLUMES_FORMAT, Map.of("Name", "VOLUME NAME", "Links", "LINKS", "Size", "SIZE"))
                .render(volumes));
        text.append("\nBuild cache usage: ").append(Sizes.humanSize(du.builderSize())).append("\n\n");
        text.append(TableFormat.of(CACHE_FORMAT, cacheHeaders()).render(cache));
        return text.toString();
    }

    private static Map<String, Object> imageRow(ImageSummary i, boolean trunc, Instant now) {
        String repo = "<none>";
        String tag = "<none>";
        if (i.repoTags() != null && !i.repoTags().isEmpty() && !i.repoTags().getFirst().equals("<none>:<none>")) {
            String first = i.repoTags().getFirst();
            int colon = first.lastIndexOf(':');
            if (colon > first.lastIndexOf('/')) {
                repo = first.substring(0, colon);
                tag = first.substring(colon + 1);
            }
        }
        var row = new LinkedHashMap<String, Object>();
        row.put("Repository", repo);
        row.put("Tag", tag);
        String id = i.id();
        row.put("ID", trunc ? (id.startsWith("sha256:") ? id.substring(7) : id).substring(0, 12) : id);
        row.put("CreatedSince", HumanDuration.of(Duration.between(Instant.ofEpochSecond(i.created()), now)) + " ago");
        long size = i.size() == null ? 0 : i.size();
        row.put("Size", Sizes.human(size));
        boolean sharedKnown = i.sharedSize() != null && i.sharedSize() != -1;
        row.put("SharedSize", sharedKnown ? Sizes.humanSize(i.sharedSize()) : "N/A");
        row.put("UniqueSize", sharedKnown ? Sizes.humanSize(size - i.sharedSize()) : "N/A");
        row.put("Containers", i.containers() == null || i.containers() == -1 ? "N/A" : Long.toString(i.containers()));
        return row;
    }

    private static Map<String, Object> cacheRow(BuildCache b, boolean trunc, Instant now) {
        var row = new LinkedHashMap<String, Object>();
        String id = trunc && b.id().length() > 12 ? b.id().substring(0, 12) : b.id();
        row.put("ID", b.inUse() ? id + "*" : id);
        row.put("CacheType", b.type());
        row.put("Description", b.description());
        row.put("Size", Sizes.human(b.size()));
        row.put("CreatedSince", since(b.createdAt(), now));
        row.put("LastUsedSince", b.lastUsedAt() == null ? "" : since(b.lastUsedAt(), now));
        row.put("UsageCount", Long.toString(b.usageCount()));
        row.put("InUse", Boolean.toString(b.inUse()));
        row.put("Shared", Boolean.toString(b.shared()));
        return row;
    }

    private static String since(String rfc3339, Instant now) {
        try {
            return HumanDuration.of(Duration.between(Instant.parse(rfc3339), now)) + " ago";
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static Map<String, String> imageHeaders() {
        var h = new LinkedHashMap<String, String>();
        h.put("Repository", "REPOSITORY");
        h.put("Tag", "TAG");
        h.put("ID", "IMAGE ID");
        h.put("CreatedSince", "CREATED");
        h.put("Size", "SIZE");
        h.put("SharedSize", "SHARED SIZE");
        h.put("UniqueSize", "UNIQUE SIZE");
        h.put("Containers", "CONTAINERS");
        return h;
    }

    private static Map<String, String> containerHeaders() {
        var h = new LinkedHashMap<String, String>();
        h.put("ID", "CONTAINER ID");
        h.put("Image", "IMAGE");
        h.put("Command", "COMMAND");
        h.put("LocalVolumes", "LOCAL VOLUMES");
        h.put("Size", "SIZE");
        h.put("RunningFor", "CREATED");
        h.put("Status", "STATUS");
        h.put("Names", "NAMES");
        return h;
    }

    private static Map<String, String> cacheHeaders() {
        var h = new LinkedHashMap<String, String>();
        h.put("ID", "CACHE ID");
        h.put("CacheType", "CACHE TYPE");
        h.put("Size", "SIZE");
        h.put("CreatedSince", "CREATED");
        h.put("LastUsedSince", "LAST USED");
        h.put("UsageCount", "USAGE");
        h.put("Shared", "SHARED");
        return h;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
