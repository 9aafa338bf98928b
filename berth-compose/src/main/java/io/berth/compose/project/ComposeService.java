package io.berth.compose.project;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.model.ContainerCreateRequest;
import io.berth.api.model.ContainerListOptions;
import io.berth.api.model.ContainerSummary;
import io.berth.api.model.HostConfig;
import io.berth.api.model.Mount;
import io.berth.api.model.NetworkCreateRequest;
import io.berth.api.model.RemoveOptions;
import io.berth.api.model.StopOptions;
import io.berth.api.model.VolumeCreateRequest;
import io.berth.client.BerthClient;
import io.berth.common.BerthException;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import io.berth.common.NotFoundException;
import io.berth.compose.loader.Checks;
import io.berth.compose.loader.Project;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The compose verbs over the Engine API, as docker compose v2 does them: {@code up} creates what a
 * project needs (networks, volumes, then each service's containers in dependency order, waiting
 * for {@code depends_on} conditions), recreates only the containers whose config hash changed,
 * scales, and finds orphans; {@code down} removes the project's containers and the networks (and,
 * asked, volumes and images) that compose made; the other verbs act on a project's containers,
 * found by their labels. Progress goes to {@code progress} in docker compose's plain form:
 * {@code " Container app-web-1  Started"}.
 */
public final class ComposeService {
    private final BerthClient client;
    private final Consumer<String> progress;

    public ComposeService(BerthClient client, Consumer<String> progress) {
        this.client = client;
        this.progress = progress;
    }

    /** {@code up}/{@code create}'s choices. */
    public record UpOptions(List<String> services, boolean noDeps, boolean forceRecreate, boolean noRecreate,
                            boolean removeOrphans, Map<String, Integer> scale, boolean start, boolean build,
                            boolean noBuild, Optional<Duration> timeout, Optional<String> pull, boolean quietPull) {
        public static UpOptions defaults() {
            return new UpOptions(List.of(), false, false, false, false, Map.of(), true, false, false, Optional.empty(),
                    Optional.empty(), false);
        }
    }

    /** {@code down}'s choices. */
    public record DownOptions(boolean volumes, Optional<String> rmi, boolean removeOrphans, Optional<Duration> timeout) {}

    // ---- up ----------------------------------------------------------------------------------

    /** Creates (and, unless told not to, starts) the project's services; returns the containers it runs. */
    public List<String> up(Project project, UpOptions options) {
        var specs = new ContainerSpecs(project);
        List<String> targets = targets(project, options.services(), options.noDeps());
        List<String> ordered = dependencyOrder(project, targets);
        specs.validate(ordered);
        var existing = containers(project.name(), true, List.of());
        orphans(project, existing, options.removeOrphans(), options.timeout());
        ensureNetworks(project, ordered, specs);
        ensureVolumes(project, ordered);
        for (String service : ordered) {
            ensureImage(project, service, specs, options);
        }
        var running = new ArrayList<String>();
        for (String service : ordered) {
            if (options.start()) {
                awaitDependencies(project, service, existingOf(project.name()));
            }
            running.addAll(convergeService(project, specs, service, options,
                    options.services().isEmpty() || options.services().contains(service) || !options.noRecreate()));
        }
        return running;
    }

    /** The services to act on: those named (all when none), with what they depend on unless {@code noDeps}. */
    public static List<String> targets(Project project, List<String> named, boolean noDeps) {
        var services = project.services();
        for (String s : named) {
            if (!services.containsKey(s)) {
                throw new io.berth.compose.ComposeException("no such service: " + s);
            }
        }
        if (named.isEmpty()) {
            return new ArrayList<>(services.keySet());
        }
        var out = new LinkedHashSet<String>();
        for (String s : named) {
            addWithDeps(project, s, out, noDeps);
        }
        return new ArrayList<>(out);
    }

    private static void addWithDeps(Project project, String service, Set<String> out, boolean noDeps) {
        if (!out.add(service) || noDeps) {
            return;
        }
        for (String dep : Checks.dependencies(project.services().get(service), project.services().keySet())) {
            addWithDeps(project, dep, out, false);
        }
    }

    /** {@code services} with each one's dependencies before it (the loader refused cycles). */
    public static List<String> dependencyOrder(Project project, List<String> services) {
        var out = new LinkedHashSet<String>();
        var set = new HashSet<>(services);
        for (String s : services.stream().sorted().toList()) {
            visit(project, s, set, out);
        }
        return new ArrayList<>(out);
    }

    private static void visit(Project project, String s, Set<String> set, Set<String> out) {
        if (out.contains(s)) {
            return;
        }
        for (String dep : Checks.dependencies(project.services().get(s), project.services().keySet())) {
            if (set.contains(dep)) {
                visit(project, dep, set, out);
            }
        }
        out.add(s);
    }

    private void orphans(Project project, List<ContainerSummary> existing, boolean remove, Optional<Duration> timeout) {
        var orphans = existing.stream().filter(c -> !project.services().containsKey(label(c, Labels.SERVICE))
                && !"True".equals(label(c, Labels.ONEOFF))).toList();
        if (orphans.isEmpty()) {
            return;
        }
        if (!remove) {
            progress.accept("WARN[0000] Found orphan containers (" + orphans.stream().map(ComposeService::name).toList()
                    + ") for this project. If you removed or renamed this service in your compose file, you can run "
                    + "this command with the --remove-orphans flag to clean it up.");
            return;
        }
        for (ContainerSummary c : orphans) {
            stopAndRemove(c, timeout, false);
        }
    }

    private void ensureNetworks(Project project, List<String> services, ContainerSpecs specs) {
        var used = new LinkedHashSet<String>();
        for (String s : services) {
            if (project.services().get(s).get("networks") instanceof Map<?, ?> n) {
                n.keySet().forEach(k -> used.add(String.valueOf(k)));
            }
        }
        for (String key : used.stream().sorted().toList()) {
            Map<String, Object> def = project.networks().getOrDefault(key, Map.of());
            String name = specs.networkName(key);
            Optional<JsonNode> existing = network(name);
            if (Boolean.TRUE.equals(def.get("external"))) {
                if (existing.isEmpty()) {
                    throw new io.berth.compose.ComposeException("network " + name + " declared as external, but could not be found");
                }
                continue;
            }
            if (existing.isPresent()) {
                String owner = existing.get().path("Labels").path(Labels.PROJECT).asText("");
                if (!owner.equals(project.name())) {
                    progress.accept("WARN[0000] a network with name " + name + " exists but was not created for project \""
                            + project.name() + "\".\nSet `external: true` to use an existing network");
                }
                continue;
            }
            progress.accept(" Network " + name + "  Creating");
            client.networks().create(Json.convert(networkRequest(project, key, name, def), NetworkCreateRequest.class));
            progress.accept(" Network " + name + "  Created");
        }
    }

    private static Map<String, Object> networkRequest(Project project, String key, String name, Map<String, Object> def) {
        var req = new LinkedHashMap<String, Object>();
        req.put("Name", name);
        req.put("Driver", def.getOrDefault("driver", "bridge"));
        if (def.get("driver_opts") instanceof Map<?, ?> opts) {
            var o = new LinkedHashMap<String, String>();
            opts.forEach((k, v) -> o.put(String.valueOf(k), String.valueOf(v)));
            req.put("Options", o);
        }
        if (Boolean.TRUE.equals(def.get("internal"))) {
            req.put("Internal", true);
        }
        if (Boolean.TRUE.equals(def.get("attachable"))) {
            req.put("Attachable", true);
        }
        if (Boolean.TRUE.equals(def.get("enable_ipv6"))) {
            req.put("EnableIPv6", true);
        }
        if (def.get("ipam") instanceof Map<?, ?> ipam) {
            var i = new LinkedHashMap<String, Object>();
            if (ipam.get("driver") != null) {
                i.put("Driver", ipam.get("driver"));
            }
            var configs = new ArrayList<Map<String, Object>>();
            if (ipam.get("config") instanceof List<?> list) {
                for (Object o : list) {
                    var c = ContainerSpecs.map(o);
                    var out = new LinkedHashMap<String, Object>();
                    if (c.get("subnet") != null) {
                        out.put("Subnet", String.valueOf(c.get("subnet")));
                    }
                    if (c.get("ip_range") != null) {
                        out.put("IPRange", String.valueOf(c.get("ip_range")));
                    }
                    if (c.get("gateway") != null) {
                        out.put("Gateway", String.valueOf(c.get("gateway")));
                    }
                    if (c.get("aux_addresses") instanceof Map<?, ?> aux) {
                        var a = new LinkedHashMap<String, String>();
                        aux.forEach((k, v) -> a.put(String.valueOf(k), String.valueOf(v)));
                        out.put("AuxiliaryAddresses", a);
                    }
                    configs.add(out);
                }
            }
            i.put("Config", configs);
            if (ipam.get("options") instanceof Map<?, ?> opts) {
                var o = new LinkedHashMap<String, String>();
                opts.forEach((k, v) -> o.put(String.valueOf(k), String.valueOf(v)));
                i.put("Options", o);
            }
            req.put("IPAM", i);
        }
        var labels = new LinkedHashMap<String, String>();
        if (def.get("labels") instanceof Map<?, ?> l) {
            l.forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
        }
        labels.put(Labels.NETWORK, key);
        labels.put(Labels.PROJECT, project.name());
        labels.put(Labels.VERSION, Labels.COMPOSE_VERSION);
        req.put("Labels", labels);
        return req;
    }

    private Optional<JsonNode> network(String name) {
        try {
            JsonNode n = client.networks().inspectRaw(name);
            return n.path("Name").asText().equals(name) ? Optional.of(n) : Optional.empty();
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    private void ensureVolumes(Project project, List<String> services) {
        var used = new LinkedHashSet<String>();
        for (String s : services) {
            for (Map<String, Object> v : ContainerSpecs.maps(project.services().get(s).get("volumes"))) {
                if ("volume".equals(v.get("type")) && v.get("source") != null) {
                    used.add(String.valueOf(v.get("source")));
                }
            }
        }
        for (String key : used.stream().sorted().toList()) {
            Map<String, Object> def = project.volumes().getOrDefault(key, Map.of());
            String name = def.get("name") != null ? String.valueOf(def.get("name")) : project.name() + "_" + key;
            Optional<io.berth.api.model.Volume> existing;
            try {
                existing = Optional.of(client.volumes().inspect(name));
            } catch (NotFoundException e) {
                existing = Optional.empty();
            }
            if (Boolean.TRUE.equals(def.get("external"))) {
                if (existing.isEmpty()) {
                    throw new io.berth.compose.ComposeException("external volume \"" + name + "\" not found");
                }
                continue;
            }
            if (existing.isPresent()) {
                var labels = existing.get().labels();
                if (labels == null || !project.name().equals(labels.get(Labels.PROJECT))) {
                    progress.accept("WARN[0000] volume \"" + name + "\" already exists but was not created by Docker "
                            + "Compose. Use `external: true` to use an existing volume");
                }
                continue;
            }
            var req = new LinkedHashMap<String, Object>();
            req.put("Name", name);
            req.put("Driver", def.getOrDefault("driver", "local"));
            if (def.get("driver_opts") instanceof Map<?, ?> opts) {
                var o = new LinkedHashMap<String, String>();
                opts.forEach((k, v) -> o.put(String.valueOf(k), String.valueOf(v)));
                req.put("DriverOpts", o);
            }
            var labels = new LinkedHashMap<String, String>();
            if (def.get("labels") instanceof Map<?, ?> l) {
                l.forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
            }
            labels.put(Labels.PROJECT, project.name());
            labels.put(Labels.VERSION, Labels.COMPOSE_VERSION);
            labels.put(Labels.VOLUME, key);
            req.put("Labels", labels);
            progress.accept(" Volume \"" + name + "\"  Creating");
            client.volumes().create(Json.convert(req, VolumeCreateRequest.class));
            progress.accept(" Volume \"" + name + "\"  Created");
        }
    }

    private void ensureImage(Project project, String service, ContainerSpecs specs, UpOptions options) {
        var svc = project.services().get(service);
        String image = specs.imageName(service);
        String policy = options.pull().orElse(svc.get("pull_policy") == null ? "missing" : String.valueOf(svc.get("pull_policy")));
        boolean present = imageExists(image);
        boolean hasBuild = svc.get("build") != null;
        if (hasBuild && !options.noBuild() && (options.build() || policy.equals("build") || !present)) {
            build(project, service, image, io.berth.compose.build.ImageBuilder.Options.defaults());
            return;
        }
        if (present && !policy.equals("always")) {
            return;
        }
        if (policy.equals("never") || (hasBuild && present)) {
            if (!present) {
                throw new NotFoundException("No such image: " + image);
            }
            return;
        }
        pull(service, image, svc.get("platform") == null ? null : String.valueOf(svc.get("platform")));
    }

    /** Builds a service's image with {@code POST /build}, with docker compose's lines. */
    public void build(Project project, String service, String image, io.berth.compose.build.ImageBuilder.Options options) {
        progress.accept(" Service " + service + "  Building");
        new io.berth.compose.build.ImageBuilder(client).build(project, service, image, options, progress);
        progress.accept(" Service " + service + "  Built");
    }

    /** Pulls a service's image, with docker compose's lines. */
    public void pull(String service, String image) {
        pull(service, image, null);
    }

    /** Pulls a service's image for its {@code platform} (null: the engine's own). */
    public void pull(String service, String image, String platform) {
        progress.accept(" " + service + " Pulling");
        int colon = image.lastIndexOf(':');
        boolean tagged = colon > image.lastIndexOf('/') && !image.contains("@");
        client.images().pull(tagged ? image.substring(0, colon) : image, tagged ? image.substring(colon + 1) : "latest",
                platform, null, line -> {
                    if (line.hasNonNull("error")) {
                        throw new io.berth.compose.ComposeException(line.get("error").asText());
                    }
                });
        progress.accept(" " + service + " Pulled");
    }

    private boolean imageExists(String image) {
        try {
            client.images().inspectRaw(image);
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Brings one service to its wanted state; returns the names of its containers. */
    private List<String> convergeService(Project project, ContainerSpecs specs, String service, UpOptions options,
                                         boolean mayRecreate) {
        var svc = project.services().get(service);
        int wanted = options.scale().getOrDefault(service, Checks.replicas(svc));
        String hash = ConfigHash.of(svc, resources(project, svc, specs));
        var existing = new ArrayList<>(containers(project.name(), true, List.of(service)).stream()
                .filter(c -> !"True".equals(label(c, Labels.ONEOFF))).toList());
        existing.sort(Comparator.comparingInt(ComposeService::number));
        var names = new ArrayList<String>();
        // extra containers go first, highest numbers first
        for (int i = existing.size() - 1; i >= wanted; i--) {
            stopAndRemove(existing.get(i), options.timeout(), false);
            existing.remove(i);
        }
        var used = new HashSet<Integer>();
        for (ContainerSummary c : existing) {
            used.add(number(c));
            String name = name(c);
            boolean changed = !hash.equals(label(c, Labels.CONFIG_HASH));
            if (mayRecreate && !options.noRecreate() && (options.forceRecreate() || changed)) {
                name = recreate(project, specs, service, c, hash, options);
            } else if (options.start() && !"running".equals(c.state())) {
                start(name);
            } else if (options.start()) {
                progress.accept(" Container " + name + "  Running");
            }
            names.add(name);
        }
        for (int n = 1; names.size() < wanted; n++) {
            if (used.contains(n)) {
                continue;
            }
            String name = svc.get("container_name") != null ? String.valueOf(svc.get("container_name"))
                    : project.name() + "-" + service + "-" + n;
            progress.accept(" Container " + name + "  Creating");
            create(project, specs, service, n, hash, name, List.of());
            progress.accept(" Container " + name + "  Created");
            if (options.start()) {
                start(name);
            }
            names.add(name);
        }
        return names;
    }

    private String recreate(Project project, ContainerSpecs specs, String service, ContainerSummary old, String hash,
                            UpOptions options) {
        String name = name(old);
        progress.accept(" Container " + name + "  Recreate");
        var inherited = anonymousVolumes(project, service, old.id());
        if ("running".equals(old.state()) || "paused".equals(old.state())) {
            client.containers().stop(old.id(), stopOptions(project.services().get(service), options.timeout()));
        }
        client.containers().remove(old.id(), new RemoveOptions(true, false));
        create(project, specs, service, number(old), hash, name, inherited);
        progress.accept(" Container " + name + "  Recreated");
        if (options.start()) {
            start(name);
        }
        return name;
    }

    /** The old container's anonymous volumes, mounted again at the same places in its replacement (as compose keeps them). */
    private List<Mount> anonymousVolumes(Project project, String service, String id) {
        var anonymousTargets = new HashSet<String>();
        for (Map<String, Object> v : ContainerSpecs.maps(project.services().get(service).get("volumes"))) {
            if ("volume".equals(v.get("type")) && v.get("source") == null) {
                anonymousTargets.add(String.valueOf(v.get("target")));
            }
        }
        var out = new ArrayList<Mount>();
        if (anonymousTargets.isEmpty()) {
            return out;
        }
        for (JsonNode m : client.containers().inspectRaw(id, false).path("Mounts")) {
            if ("volume".equals(m.path("Type").asText()) && anonymousTargets.contains(m.path("Destination").asText())) {
                out.add(Mount.builder().type("volume").source(m.path("Name").asText())
                        .target(m.path("Destination").asText()).build());
            }
        }
        return out;
    }

    private void create(Project project, ContainerSpecs specs, String service, int number, String hash, String name,
                        List<Mount> inherited) {
        ContainerCreateRequest request = specs.request(service, number, false, hash, s -> firstContainer(project, s));
        if (!inherited.isEmpty()) {
            var host = request.hostConfig();
            var mounts = new ArrayList<Mount>(host.mounts() == null ? List.of() : host.mounts());
            var targets = inherited.stream().map(Mount::target).collect(java.util.stream.Collectors.toSet());
            mounts.removeIf(m -> targets.contains(m.target()));
            mounts.addAll(inherited);
            request = new ContainerCreateRequest(request.config(), Json.convert(withMounts(host, mounts), HostConfig.class),
                    request.networkingConfig());
        }
        client.containers().create(Optional.of(name), request);
    }

    private static JsonNode withMounts(HostConfig host, List<Mount> mounts) {
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().valueToTree(host);
        node.set("Mounts", Json.mapper().valueToTree(mounts));
        return node;
    }

    /** What the config hash covers besides the service: the real names of its networks and volumes. */
    private static Map<String, Object> resources(Project project, Map<String, Object> svc, ContainerSpecs specs) {
        var out = new LinkedHashMap<String, Object>();
        if (svc.get("networks") instanceof Map<?, ?> n) {
            n.keySet().forEach(k -> out.put("network:" + k, specs.networkName(String.valueOf(k))));
        }
        for (Map<String, Object> v : ContainerSpecs.maps(svc.get("volumes"))) {
            if ("volume".equals(v.get("type")) && v.get("source") != null) {
                out.put("volume:" + v.get("source"), specs.volumeName(String.valueOf(v.get("source"))));
            }
        }
        return out;
    }

    private String firstContainer(Project project, String service) {
        var svc = project.services().get(service);
        if (svc != null && svc.get("container_name") != null) {
            return String.valueOf(svc.get("container_name"));
        }
        return containers(project.name(), true, List.of(service)).stream()
                .filter(c -> !"True".equals(label(c, Labels.ONEOFF))).min(Comparator.comparingInt(ComposeService::number))
                .map(ComposeService::name).orElse(project.name() + "-" + service + "-1");
    }

    private void start(String name) {
        progress.accept(" Container " + name + "  Starting");
        client.containers().start(name);
        progress.accept(" Container " + name + "  Started");
    }

    // ---- depends_on conditions ---------------------------------------------------------------

    private Map<String, List<ContainerSummary>> existingOf(String project) {
        var out = new HashMap<String, List<ContainerSummary>>();
        for (ContainerSummary c : containers(project, true, List.of())) {
            if (!"True".equals(label(c, Labels.ONEOFF))) {
                out.computeIfAbsent(label(c, Labels.SERVICE), _ -> new ArrayList<>()).add(c);
            }
        }
        return out;
    }

    /** Waits until each {@code depends_on} of {@code service} holds its condition. */
    private void awaitDependencies(Project project, String service, Map<String, List<ContainerSummary>> existing) {
        if (!(project.services().get(service).get("depends_on") instanceof Map<?, ?> deps)) {
            return;
        }
        for (var e : ContainerSpecs.map(deps).entrySet()) {
            var dep = ContainerSpecs.map(e.getValue());
            String condition = String.valueOf(dep.getOrDefault("condition", "service_started"));
            boolean required = !Boolean.FALSE.equals(dep.get("required"));
            var containers = existing.getOrDefault(e.getKey(), List.of());
            if (containers.isEmpty()) {
                if (required && project.services().containsKey(e.getKey())
                        && !condition.equals("service_started")) {
                    throw new io.berth.compose.ComposeException("service \"" + e.getKey() + "\" has no container to wait for");
                }
                continue;
            }
            for (ContainerSummary c : containers) {
                awaitCondition(name(c), e.getKey(), condition, required);
            }
        }
    }

    private void awaitCondition(String container, String service, String condition, boolean required) {
        switch (condition) {
            case "service_healthy" -> {
                progress.accept(" Container " + container + "  Waiting");
                while (true) {
                    JsonNode state = client.containers().inspectRaw(container, false).path("State");
                    String health = state.path("Health").path("Status").asText("");
                    if (health.equals("healthy")) {
                        progress.accept(" Container " + container + "  Healthy");
                        return;
                    }
                    if (health.equals("unhealthy")) {
                        if (!required) {
                            return;
                        }
                        throw new io.berth.compose.ComposeException("dependency failed to start: container " + container
                                + " is unhealthy");
                    }
                    if (!state.has("Health") || state.path("Health").isNull()) {
                        throw new io.berth.compose.ComposeException("container " + container + " has no healthcheck configured");
                    }
                    if (!state.path("Running").asBoolean() && !state.path("Restarting").asBoolean()) {
                        throw new io.berth.compose.ComposeException("dependency failed to start: container " + container
                                + " exited (" + state.path("ExitCode").asInt() + ")");
                    }
                    sleep();
                }
            }
            case "service_completed_successfully" -> {
                progress.accept(" Container " + container + "  Waiting");
                long code = client.containers().await(container, io.berth.api.model.WaitCondition.NOT_RUNNING)
                        .statusCode();
                if (code != 0 && required) {
                    throw new io.berth.compose.ComposeException("service \"" + service + "\" didn't complete successfully: exit "
                            + code);
                }
                progress.accept(" Container " + container + "  Exited");
            }
            default -> { }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.berth.common.UnavailableException("interrupted", e);
        }
    }

    /** {@code up --wait}: until every container of {@code services} runs, and is healthy if it has a health check. */
    public void awaitRunningOrHealthy(Project project, List<String> services, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ContainerSummary c : containers(project.name(), true, services)) {
            if ("True".equals(label(c, Labels.ONEOFF))) {
                continue;
            }
            String name = name(c);
            progress.accept(" Container " + name + "  Waiting");
            while (true) {
                JsonNode state = client.containers().inspectRaw(name, false).path("State");
                String health = state.path("Health").path("Status").asText("");
                boolean running = state.path("Running").asBoolean();
                if (running && (health.isEmpty() || health.equals("healthy"))) {
                    progress.accept(" Container " + name + "  " + (health.isEmpty() ? "Running" : "Healthy"));
                    break;
                }
                if (health.equals("unhealthy")) {
                    throw new io.berth.compose.ComposeException("container " + name + " is unhealthy");
                }
                if (!running && !state.path("Restarting").asBoolean()) {
                    throw new io.berth.compose.ComposeException("container " + name + " exited (" + state.path("ExitCode").asInt()
                            + ")");
                }
                if (System.nanoTime() > deadline) {
                    throw new io.berth.compose.ComposeException("timeout waiting for " + name);
                }
                sleep();
            }
        }
    }

    // ---- down and the other verbs -------------------------------------------------------------

    /** Removes the project's containers, then the networks (and volumes, images) compose made for it. */
    public void down(String projectName, Optional<Project> project, DownOptions options) {
        var all = containers(projectName, true, List.of());
        List<ContainerSummary> containers = all;
        if (project.isPresent() && !options.removeOrphans()) {
            var p = project.get();
            containers = all.stream().filter(c -> p.services().containsKey(label(c, Labels.SERVICE))
                    || "True".equals(label(c, Labels.ONEOFF))).toList();
            var orphans = all.stream().filter(c -> !containersContain(p, c)).toList();
            if (!orphans.isEmpty()) {
                progress.accept("WARN[0000] Found orphan containers (" + orphans.stream().map(ComposeService::name).toList()
                        + ") for this project. If you removed or renamed this service in your compose file, you can run "
                        + "this command with the --remove-orphans flag to clean it up.");
            }
        }
        var order = new ArrayList<>(containers);
        if (project.isPresent()) {
            var services = dependencyOrder(project.get(), new ArrayList<>(project.get().services().keySet()));
            order.sort(Comparator.comparingInt((ContainerSummary c) -> -services.indexOf(label(c, Labels.SERVICE))));
        }
        for (ContainerSummary c : order) {
            var svc = project.map(p -> p.services().get(label(c, Labels.SERVICE))).orElse(null);
            stopAndRemove(c, options.timeout().or(() -> Optional.ofNullable(svc).flatMap(s -> stopTimeout(s))), true);
        }
        var images = new LinkedHashSet<String>();
        if (options.rmi().isPresent()) {
            for (ContainerSummary c : all) {
                String image = label(c, Labels.IMAGE);
                boolean built = project.map(p -> p.services().get(label(c, Labels.SERVICE)))
                        .map(s -> s.get("image") == null).orElse(image.equals(projectName + "-" + label(c, Labels.SERVICE)));
                if (options.rmi().get().equals("all") || built) {
                    images.add(image.isEmpty() ? c.image() : image);
                }
            }
        }
        for (String network : projectNetworks(projectName, project)) {
            progress.accept(" Network " + network + "  Removing");
            try {
                client.networks().remove(network);
                progress.accept(" Network " + network + "  Removed");
            } catch (NotFoundException e) {
                progress.accept(" Network " + network + "  Removed");
            } catch (BerthException e) {
                progress.accept(" Network " + network + "  Error");
                throw e;
            }
        }
        if (options.volumes()) {
            for (String volume : projectVolumes(projectName, project)) {
                progress.accept(" Volume " + volume + "  Removing");
                client.volumes().remove(volume, false);
                progress.accept(" Volume " + volume + "  Removed");
            }
        }
        for (String image : images) {
            progress.accept(" Image " + image + "  Removing");
            try {
                client.images().remove(image, false);
                progress.accept(" Image " + image + "  Removed");
            } catch (NotFoundException e) {
                progress.accept(" Image " + image + "  Removed");
            }
        }
    }

    private static boolean containersContain(Project p, ContainerSummary c) {
        return p.services().containsKey(label(c, Labels.SERVICE)) || "True".equals(label(c, Labels.ONEOFF));
    }

    /** The networks compose made for the project (the model's, or with no model every one labelled for it). */
    private List<String> projectNetworks(String projectName, Optional<Project> project) {
        var labelled = client.networks().list(Map.of("label", List.of(Labels.PROJECT + "=" + projectName)));
        var names = new ArrayList<String>();
        for (var n : labelled) {
            if (project.isEmpty()) {
                names.add(n.name());
                continue;
            }
            var specs = new ContainerSpecs(project.get());
            boolean inModel = project.get().networks().entrySet().stream()
                    .anyMatch(e -> !Boolean.TRUE.equals(e.getValue().get("external"))
                            && specs.networkName(e.getKey()).equals(n.name()));
            if (inModel) {
                names.add(n.name());
            }
        }
        names.sort(null);
        return names;
    }

    private List<String> projectVolumes(String projectName, Optional<Project> project) {
        var labelled = client.volumes().list(Map.of("label", List.of(Labels.PROJECT + "=" + projectName)));
        var names = new ArrayList<String>();
        if (labelled.volumes() == null) {
            return names;
        }
        for (var v : labelled.volumes()) {
            if (project.isEmpty()) {
                names.add(v.name());
                continue;
            }
            var specs = new ContainerSpecs(project.get());
            boolean inModel = project.get().volumes().entrySet().stream()
                    .anyMatch(e -> !Boolean.TRUE.equals(e.getValue().get("external"))
                            && specs.volumeName(e.getKey()).equals(v.name()));
            if (inModel) {
                names.add(v.name());
            }
        }
        names.sort(null);
        return names;
    }

    private void stopAndRemove(ContainerSummary c, Optional<Duration> timeout, boolean anonymousVolumes) {
        String name = name(c);
        if ("running".equals(c.state()) || "paused".equals(c.state()) || "restarting".equals(c.state())) {
            progress.accept(" Container " + name + "  Stopping");
            client.containers().stop(c.id(), new StopOptions(timeout, Optional.empty()));
            progress.accept(" Container " + name + "  Stopped");
        }
        progress.accept(" Container " + name + "  Removing");
        client.containers().remove(c.id(), new RemoveOptions(true, anonymousVolumes));
        progress.accept(" Container " + name + "  Removed");
    }

    private static StopOptions stopOptions(Map<String, Object> svc, Optional<Duration> timeout) {
        return new StopOptions(timeout.or(() -> stopTimeout(svc)), Optional.empty());
    }

    private static Optional<Duration> stopTimeout(Map<String, Object> svc) {
        return svc.get("stop_grace_period") == null ? Optional.empty()
                : Optional.of(GoDuration.parse(svc.get("stop_grace_period"), "stop_grace_period"));
    }

    /** A project's containers (running ones unless {@code all}), of {@code services} when any are named. */
    public List<ContainerSummary> containers(String project, boolean all, List<String> services) {
        var filters = new LinkedHashMap<String, List<String>>();
        filters.put("label", List.of(Labels.PROJECT + "=" + project));
        var list = client.containers().list(new ContainerListOptions(all, OptionalInt.empty(), false, filters));
        return list.stream().filter(c -> services.isEmpty() || services.contains(label(c, Labels.SERVICE)))
                .sorted(Comparator.comparing(ComposeService::name)).toList();
    }

    /** {@code stop}, {@code start}, {@code restart}, {@code kill}, {@code pause}, {@code unpause}, {@code rm}. */
    public void stop(Project project, List<String> services, Optional<Duration> timeout) {
        var order = dependencyOrder(project, targets(project, services, true));
        for (String s : order.reversed()) {
            for (ContainerSummary c : containers(project.name(), false, List.of(s))) {
                progress.accept(" Container " + name(c) + "  Stopping");
                client.containers().stop(c.id(), stopOptions(project.services().get(s), timeout));
                progress.accept(" Container " + name(c) + "  Stopped");
            }
        }
    }

    public void start(Project project, List<String> services) {
        var order = dependencyOrder(project, targets(project, services, true));
        for (String s : order) {
            awaitDependencies(project, s, existingOf(project.name()));
            for (ContainerSummary c : containers(project.name(), true, List.of(s))) {
                if (!"running".equals(c.state()) && !"True".equals(label(c, Labels.ONEOFF))) {
                    start(name(c));
                }
            }
        }
    }

    public void restart(Project project, List<String> services, Optional<Duration> timeout) {
        for (String s : dependencyOrder(project, targets(project, services, true))) {
            for (ContainerSummary c : containers(project.name(), true, List.of(s))) {
                if ("True".equals(label(c, Labels.ONEOFF))) {
                    continue;
                }
                progress.accept(" Container " + name(c) + "  Restarting");
                client.containers().restart(c.id(), stopOptions(project.services().get(s), timeout));
                progress.accept(" Container " + name(c) + "  Started");
            }
        }
    }

    public void kill(String project, List<String> services, Optional<String> signal) {
        for (ContainerSummary c : containers(project, false, services)) {
            progress.accept(" Container " + name(c) + "  Killing");
            client.containers().kill(c.id(), signal);
            progress.accept(" Container " + name(c) + "  Killed");
        }
    }

    /** {@code pause} and {@code unpause} ({@code POST /containers/{id}/pause|unpause}). */
    public void pause(String project, List<String> services, boolean pause) {
        for (ContainerSummary c : containers(project, false, services)) {
            progress.accept(" Container " + name(c) + "  " + (pause ? "Pausing" : "Unpausing"));
            try (var reply = client.transport().send("POST", "/containers/" + c.id() + (pause ? "/pause" : "/unpause"),
                    io.berth.client.HttpTransport.Body.none(), new io.berth.common.http.Headers())) {
                reply.bytes();
            }
            progress.accept(" Container " + name(c) + "  " + (pause ? "Paused" : "Unpaused"));
        }
    }

    /** {@code rm}: the stopped containers of the services (running ones too with {@code stop}). */
    public List<ContainerSummary> removable(String project, List<String> services, boolean stopFirst) {
        return containers(project, true, services).stream()
                .filter(c -> stopFirst || !"running".equals(c.state())).toList();
    }

    public void remove(List<ContainerSummary> containers, boolean stopFirst, boolean volumes) {
        for (ContainerSummary c : containers) {
            if (stopFirst && "running".equals(c.state())) {
                progress.accept(" Container " + name(c) + "  Stopping");
                client.containers().stop(c.id(), StopOptions.defaults());
                progress.accept(" Container " + name(c) + "  Stopped");
            }
            progress.accept(" Container " + name(c) + "  Removing");
            client.containers().remove(c.id(), new RemoveOptions(true, volumes));
            progress.accept(" Container " + name(c) + "  Removed");
        }
    }

    /** The container to {@code exec} in or {@code port} for: the service's {@code index}th. */
    public ContainerSummary container(String project, String service, int index) {
        return containers(project, true, List.of(service)).stream()
                .filter(c -> !"True".equals(label(c, Labels.ONEOFF)) && number(c) == index).findFirst()
                .orElseThrow(() -> new io.berth.compose.ComposeException("service \"" + service + "\" is not running"));
    }

    /** Creates a one-off container for {@code run}; returns its name. */
    public String createOneOff(Project project, String service, Optional<String> name,
                               java.util.function.UnaryOperator<ContainerCreateRequest> adjust) {
        var specs = new ContainerSpecs(project);
        specs.validate(List.of(service));
        ensureImage(project, service, specs, UpOptions.defaults());
        String hash = ConfigHash.of(project.services().get(service), resources(project, project.services().get(service), specs));
        String containerName = name.orElseGet(() -> project.name() + "-" + service + "-run-"
                + io.berth.common.Ids.random().substring(0, 12));
        var request = adjust.apply(specs.request(service, 1, true, hash, s -> firstContainer(project, s)));
        client.containers().create(Optional.of(containerName), request);
        return containerName;
    }

    /** Brings up what a one-off container of {@code service} depends on. */
    public void upDependencies(Project project, String service) {
        var deps = targets(project, List.of(service), false);
        deps.remove(service);
        if (deps.isEmpty()) {
            return;
        }
        var options = new UpOptions(deps, false, false, false, false, Map.of(), true, false, false, Optional.empty(),
                Optional.empty(), false);
        up(project, options);
        awaitDependencies(project, service, existingOf(project.name()));
    }

    /** Creates the networks and volumes a project needs (for {@code run --no-deps}). */
    public void ensureResources(Project project, List<String> services) {
        var specs = new ContainerSpecs(project);
        specs.validate(services);
        ensureNetworks(project, services, specs);
        ensureVolumes(project, services);
    }

    public static String label(ContainerSummary c, String key) {
        return c.labels() == null ? "" : c.labels().getOrDefault(key, "");
    }

    public static int number(ContainerSummary c) {
        try {
            return Integer.parseInt(label(c, Labels.CONTAINER_NUMBER));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public static String name(ContainerSummary c) {
        return c.names() == null || c.names().isEmpty() ? c.id().substring(0, 12)
                : c.names().getFirst().startsWith("/") ? c.names().getFirst().substring(1) : c.names().getFirst();
    }
}
