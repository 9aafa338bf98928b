package io.berth.cli.command.system;

import io.berth.cli.command.Prompts;
import io.berth.cli.command.container.Sizes;
import io.berth.client.BerthClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The prune calls of {@code container prune}, {@code image prune}, {@code network prune},
 * {@code volume prune} and {@code builder prune}, each giving docker's report text and the space
 * reclaimed, so that {@code system prune} runs them in docker's order and adds the space up.
 */
public final class Prunes {
    /** What one prune printed (empty when nothing went) and the bytes it reclaimed. */
    public record Result(String output, long spaceReclaimed) {}

    private Prunes() {}

    /**
     * A prune command's run, as docker's: the warning to confirm unless {@code force} (a no ends
     * with {@code "<command> has been cancelled"}), then what went and the space reclaimed.
     */
    public static int run(picocli.CommandLine.Model.CommandSpec spec, String command, boolean force, String warning,
                          java.util.function.Supplier<Result> prune) throws IOException {
        var out = spec.commandLine().getOut();
        if (!force && !Prompts.confirm(out, warning)) {
            spec.commandLine().getErr().println(command + " has been cancelled");
            return 0;
        }
        var result = prune.get();
        if (!result.output().isEmpty()) {
            out.println(result.output());
        }
        out.println("Total reclaimed space: " + Sizes.humanSize(result.spaceReclaimed()));
        out.flush();
        return 0;
    }

    public static Result containers(BerthClient client, Map<String, List<String>> filters) {
        var report = client.system().pruneContainers(filters);
        if (report.containersDeleted() == null || report.containersDeleted().isEmpty()) {
            return new Result("", 0);
        }
        var out = new StringBuilder("Deleted Containers:\n");
        report.containersDeleted().forEach(id -> out.append(id).append('\n'));
        return new Result(out.toString(), report.spaceReclaimed());
    }

    public static Result images(BerthClient client, boolean all, Map<String, List<String>> filters) {
        var withDangling = copy(filters);
        withDangling.computeIfAbsent("dangling", _ -> new ArrayList<>()).add(Boolean.toString(!all));
        var report = client.system().pruneImages(withDangling);
        if (report.imagesDeleted() == null || report.imagesDeleted().isEmpty()) {
            return new Result("", 0);
        }
        var out = new StringBuilder("Deleted Images:\n");
        for (var item : report.imagesDeleted()) {
            if (item.untagged() != null && !item.untagged().isEmpty()) {
                out.append("untagged: ").append(item.untagged()).append('\n');
            } else {
                out.append("deleted: ").append(item.deleted()).append('\n');
            }
        }
        return new Result(out.toString(), report.spaceReclaimed());
    }

    public static Result networks(BerthClient client, Map<String, List<String>> filters) {
        var deleted = client.networks().prune(filters);
        if (deleted == null || deleted.isEmpty()) {
            return new Result("", 0);
        }
        var out = new StringBuilder("Deleted Networks:\n");
        deleted.forEach(name -> out.append(name).append('\n'));
        return new Result(out.toString(), 0);
    }

    /** Anonymous volumes only, as {@code system prune --volumes} (docker's volume pruner without {@code all}). */
    public static Result volumes(BerthClient client, Map<String, List<String>> filters) {
        var report = client.volumes().prune(filters);
        if (report.volumesDeleted().isEmpty()) {
            return new Result("", 0);
        }
        var out = new StringBuilder("Deleted Volumes:\n");
        report.volumesDeleted().forEach(name -> out.append(name).append('\n'));
        return new Result(out.toString(), report.spaceReclaimed());
    }

    public static Result buildCache(BerthClient client, boolean all, long keepStorage,
                                    Map<String, List<String>> filters) {
        var report = client.system().pruneBuildCache(all, keepStorage, filters);
        var out = new StringBuilder();
        if (report.cachesDeleted() != null && !report.cachesDeleted().isEmpty()) {
            out.append("Deleted build cache objects:\n");
            report.cachesDeleted().forEach(id -> out.append(id).append('\n'));
        }
        return new Result(out.toString(), report.spaceReclaimed());
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> filters) {
        var out = new LinkedHashMap<String, List<String>>();
        filters.forEach((k, v) -> out.put(k, new ArrayList<>(v)));
        return out;
    }
}
