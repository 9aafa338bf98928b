package io.berth.cli.command.container;

import io.berth.api.model.ContainerListOptions;
import io.berth.api.model.ContainerSummary;
import io.berth.cli.ExitCodes;
import io.berth.cli.Terminal;
import io.berth.cli.format.TableFormat;
import io.berth.client.ContainersClient;
import io.berth.common.BerthException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth stats}: docker's live table of CPU, memory, network, block I/O and PIDs per container,
 * redrawn in place on a terminal; {@code --no-stream} prints it once. Without names it shows the
 * running containers (all with {@code -a}) and follows them as they come and go.
 */
@Command(name = "stats", description = "Display a live stream of container(s) resource usage statistics")
public final class StatsCommand implements Callable<Integer> {
    static final String DEFAULT_FORMAT =
            "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}";
    static final Map<String, String> HEADERS = headers();
    /** The longest wait for the first documents (the daemon takes a second for each with {@code --no-stream}). */
    private static final Duration FIRST = Duration.ofSeconds(5);
    private static final Duration REDRAW = Duration.ofMillis(500);
    private static final String HOME = "\033[H";
    private static final String ERASE_LINE = "\033[K";
    private static final String ERASE_BELOW = "\033[J";

    @Spec
    CommandSpec spec;

    @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running)")
    boolean all;

    @Option(names = "--no-stream", description = "Disable streaming stats and only pull the first result")
    boolean noStream;

    @Option(names = "--no-trunc", description = "Do not truncate output")
    boolean noTrunc;

    @Option(names = "--format", description = "Format output using a custom template")
    String format;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(paramLabel = "CONTAINER", arity = "0..*")
    List<String> containers = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        var root = BerthCommands.root(spec);
        var client = root.client().containers();
        var out = spec.commandLine().getOut();
        boolean showAll = containers.isEmpty();
        var table = TableFormat.of(format == null || format.strip().equals("table") ? DEFAULT_FORMAT : format, HEADERS);
        try (var collectors = new StatsCollectors(client, !noStream)) {
            if (showAll) {
                collectors.keep(listed(client));
            } else {
                collectors.add(containers);
            }
            collectors.awaitFirst(FIRST);
            if (!showAll) {
                List<BerthException> errors = collectors.errors();
                if (!errors.isEmpty()) {
                    errors.forEach(e -> ExitCodes.print(spec.commandLine().getErr(), e));
                    return ExitCodes.GENERAL;
                }
            }
            if (noStream) {
                var entries = collectors.entries();
                if (!entries.isEmpty()) {
                    out.print(render(table, entries));
                    out.flush();
                }
                return 0;
            }
            boolean terminal = root.stdout() == System.out && Terminal.stdoutIsTerminal();
            while (true) {
                String text = render(table, collectors.entries());
                out.print(terminal ? redraw(text) : text);
                out.flush();
                if (out.checkError()) {
                    return 0; // nobody reads any more
                }
                Thread.sleep(REDRAW);
                if (showAll) {
                    collectors.keep(listed(client));
                }
            }
        }
    }

    private List<String> listed(ContainersClient client) {
        var options = new ContainerListOptions(all, OptionalInt.empty(), false, Map.of());
        return client.list(options).stream().map(ContainerSummary::id).toList();
    }

    private String render(TableFormat table, List<StatsEntry> entries) {
        return table.render(entries.stream().map(e -> e.row(!noTrunc)).toList());
    }

    /** The table over the previous one: cursor home, each line's rest erased, the screen below erased. */
    static String redraw(String text) {
        var b = new StringBuilder(HOME);
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) {
                b.append(line).append(ERASE_LINE).append('\n');
            }
        }
        return b.append(ERASE_BELOW).toString();
    }

    static Map<String, String> headers() {
        var h = new LinkedHashMap<String, String>();
        h.put("Container", "CONTAINER");
        h.put("Name", "NAME");
        h.put("ID", "CONTAINER ID");
        h.put("CPUPerc", "CPU %");
        h.put("MemUsage", "MEM USAGE / LIMIT");
        h.put("MemPerc", "MEM %");
        h.put("NetIO", "NET I/O");
        h.put("BlockIO", "BLOCK I/O");
        h.put("PIDs", "PIDS");
        return h;
    }
}
