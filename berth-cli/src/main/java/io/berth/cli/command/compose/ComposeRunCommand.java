package io.berth.cli.command.compose;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.api.model.ContainerConfig;
import io.berth.api.model.ContainerCreateRequest;
import io.berth.api.model.HostConfig;
import io.berth.api.model.NetworkingConfig;
import io.berth.api.model.RemoveOptions;
import io.berth.cli.Terminal;
import io.berth.cli.command.container.BerthCommands;
import io.berth.common.Json;
import io.berth.compose.loader.Shapes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth compose run}: a one-off container of a service, attached unless {@code -d}; its exit code is ours. */
@Command(name = "run", description = "Run a one-off command on a service")
final class ComposeRunCommand extends ComposeSubcommand {
    @picocli.CommandLine.Spec
    void stopAtService(CommandSpec s) {
        s.parser().stopAtPositional(true);
        this.spec = s;
    }

    @Option(names = {"-d", "--detach"}, description = "Run container in background and print container ID")
    boolean detach;

    @Option(names = "--rm", description = "Automatically remove the container when it exits")
    boolean remove;

    @Option(names = "--name", paramLabel = "NAME", description = "Assign a name to the container")
    String name;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VAL", description = "Set environment variables")
    List<String> env = new ArrayList<>();

    @Option(names = {"-l", "--label"}, paramLabel = "KEY=VAL", description = "Add or override a label")
    List<String> labels = new ArrayList<>();

    @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "Run as specified username or uid")
    String user;

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory inside the container")
    String workdir;

    @Option(names = "--entrypoint", paramLabel = "CMD", description = "Override the entrypoint of the image")
    String entrypoint;

    @Option(names = {"-p", "--publish"}, paramLabel = "PORT", description = "Publish a container's port(s) to the host")
    List<String> publish = new ArrayList<>();

    @Option(names = {"-P", "--service-ports"}, description = "Run command with all service's ports enabled and mapped to the host")
    boolean servicePorts;

    @Option(names = "--no-deps", description = "Don't start linked services")
    boolean noDeps;

    @Option(names = {"-T", "--no-TTY"}, description = "Disable pseudo-TTY allocation (default: auto-detected)")
    boolean noTty;

    @Option(names = {"-i", "--interactive"}, negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Keep STDIN open even if not attached")
    boolean interactive;

    @Option(names = {"-v", "--volume"}, paramLabel = "VOLUME", description = "Bind mount a volume")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--use-aliases", description = "Use the service's network aliases in the network(s) the container connects to")
    boolean useAliases;

    @Option(names = {"-q", "--quiet"}, description = "Don't print anything to STDOUT")
    boolean quiet;

    @Option(names = "--quiet-pull", description = "Pull without printing progress information")
    boolean quietPull;

    @Option(names = "--remove-orphans", description = "Remove containers for services not defined in the Compose file")
    boolean removeOrphans;

    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "COMMAND")
    List<String> command = new ArrayList<>();

    @Override
    int run() {
        var project = compose.project(spec, List.of(service));
        if (!project.services().containsKey(service)) {
            throw new ComposeCommand.ComposeFailure("no such service: " + service);
        }
        var engine = this.compose.service(spec);
        new io.berth.compose.project.ContainerSpecs(project).validate(List.of(service));
        if (!noDeps) {
            engine.upDependencies(project, service);
        }
        // the service's own networks and volumes, also when nothing of the project is up yet
        engine.ensureResources(project, List.of(service));
        boolean tty = !noTty && !detach && Terminal.stdinIsTerminal() && Terminal.stdoutIsTerminal();
        String container = engine.createOneOff(project, service, Optional.ofNullable(name), r -> adjust(r, tty));
        var root = BerthCommands.root(spec);
        var client = root.client();
        if (detach) {
            client.containers().start(container);
            spec.commandLine().getOut().println(container);
            spec.commandLine().getOut().flush();
            return 0;
        }
        var args = new ArrayList<String>(List.of("-H", "unix://" + client.socket(), "start", "-a"));
        if (interactive) {
            args.add("-i");
        }
        args.add(container);
        int code = ComposeExecCommand.delegate(root, args);
        if (remove) {
            client.containers().remove(container, new RemoveOptions(true, true));
        }
        return code;
    }

    private ContainerCreateRequest adjust(ContainerCreateRequest request, boolean tty) {
        ObjectNode config = Json.mapper().valueToTree(request.config());
        ObjectNode host = Json.mapper().valueToTree(request.hostConfig());
        ObjectNode networking = Json.mapper().valueToTree(request.networkingConfig());
        if (!command.isEmpty()) {
            config.set("Cmd", Json.mapper().valueToTree(command));
        }
        if (entrypoint != null) {
            config.set("Entrypoint", Json.mapper().valueToTree(Shapes.splitCommand(entrypoint)));
        }
        ArrayNode envs = config.has("Env") && config.get("Env").isArray() ? (ArrayNode) config.get("Env")
                : config.putArray("Env");
        for (String e : env) {
            envs.add(e.contains("=") ? e : e + "=" + Optional.ofNullable(System.getenv(e)).orElse(""));
        }
        ObjectNode labelNode = config.has("Labels") && config.get("Labels").isObject() ? (ObjectNode) config.get("Labels")
                : config.putObject("Labels");
        for (String l : labels) {
            int eq = l.indexOf('=');
            labelNode.put(eq < 0 ? l : l.substring(0, eq), eq < 0 ? "" : l.substring(eq + 1));
        }
        if (user != null) {
            config.put("User", user);
        }
        if (workdir != null) {
            config.put("WorkingDir", workdir);
        }
        config.put("Tty", tty);
        config.put("OpenStdin", interactive);
        config.put("AttachStdin", interactive);
        config.put("StdinOnce", interactive);
        if (!servicePorts) {
            host.remove("PortBindings");
        }
        if (!publish.isEmpty()) {
            ObjectNode bindings = host.has("PortBindings") && host.get("PortBindings").isObject()
                    ? (ObjectNode) host.get("PortBindings") : host.putObject("PortBindings");
            ObjectNode exposed = config.has("ExposedPorts") && config.get("ExposedPorts").isObject()
                    ? (ObjectNode) config.get("ExposedPorts") : config.putObject("ExposedPorts");
            for (String p : publish) {
                for (var port : Shapes.ports(p)) {
                    String key = port.get("target") + "/" + port.get("protocol");
                    exposed.putObject(key);
                    var arr = bindings.has(key) ? (ArrayNode) bindings.get(key) : bindings.putArray(key);
                    var b = arr.addObject();
                    b.put("HostIp", String.valueOf(port.getOrDefault("host_ip", "")));
                    b.put("HostPort", String.valueOf(port.getOrDefault("published", "")));
                }
            }
        }
        if (!volumes.isEmpty()) {
            ArrayNode binds = host.has("Binds") && host.get("Binds").isArray() ? (ArrayNode) host.get("Binds")
                    : host.putArray("Binds");
            volumes.forEach(binds::add);
        }
        host.putObject("RestartPolicy").put("Name", "no");
        if (!useAliases && networking.get("EndpointsConfig") instanceof ObjectNode endpoints) {
            endpoints.properties().forEach(e -> ((ObjectNode) e.getValue()).remove("Aliases"));
        }
        return new ContainerCreateRequest(Json.convert(config, ContainerConfig.class), Json.convert(host, HostConfig.class),
                Json.convert(networking, NetworkingConfig.class));
    }
}
