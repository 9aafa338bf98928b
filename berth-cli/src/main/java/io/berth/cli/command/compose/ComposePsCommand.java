package io.berth.cli.command.compose;

import io.berth.api.model.ContainerSummary;
import io.berth.cli.command.container.PsCommand;
import io.berth.cli.format.TableFormat;
import io.berth.compose.project.ComposeService;
import io.berth.compose.project.Labels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth compose ps}: the project's containers. */
@Command(name = "ps", description = "List containers")
final class ComposePsCommand extends ComposeSubcommand {
    static final String FORMAT = "table {{.Name}}\t{{.Image}}\t{{.Command}}\t{{.Service}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}";

    @Option(names = {"-a", "--all"}, description = "Show all stopped containers (including those created by the run command)")
    boolean all;

    @Option(names = {"-q", "--quiet"}, description = "Only display IDs")
    boolean quiet;

    @Option(names = "--services", description = "Display services")
    boolean servicesOnly;

    @Option(names = "--status", paramLabel = "STATUS", description = "Filter services by status. Values: [paused | restarting | removing | running | dead | created | exited]")
    List<String> status = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", description = "Format output using a custom template: 'table', 'table TEMPLATE', 'json', 'TEMPLATE'")
    String format = "table";

    @Option(names = "--no-trunc", description = "Don't truncate output")
    boolean noTrunc;

    @Option(names = "--orphans", negatable = true, defaultValue = "true", fallbackValue = "true", description = "Include orphaned services (not declared by project)")
    boolean orphans;

    @Parameters(paramLabel = "SERVICE", arity = "0..*")
    List<String> services = new ArrayList<>();

    @Override
    int run() {
        String project = compose.projectName(spec);
        var containers = compose.service(spec).containers(project, all || !status.isEmpty(), services).stream()
                .filter(c -> status.isEmpty() || status.contains(c.state()))
                .filter(c -> all || !"True".equals(ComposeService.label(c, Labels.ONEOFF))).toList();
        var out = spec.commandLine().getOut();
        if (servicesOnly) {
            var names = new LinkedHashSet<String>();
            containers.forEach(c -> names.add(ComposeService.label(c, Labels.SERVICE)));
            names.forEach(out::println);
            out.flush();
            return 0;
        }
        if (quiet) {
            containers.forEach(c -> out.println(noTrunc ? c.id() : c.id()));
            out.flush();
            return 0;
        }
        var now = Instant.now();
        var rows = containers.stream().map(c -> row(c, now)).toList();
        if (format.equals("json")) {
            for (var row : rows) {
                out.println(io.berth.common.Json.write(jsonRow(row)));
            }
            out.flush();
            return 0;
        }
        String template = format.equals("table") ? FORMAT : format;
        out.print(TableFormat.of(template, headers()).render(rows));
        out.flush();
        return 0;
    }

    private Map<String, Object> row(ContainerSummary c, Instant now) {
        var row = new LinkedHashMap<String, Object>(PsCommand.row(c, !noTrunc, now));
        row.put("Name", ComposeService.name(c));
        row.put("Service", ComposeService.label(c, Labels.SERVICE));
        row.put("Project", ComposeService.label(c, Labels.PROJECT));
        row.put("Publishers", "");
        row.put("ExitCode", "");
        return row;
    }

    private static Map<String, Object> jsonRow(Map<String, Object> row) {
        var out = new LinkedHashMap<String, Object>();
        for (String key : List.of("Command", "CreatedAt", "ID", "Image", "Labels", "Name", "Names", "Networks", "Ports",
                "Project", "RunningFor", "Service", "Size", "State", "Status")) {
            out.put(key, row.get(key));
        }
        return out;
    }

    private static Map<String, String> headers() {
        var h = new LinkedHashMap<String, String>();
        h.put("Name", "NAME");
        h.put("Image", "IMAGE");
        h.put("Command", "COMMAND");
        h.put("Service", "SERVICE");
        h.put("RunningFor", "CREATED");
        h.put("Status", "STATUS");
        h.put("Ports", "PORTS");
        h.put("ID", "CONTAINER ID");
        h.put("State", "STATE");
        h.put("Project", "PROJECT");
        h.put("Names", "NAMES");
        h.put("CreatedAt", "CREATED AT");
        h.put("Labels", "LABELS");
        h.put("Networks", "NETWORKS");
        return h;
    }
}
