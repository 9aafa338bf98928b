package io.berth.cli.command.compose;

import io.berth.api.model.ContainerSummary;
import io.berth.api.model.LogsOptions;
import io.berth.client.BerthClient;
import io.berth.common.BerthException;
import io.berth.compose.project.ComposeService;
import io.berth.compose.project.Labels;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The logs of a project's containers, interleaved line by line as docker compose prints them:
 * {@code web-1  | hello}, the prefix padded to the longest and coloured on a terminal.
 */
final class ProjectLogs {
    private static final String[] COLORS = {"36", "33", "32", "35", "34", "31", "96", "93", "92", "95", "94", "91"};

    private final BerthClient client;
    private final PrintStream out;
    private final boolean color;
    private final boolean prefix;
    private final String project;
    private int width;

    ProjectLogs(BerthClient client, PrintStream out, String project, boolean color, boolean prefix) {
        this.client = client;
        this.out = out;
        this.project = project;
        this.color = color;
        this.prefix = prefix;
    }

    /** How a container is named in front of its lines: without the project's prefix. */
    String shortName(ContainerSummary c) {
        String name = ComposeService.name(c);
        String service = ComposeService.label(c, Labels.SERVICE);
        return name.startsWith(project + "-" + service + "-") ? name.substring(project.length() + 1) : name;
    }

    void widthFor(List<ContainerSummary> containers) {
        for (ContainerSummary c : containers) {
            width = Math.max(width, shortName(c).length());
        }
    }

    String prefixOf(ContainerSummary c, int index) {
        String name = shortName(c);
        String padded = name + " ".repeat(Math.max(0, width - name.length())) + "  | ";
        return color ? "\u001b[" + COLORS[index % COLORS.length] + "m" + padded + "\u001b[0m" : padded;
    }

    /** Follows (or dumps) the logs of each container on its own thread; returns the threads. */
    List<Thread> start(List<ContainerSummary> containers, LogsOptions options) {
        widthFor(containers);
        var threads = new ArrayList<Thread>();
        for (int i = 0; i < containers.size(); i++) {
            ContainerSummary c = containers.get(i);
            String p = prefix ? prefixOf(c, i) : "";
            threads.add(Thread.ofVirtual().start(() -> {
                var lines = new Lines(out, p);
                try {
                    boolean tty = client.containers().inspectRaw(c.id(), false).path("Config").path("Tty").asBoolean();
                    client.containers().logs(c.id(), options, tty, lines, lines);
                } catch (BerthException | java.io.UncheckedIOException e) {
                    // the container went away while we read
                } finally {
                    lines.flushRest();
                }
            }));
        }
        return threads;
    }

    void print(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    /** Collects bytes into lines and prints each with its prefix, whole. */
    private static final class Lines extends OutputStream {
        private final PrintStream out;
        private final String prefix;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        Lines(PrintStream out, String prefix) {
            this.out = out;
            this.prefix = prefix;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                emit();
            } else {
                line.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        private void emit() {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            synchronized (out) {
                out.print(prefix + text + "\n");
                out.flush();
            }
        }

        synchronized void flushRest() {
            if (line.size() > 0) {
                emit();
            }
        }
    }
}
