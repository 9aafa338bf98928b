package io.berth.cli.command.compose;

import io.berth.api.model.ContainerSummary;
import io.berth.api.model.EventsOptions;
import io.berth.cli.command.container.BerthCommands;
import io.berth.compose.build.ImageBuilder;
import io.berth.compose.project.ComposeService;
import io.berth.compose.project.ContainerSpecs;
import io.berth.compose.project.Labels;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code build}, {@code push}, {@code top}, {@code events}. */
final class ComposeMoreVerbs {
    private ComposeMoreVerbs() {}

    @Command(name = "build", description = "Build or rebuild services")
    static final class Build extends ComposeSubcommand {
        @Option(names = "--no-cache", description = "Do not use cache when building the image")
        boolean noCache;

        @Option(names = "--pull", description = "Always attempt to pull a newer version of the image")
        boolean pull;

        @Option(names = {"-q", "--quiet"}, description = "Don't print anything to STDOUT")
        boolean quiet;

        @Option(names = "--build-arg", paramLabel = "KEY=VAL", description = "Set build-time variables for services")
        List<String> buildArgs = new ArrayList<>();

        @Parameters(paramLabel = "SERVICE", arity = "0..*")
        List<String> services = new ArrayList<>();

        @Override
        int run() {
            var project = compose.project(spec, services);
            var args = new LinkedHashMap<String, String>();
            for (String a : buildArgs) {
                int eq = a.indexOf('=');
                if (eq < 0) {
                    String v = System.getenv(a);
                    if (v != null) {
                        args.put(a, v);
                    }
                } else {
                    args.put(a.substring(0, eq), a.substring(eq + 1));
                }
            }
            var service = quiet ? new ComposeService(BerthCommands.root(spec).client(), _ -> { }) : compose.service(spec);
            var specs = new ContainerSpecs(project);
            for (String s : ComposeService.targets(project, services, true)) {
                if (project.services().get(s).get("build") != null) {
                    service.build(project, s, specs.imageName(s), new ImageBuilder.Options(noCache, pull, args));
                }
            }
            return 0;
        }
    }

    @Command(name = "push", description = "Push service images")
    static final class Push extends ComposeSubcommand {
        @Option(names = "--ignore-push-failures", description = "Push what it can and ignores images with push failures")
        boolean ignoreFailures;

        @Option(names = {"-q", "--quiet"}, description = "Push without printing progress information")
        boolean quiet;

        @Parameters(paramLabel = "SERVICE", arity = "0..*")
        List<String> services = new ArrayList<>();

        @Override
        int run() {
            var project = compose.project(spec, services);
            var client = BerthCommands.root(spec).client();
            var err = spec.commandLine().getErr();
            for (String s : ComposeService.targets(project, services, true)) {
                Object image = project.services().get(s).get("image");
                if (image == null) {
                    continue;
                }
                String ref = String.valueOf(image);
                int colon = ref.lastIndexOf(':');
                boolean tagged = colon > ref.lastIndexOf('/');
                if (!quiet) {
                    err.println(" " + s + " Pushing");
                }
                try {
                    client.images().push(tagged ? ref.substring(0, colon) : ref, tagged ? ref.substring(colon + 1) : "latest",
                            "", line -> {
                                if (line.hasNonNull("error")) {
                                    throw new io.berth.compose.ComposeException(line.get("error").asText());
                                }
                            });
                } catch (RuntimeException e) {
                    if (!ignoreFailures) {
                        throw e;
                    }
                    err.println(" " + s + " Error " + e.getMessage());
                    continue;
                }
                if (!quiet) {
                    err.println(" " + s + " Pushed");
                }
            }
            err.flush();
            return 0;
        }
    }

    @Command(name = "top", description = "Display the running processes")
    static final class Top extends ComposeSubcommand {
        @Parameters(paramLabel = "SERVICE", arity = "0..*")
        List<String> services = new ArrayList<>();

        @Override
        int run() {
            var client = BerthCommands.root(spec).client();
            var out = spec.commandLine().getOut();
            for (ContainerSummary c : compose.service(spec).containers(compose.projectName(spec), false, services)) {
                var top = client.transport();
                try (var reply = top.send("GET", "/containers/" + c.id() + "/top", io.berth.client.HttpTransport.Body.none(),
                        new io.berth.common.http.Headers())) {
                    var node = io.berth.common.Json.tree(reply.bytes());
                    out.println(ComposeService.name(c));
                    var rows = new ArrayList<Map<String, Object>>();
                    var titles = new ArrayList<String>();
                    node.path("Titles").forEach(t -> titles.add(t.asText()));
                    node.path("Processes").forEach(p -> {
                        var row = new LinkedHashMap<String, Object>();
                        for (int i = 0; i < titles.size(); i++) {
                            row.put("c" + i, p.path(i).asText());
                        }
                        rows.add(row);
                    });
                    var headers = new LinkedHashMap<String, String>();
                    var template = new StringBuilder("table ");
                    for (int i = 0; i < titles.size(); i++) {
                        headers.put("c" + i, titles.get(i));
                        template.append(i == 0 ? "" : "\t").append("{{.c").append(i).append("}}");
                    }
                    out.print(io.berth.cli.format.TableFormat.of(template.toString(), headers).render(rows));
                    out.println();
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "events", description = "Receive real time events from containers")
    static final class Events extends ComposeSubcommand {
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'")
                .withZone(ZoneOffset.UTC);

        @Option(names = "--json", description = "Output events as a stream of json objects")
        boolean json;

        @Option(names = "--since", paramLabel = "TIME", description = "Show all events created since timestamp")
        String since;

        @Option(names = "--until", paramLabel = "TIME", description = "Stream events until this timestamp")
        String until;

        @Parameters(paramLabel = "SERVICE", arity = "0..*")
        List<String> services = new ArrayList<>();

        @Override
        int run() {
            String project = compose.projectName(spec);
            var now = Instant.now();
            var options = new EventsOptions(
                    since == null ? Optional.empty() : Optional.of(io.berth.cli.command.Times.parse(since, now, "since")),
                    until == null ? Optional.empty() : Optional.of(io.berth.cli.command.Times.parse(until, now, "until")),
                    Map.of("type", List.of("container"), "label", List.of(Labels.PROJECT + "=" + project)));
            var out = spec.commandLine().getOut();
            BerthCommands.root(spec).client().events(options, e -> {
                var attrs = e.actor() == null || e.actor().attributes() == null ? Map.<String, String>of()
                        : e.actor().attributes();
                String service = attrs.getOrDefault(Labels.SERVICE, "");
                if (!services.isEmpty() && !services.contains(service)) {
                    return;
                }
                var shown = new TreeMap<String, String>();
                attrs.forEach((k, v) -> {
                    if (!k.startsWith("com.docker.compose.")) {
                        shown.put(k, v);
                    }
                });
                Instant time = Instant.ofEpochSecond(0, e.timeNano());
                String id = e.actor() == null ? "" : e.actor().id();
                if (json) {
                    var m = new LinkedHashMap<String, Object>();
                    m.put("action", e.action());
                    m.put("attributes", shown);
                    m.put("id", id);
                    m.put("service", service);
                    m.put("time", TIME.format(time));
                    m.put("type", "container");
                    out.println(io.berth.common.Json.write(m));
                } else {
                    out.println(TIME.format(time) + " container " + e.action() + " " + id + " ("
                            + String.join(", ", shown.entrySet().stream().map(x -> x.getKey() + "=" + x.getValue()).toList())
                            + ")");
                }
                out.flush();
            });
            return 0;
        }
    }
}
