package io.berth.cli.command.compose;

import io.berth.api.model.ContainerSummary;
import io.berth.api.model.WaitCondition;
import io.berth.cli.command.container.BerthCommands;
import io.berth.cli.format.TableFormat;
import io.berth.compose.project.ComposeService;
import io.berth.compose.project.Labels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The compose verbs that act on a project's existing containers, a few lines each. */
final class ComposeVerbs {
    private ComposeVerbs() {}

    @Command(name = "start", description = "Start services")
    static final class Start extends ComposeSubcommand {
        @Parameters(paramLabel = "SERVICE", arity = "0..*")
        List<String> services = new ArrayList<>();

        @Override
        int run() {
            compose.service(spec).start(compose.project(spec, services), services);
            return 0;
        }
    }

    @Command(name = "stop", description = "Stop services")
    static final class Stop extends ComposeSubcommand {
        @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", description = "Specify a shutdown timeout in seconds")
        Integer timeout;

        @Parameters(paramLabel = "SERVICE", arity = "0..*")
        List<String> services = new ArrayList<>();

        @Override
        int run() {
            compose.service(spec).stop(compose.project(spec, services), services,
                    Optional.ofNullable(timeout).map(Duration::ofSeconds));
            return 0;
        }
    }

    @Command(name = "restart", description = "Restart service containers")
    static final class Restart extends ComposeSubcommand {
        @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", description = "Specify a shutdown timeout in seconds")
        Integer timeout;

        @Option(names = "--no-deps", description = "Don't restart dependent services")
        boolean noDeps;

        @Parameters(paramLabel = "SERVICE", arity = "0..*")
        List<String> services = new ArrayList<>();

        @Override
        int run() {
            compose.service(spec).restart(compose.project(spec, services), services,
                    Optional.ofNullable(timeout).map(Duration::ofSeconds));
            return 0;
        }
    }

    @Command(name = "kill", description = "Force stop service containers")
    static final class Kill extends ComposeSubcommand {
        @Option(names = {"-s", "--signal"}, paramLabel = "SIGNAL", description = "SIGNAL to send to the container")
        String signal;

        @Option(names = "--remove-orphans", description = "Remove containers for services not defined in the Compose file")
        boolean removeOrphans;

        @Parameters(paramLabel = "SERVICE", arity = "0..*")
        List<String> services = new ArrayList<>();

        @Override
        int run() {
            compose.service(spec).kill(compose.projectName(spec), services, Optional.ofNullable(signal));
            return 0;
        }
    }

    @Command(name = "pause", description = "Pause services")
    static final class Pause extends ComposeSubcommand {
        @Parameters(paramLabel = "SERVICE", arity = "0..*")
        List<String> services = new ArrayList<>();

        @Override
        int run() {
            compose.service(spec).pause(compose.projectName(spec), services, true);
            return 0;
        }
    }

    @Command(name = "unpause", description = "Unpause services")
    static final class Unpause extends ComposeSubcommand {
        @Parameters(paramLabel = "SERVICE", arity = "0..*")
        List<String> services = new ArrayList<>();

        @Override
        int run() {
            compose.service(spec).pause(compose.projectName(spec), services, false);
            return 0;
        }
    }

    @Command(name = "rm", description = "Removes stopped service containers")
    static final class Rm extends ComposeSubcommand {
        @Option(names = {"-f", "--force"}, description = "Don't ask to confirm removal")
        boolean force;

        @Option(names = {"-s", "--stop"}, description = "Stop the containers, if required, before removing")
        boolean stop;

        @Option(names = {"-v", "--volumes"}, description = "Remove any anonymous volumes attached to containers")
        boolean volumes;

        @Parameters(paramLabel = "SERVICE", arity = "0..*")
        List<String> services = new ArrayList<>();

        @Override
        int run() {
            var service = compose.service(spec);
            var containers = service.removable(compose.projectName(spec), services, stop);
            if (containers.isEmpty()) {
                spec.commandLine().getErr().println("No stopped containers");
                return 0;
            }
            service.remove(containers, stop, volumes);
            return 0;
        }
    }

    @Command(name = "create", description = "Creates containers for a service")
    static final class Create extends ComposeSubcommand {
        @Option(names = "--build", description = "Build images before starting containers")
        boolean build;

        @Option(names = "--no-build", description = "Don't build an image, even if it's policy")
        boolean noBuild;

        @Option(names = "--force-recreate", description = "Recreate containers even if their configuration and image haven't changed")
        boolean forceRecreate;

        @Option(names = "--no-recreate", description = "If containers already exist, don't recreate them")
        boolean noRecreate;

        @Option(names = "--remove-orphans", description = "Remove containers for services not defined in the Compose file")
        boolean removeOrphans;

        @Option(names = "--pull", paramLabel = "POLICY", description = "Pull image before running (\"always\"|\"missing\"|\"never\"|\"build\")")
        String pull;

        @Option(names = "--scale", paramLabel = "SERVICE=NUM", description = "Scale SERVICE to NUM instances")
        List<String> scale = new ArrayList<>();

        @Parameters(paramLabel = "SERVICE", arity = "0..*")
        List<String> services = new ArrayList<>();

        @Override
        int run() {
            var scales = new LinkedHashMap<String, Integer>();
            for (String s : scale) {
                int eq = s.indexOf('=');
                scales.put(s.substring(0, eq), Integer.parseInt(s.substring(eq + 1)));
            }
            compose.service(spec).up(compose.project(spec, services), new ComposeService.UpOptions(services, false,
                    forceRecreate, noRecreate, removeOrphans, scales, false, build, noBuild, Optional.empty(),
                    Optional.ofNullable(pull), false));
            return 0;
        }
    }

    @Command(name = "port", description = "Print the public port for a port binding")
    static final class Port extends ComposeSubcommand {
        @Option(names = "--protocol", paramLabel = "PROTO", description = "tcp or udp")
        String protocol = "tcp";

        @Option(names = "--index", paramLabel = "N", description = "Index of the container if service has multiple replicas")
        int index = 1;

        @Parameters(index = "0", paramLabel = "SERVICE")
        String service;

        @Parameters(index = "1", paramLabel = "PRIVATE_PORT")
        int port;

        @Override
        int run() {
            String project = compose.projectName(spec);
            ContainerSummary c = compose.service(spec).container(project, service, index);
            var ports = BerthCommands.root(spec).client().containers().inspectRaw(c.id(), false)
                    .path("NetworkSettings").path("Ports").path(port + "/" + protocol);
            if (!ports.isArray() || ports.isEmpty()) {
                throw new io.berth.compose.ComposeException("no port " + port + "/" + protocol + " for container "
                        + ComposeService.name(c) + ": " + "port is not published");
            }
            var binding = ports.get(0);
            spec.commandLine().getOut().println(binding.path("HostIp").asText() + ":" + binding.path("HostPort").asText());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "images", description = "List images used by the created containers")
    static final class Images extends ComposeSubcommand {
        @Option(names = {"-q", "--quiet"}, description = "Only display IDs")
        boolean quiet;

        @Option(names = "--format", paramLabel = "FORMAT", description = "Format the output. Values: [table | json]")
        String format = "table";

        @Parameters(paramLabel = "SERVICE", arity = "0..*")
        List<String> services = new ArrayList<>();

        @Override
        int run() {
            var client = BerthCommands.root(spec).client();
            var out = spec.commandLine().getOut();
            var rows = new ArrayList<Map<String, Object>>();
            for (ContainerSummary c : compose.service(spec).containers(compose.projectName(spec), true, services)) {
                var image = client.images().inspectRaw(c.imageID() == null || c.imageID().isEmpty() ? c.image() : c.imageID());
                String id = image.path("Id").asText().replaceFirst("^sha256:", "");
                String ref = c.image();
                int colon = ref.lastIndexOf(':');
                boolean tagged = colon > ref.lastIndexOf('/');
                var row = new LinkedHashMap<String, Object>();
                row.put("ContainerName", ComposeService.name(c));
                row.put("Repository", tagged ? ref.substring(0, colon) : ref);
                row.put("Tag", tagged ? ref.substring(colon + 1) : "latest");
                row.put("ID", id.length() > 12 ? id.substring(0, 12) : id);
                row.put("Size", io.berth.cli.command.container.Sizes.human(image.path("Size").asLong()));
                rows.add(row);
            }
            if (quiet) {
                rows.stream().map(r -> String.valueOf(r.get("ID"))).distinct().forEach(out::println);
            } else if (format.equals("json")) {
                out.println(io.berth.common.Json.write(rows));
            } else {
                var headers = new LinkedHashMap<String, String>();
                headers.put("ContainerName", "CONTAINER");
                headers.put("Repository", "REPOSITORY");
                headers.put("Tag", "TAG");
                headers.put("ID", "IMAGE ID");
                headers.put("Size", "SIZE");
                out.print(TableFormat.of("table {{.ContainerName}}\t{{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.Size}}",
                        headers).render(rows));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "ls", description = "List running compose projects")
    static final class Ls extends ComposeSubcommand {
        @Option(names = {"-a", "--all"}, description = "Show all stopped Compose projects")
        boolean all;

        @Option(names = {"-q", "--quiet"}, description = "Only display project names")
        boolean quiet;

        @Option(names = "--format", paramLabel = "FORMAT", description = "Format the output. Values: [table | json]")
        String format = "table";

        @Option(names = "--filter", paramLabel = "FILTER", description = "Filter output based on conditions provided")
        List<String> filters = new ArrayList<>();

        @Override
        int run() {
            var client = BerthCommands.root(spec).client();
            var list = client.containers().list(new io.berth.api.model.ContainerListOptions(true,
                    java.util.OptionalInt.empty(), false, Map.of("label", List.of(Labels.PROJECT))));
            var projects = new TreeMap<String, List<ContainerSummary>>();
            list.forEach(c -> projects.computeIfAbsent(ComposeService.label(c, Labels.PROJECT), _ -> new ArrayList<>()).add(c));
            var rows = new ArrayList<Map<String, Object>>();
            projects.forEach((name, containers) -> {
                var states = new TreeMap<String, Integer>();
                containers.forEach(c -> states.merge(c.state(), 1, Integer::sum));
                if (!all && !states.containsKey("running")) {
                    return;
                }
                for (String f : filters) {
                    if (f.startsWith("name=") && !name.contains(f.substring(5))) {
                        return;
                    }
                }
                var row = new LinkedHashMap<String, Object>();
                row.put("Name", name);
                row.put("Status", String.join(", ", states.entrySet().stream()
                        .map(e -> e.getKey() + "(" + e.getValue() + ")").toList()));
                row.put("ConfigFiles", ComposeService.label(containers.getFirst(), Labels.CONFIG_FILES));
                rows.add(row);
            });
            var out = spec.commandLine().getOut();
            if (quiet) {
                rows.forEach(r -> out.println(r.get("Name")));
            } else if (format.equals("json")) {
                out.println(io.berth.common.Json.write(rows));
            } else {
                var headers = new LinkedHashMap<String, String>();
                headers.put("Name", "NAME");
                headers.put("Status", "STATUS");
                headers.put("ConfigFiles", "CONFIG FILES");
                out.print(TableFormat.of("table {{.Name}}\t{{.Status}}\t{{.ConfigFiles}}", headers).render(rows));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "wait", description = "Block until containers of all (or specified) services stop.")
    static final class Wait extends ComposeSubcommand {
        @Option(names = "--down-project", description = "Drops project when the first container stops")
        boolean downProject;

        @Parameters(paramLabel = "SERVICE", arity = "1..*")
        List<String> services = new ArrayList<>();

        @Override
        int run() {
            var client = BerthCommands.root(spec).client();
            String project = compose.projectName(spec);
            var containers = compose.service(spec).containers(project, true, services);
            int last = 0;
            for (ContainerSummary c : containers) {
                last = client.containers().await(c.id(), WaitCondition.NOT_RUNNING).statusCode().intValue();
                spec.commandLine().getOut().println(last);
                spec.commandLine().getOut().flush();
                if (downProject) {
                    compose.service(spec).down(project, compose.optionalProject(spec),
                            new ComposeService.DownOptions(false, Optional.empty(), false, Optional.empty()));
                    break;
                }
            }
            return last;
        }
    }

    @Command(name = "pull", description = "Pull service images")
    static final class Pull extends ComposeSubcommand {
        @Option(names = {"-q", "--quiet"}, description = "Pull without printing progress information")
        boolean quiet;

        @Option(names = "--ignore-pull-failures", description = "Pull what it can and ignores images with pull failures")
        boolean ignoreFailures;

        @Option(names = "--ignore-buildable", description = "Ignore images that can be built")
        boolean ignoreBuildable;

        @Option(names = "--include-deps", description = "Also pull services declared as dependencies")
        boolean includeDeps;

        @Option(names = "--policy", paramLabel = "POLICY", description = "Apply pull policy (\"missing\"|\"always\")")
        String policy = "always";

        @Parameters(paramLabel = "SERVICE", arity = "0..*")
        List<String> services = new ArrayList<>();

        @Override
        int run() {
            var project = compose.project(spec, services);
            var service = quiet ? new ComposeService(BerthCommands.root(spec).client(), _ -> { }) : compose.service(spec);
            var specs = new io.berth.compose.project.ContainerSpecs(project);
            int failed = 0;
            for (String s : ComposeService.targets(project, services, !includeDeps)) {
                var svc = project.services().get(s);
                if (svc.get("image") == null || (ignoreBuildable && svc.get("build") != null)) {
                    continue;
                }
                String image = specs.imageName(s);
                if (policy.equals("missing")) {
                    try {
                        BerthCommands.root(spec).client().images().inspectRaw(image);
                        continue;
                    } catch (io.berth.common.NotFoundException e) {
                        // pull it
                    }
                }
                try {
                    Object platform = project.services().get(s).get("platform");
                    service.pull(s, image, platform == null ? null : String.valueOf(platform));
                } catch (RuntimeException e) {
                    if (!ignoreFailures) {
                        throw e;
                    }
                    spec.commandLine().getErr().println(" " + s + " Warning " + e.getMessage());
                    failed++;
                }
            }
            return failed == 0 ? 0 : 0;
        }
    }
}
