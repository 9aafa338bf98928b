package io.berth.compose.project;

import io.berth.api.model.ContainerConfig;
import io.berth.api.model.ContainerCreateRequest;
import io.berth.api.model.HostConfig;
import io.berth.api.model.NetworkingConfig;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import io.berth.compose.loader.Project;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A service of a loaded project as the Engine API's create request, key by key as docker compose
 * translates it: the service's image, command, environment, labels (its own and Compose's), ports,
 * mounts, networks with their aliases and static addresses, restart policy, health check, limits.
 */
public final class ContainerSpecs {
    private final Project project;

    public ContainerSpecs(Project project) {
        this.project = project;
    }

    /** What a container of {@code service} needs to be created; {@code containerOf} names a service's first container. */
    public ContainerCreateRequest request(String service, int number, boolean oneoff, String hash,
                                          Function<String, String> containerOf) {
        Map<String, Object> svc = project.services().get(service);
        String at = "services." + service;
        var config = new LinkedHashMap<String, Object>();
        var host = new LinkedHashMap<String, Object>();
        config.put("Image", imageName(service));
        config.put("AttachStdout", true);
        config.put("AttachStderr", true);
        put(config, "Hostname", svc.get("hostname"));
        put(config, "Domainname", svc.get("domainname"));
        put(config, "User", svc.get("user"));
        put(config, "WorkingDir", svc.get("working_dir"));
        put(config, "Cmd", svc.get("command"));
        put(config, "Entrypoint", svc.get("entrypoint"));
        put(config, "Tty", svc.get("tty"));
        put(config, "OpenStdin", svc.get("stdin_open"));
        put(config, "StopSignal", svc.get("stop_signal"));
        put(config, "MacAddress", svc.get("mac_address"));
        if (svc.get("stop_grace_period") != null) {
            config.put("StopTimeout", GoDuration.parse(svc.get("stop_grace_period"), at + ".stop_grace_period").toSeconds());
        }
        config.put("Env", env(svc));
        config.put("Labels", labels(service, svc, number, oneoff, hash));
        if (svc.get("healthcheck") instanceof Map<?, ?> hc) {
            config.put("Healthcheck", healthcheck(map(hc), at + ".healthcheck"));
        }
        var exposed = new LinkedHashMap<String, Object>();
        var bindings = new LinkedHashMap<String, List<Map<String, Object>>>();
        for (Map<String, Object> p : maps(svc.get("ports"))) {
            String key = p.get("target") + "/" + p.getOrDefault("protocol", "tcp");
            exposed.put(key, Map.of());
            var binding = new LinkedHashMap<String, Object>();
            binding.put("HostIp", p.getOrDefault("host_ip", ""));
            binding.put("HostPort", p.getOrDefault("published", ""));
            bindings.computeIfAbsent(key, _ -> new ArrayList<>()).add(binding);
        }
        if (svc.get("expose") instanceof List<?> expose) {
            for (Object e : expose) {
                String s = String.valueOf(e);
                exposed.put(s.contains("/") ? s : s + "/tcp", Map.of());
            }
        }
        if (!exposed.isEmpty()) {
            config.put("ExposedPorts", exposed);
        }
        if (!bindings.isEmpty()) {
            host.put("PortBindings", bindings);
        }
        mounts(svc, host, at, containerOf);
        restart(svc, host);
        hostSettings(svc, host, at, containerOf);
        var networking = networking(service, svc, host, containerOf);
        return new ContainerCreateRequest(Json.convert(config, ContainerConfig.class), Json.convert(host, HostConfig.class),
                Json.convert(networking, NetworkingConfig.class));
    }

    /**
     * The service keys berth compose does not honour, with why: a project that uses one is refused
     * before anything is created, rather than run without it.
     */
    static final Map<String, String> UNSUPPORTED = unsupported();

    private static Map<String, String> unsupported() {
        var m = new LinkedHashMap<String, String>();
        String notYet = "berthd does not support it yet";
        m.put("blkio_config", "berthd sets no block I/O limits yet");
        m.put("cgroup", notYet);
        m.put("cpu_count", "Windows containers only");
        m.put("cpu_percent", "Windows containers only");
        m.put("cpu_rt_period", "berthd sets no real-time CPU scheduling");
        m.put("cpu_rt_runtime", "berthd sets no real-time CPU scheduling");
        m.put("credential_spec", "Windows containers only");
        m.put("develop", "watch mode is not implemented");
        m.put("device_cgroup_rules", "berthd passes no host devices to containers yet");
        m.put("devices", "berthd passes no host devices to containers yet");
        m.put("external_links", "legacy links to containers outside the project: use a shared network");
        m.put("gpus", "berthd passes no GPUs to containers");
        m.put("isolation", "Windows containers only");
        m.put("label_file", notYet);
        m.put("mem_swappiness", notYet);
        m.put("models", "model runners are not supported");
        m.put("oom_kill_disable", notYet);
        m.put("post_start", "lifecycle hooks are not implemented");
        m.put("pre_stop", "lifecycle hooks are not implemented");
        m.put("provider", "provider services are not supported");
        m.put("pull_refresh_after", notYet);
        m.put("storage_opt", "overlay storage has no per-container size option in berthd");
        m.put("use_api_socket", notYet);
        m.put("uts", notYet);
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * Checks before {@code up}, {@code create} or {@code run} makes anything that each of these
     * services can become a create request: no key berth compose cannot honour, durations,
     * sizes and mounts that translate.
     */
    public void validate(List<String> services) {
        for (String service : services) {
            var svc = project.services().get(service);
            for (var key : UNSUPPORTED.entrySet()) {
                if (svc.containsKey(key.getKey())) {
                    throw new io.berth.compose.ComposeException("services." + service + "." + key.getKey()
                            + ": not supported by berth compose (" + key.getValue() + ")");
                }
            }
            try {
                request(service, 1, false, "", s -> project.name() + "-" + s + "-1");
            } catch (InvalidArgumentException e) {
                throw new io.berth.compose.ComposeException(e.getMessage()); // the file's problem, not the daemon's
            }
        }
    }

    /** The image a service runs: {@code image}, else {@code <project>-<service>} (what {@code build} makes). */
    public String imageName(String service) {
        Object image = project.services().get(service).get("image");
        return image != null ? String.valueOf(image) : project.name() + "-" + service;
    }

    private Map<String, String> labels(String service, Map<String, Object> svc, int number, boolean oneoff, String hash) {
        var labels = new LinkedHashMap<String, String>();
        if (svc.get("labels") instanceof Map<?, ?> own) {
            own.forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
        }
        labels.put(Labels.PROJECT, project.name());
        labels.put(Labels.SERVICE, service);
        labels.put(Labels.CONTAINER_NUMBER, Integer.toString(number));
        labels.put(Labels.ONEOFF, oneoff ? "True" : "False");
        labels.put(Labels.CONFIG_HASH, hash);
        labels.put(Labels.WORKING_DIR, project.workingDirectory().toString());
        labels.put(Labels.CONFIG_FILES, String.join(",", project.configFiles().stream().map(Object::toString).toList()));
        labels.put(Labels.IMAGE, imageName(service));
        labels.put(Labels.VERSION, Labels.COMPOSE_VERSION);
        var deps = new ArrayList<String>();
        if (svc.get("depends_on") instanceof Map<?, ?> d) {
            map(d).forEach((name, v) -> {
                var dep = v instanceof Map<?, ?> m ? map(m) : Map.<String, Object>of();
                deps.add(name + ":" + dep.getOrDefault("condition", "service_started") + ":"
                        + Boolean.TRUE.equals(dep.get("restart")));
            });
        }
        labels.put(Labels.DEPENDS_ON, String.join(",", deps));
        return labels;
    }

    private static List<String> env(Map<String, Object> svc) {
        var out = new ArrayList<String>();
        if (svc.get("environment") instanceof Map<?, ?> env) {
            env.forEach((k, v) -> {
                if (v != null) {
                    out.add(k + "=" + v);
                }
            });
        }
        return out;
    }

    private static Map<String, Object> healthcheck(Map<String, Object> hc, String at) {
        var out = new LinkedHashMap<String, Object>();
        if (Boolean.TRUE.equals(hc.get("disable"))) {
            out.put("Test", List.of("NONE"));
            return out;
        }
        if (hc.get("test") != null) {
            out.put("Test", hc.get("test"));
        }
        for (var e : Map.of("interval", "Interval", "timeout", "Timeout", "start_period", "StartPeriod",
                "start_interval", "StartInterval").entrySet()) {
            if (hc.get(e.getKey()) != null) {
                out.put(e.getValue(), GoDuration.parse(hc.get(e.getKey()), at + "." + e.getKey()).toNanos());
            }
        }
        if (hc.get("retries") != null) {
            out.put("Retries", hc.get("retries"));
        }
        return out;
    }

    private void mounts(Map<String, Object> svc, Map<String, Object> host, String at, Function<String, String> containerOf) {
        var binds = new ArrayList<String>();
        var mounts = new ArrayList<Map<String, Object>>();
        for (Map<String, Object> v : maps(svc.get("volumes"))) {
            String type = String.valueOf(v.get("type"));
            boolean ro = Boolean.TRUE.equals(v.get("read_only"));
            var mount = new LinkedHashMap<String, Object>();
            mount.put("Target", v.get("target"));
            switch (type) {
                case "bind" -> {
                    var bind = v.get("bind") instanceof Map<?, ?> b ? map(b) : Map.<String, Object>of();
                    if (Boolean.TRUE.equals(bind.get("create_host_path"))) {
                        var modes = new ArrayList<String>();
                        modes.add(ro ? "ro" : "rw");
                        if (bind.get("propagation") != null) {
                            modes.add(String.valueOf(bind.get("propagation")));
                        }
                        if (bind.get("selinux") != null) {
                            modes.add(String.valueOf(bind.get("selinux")));
                        }
                        binds.add(v.get("source") + ":" + v.get("target") + ":" + String.join(",", modes));
                        continue;
                    }
                    mount.put("Type", "bind");
                    mount.put("Source", v.get("source"));
                    if (bind.get("propagation") != null) {
                        mount.put("BindOptions", Map.of("Propagation", bind.get("propagation")));
                    }
                }
                case "volume" -> {
                    mount.put("Type", "volume");
                    if (v.get("source") != null) {
                        mount.put("Source", volumeName(String.valueOf(v.get("source"))));
                    }
                    var vol = v.get("volume") instanceof Map<?, ?> o ? map(o) : Map.<String, Object>of();
                    if (Boolean.TRUE.equals(vol.get("nocopy"))) {
                        mount.put("VolumeOptions", Map.of("NoCopy", true));
                    }
                }
                case "tmpfs" -> {
                    mount.put("Type", "tmpfs");
                    var tmpfs = v.get("tmpfs") instanceof Map<?, ?> o ? map(o) : Map.<String, Object>of();
                    var options = new LinkedHashMap<String, Object>();
                    if (tmpfs.get("size") != null) {
                        options.put("SizeBytes", Long.parseLong(io.berth.compose.loader.Sizes.bytes(tmpfs.get("size"),
                                at + ".volumes.tmpfs.size")));
                    }
                    if (tmpfs.get("mode") != null) {
                        options.put("Mode", tmpfs.get("mode"));
                    }
                    if (!options.isEmpty()) {
                        mount.put("TmpfsOptions", options);
                    }
                }
                default -> throw new InvalidArgumentException(at + ".volumes: unsupported mount type " + type);
            }
            if (ro) {
                mount.put("ReadOnly", true);
            }
            mounts.add(mount);
        }
        for (String kind : List.of("secrets", "configs")) {
            var declared = project.section(kind);
            for (Map<String, Object> ref : maps(svc.get(kind))) {
                String source = String.valueOf(ref.get("source"));
                var def = declared.getOrDefault(source, Map.of());
                if (def.get("file") == null) {
                    throw new InvalidArgumentException(at + "." + kind + "." + source
                            + ": only file-based " + kind + " are supported");
                }
                String target = ref.get("target") != null ? String.valueOf(ref.get("target")) : source;
                if (!target.startsWith("/")) {
                    target = (kind.equals("secrets") ? "/run/secrets/" : "/") + target;
                }
                binds.add(def.get("file") + ":" + target + ":ro");
            }
        }
        if (svc.get("tmpfs") instanceof List<?> tmpfs) {
            var t = new LinkedHashMap<String, String>();
            for (Object o : tmpfs) {
                String s = String.valueOf(o);
                int colon = s.indexOf(':');
                t.put(colon < 0 ? s : s.substring(0, colon), colon < 0 ? "" : s.substring(colon + 1));
            }
            host.put("Tmpfs", t);
        }
        if (svc.get("volumes_from") instanceof List<?> from) {
            var out = new ArrayList<String>();
            for (Object o : from) {
                String s = String.valueOf(o);
                String mode = "";
                if (s.endsWith(":ro") || s.endsWith(":rw")) {
                    mode = s.substring(s.length() - 3);
                    s = s.substring(0, s.length() - 3);
                }
                out.add((s.startsWith("container:") ? s.substring("container:".length()) : containerOf.apply(s)) + mode);
            }
            host.put("VolumesFrom", out);
        }
        if (!binds.isEmpty()) {
            host.put("Binds", binds);
        }
        if (!mounts.isEmpty()) {
            host.put("Mounts", mounts);
        }
    }

    private static void restart(Map<String, Object> svc, Map<String, Object> host) {
        String restart = svc.get("restart") == null ? null : String.valueOf(svc.get("restart"));
        if (restart == null && svc.get("deploy") instanceof Map<?, ?> d && map(d).get("restart_policy") instanceof Map<?, ?> rp) {
            var policy = map(rp);
            String condition = String.valueOf(policy.getOrDefault("condition", "any"));
            restart = switch (condition) {
                case "none" -> "no";
                case "on-failure" -> "on-failure" + (policy.get("max_attempts") != null ? ":" + policy.get("max_attempts") : "");
                default -> "always";
            };
        }
        if (restart == null) {
            return;
        }
        var policy = new LinkedHashMap<String, Object>();
        int colon = restart.indexOf(':');
        policy.put("Name", colon < 0 ? restart : restart.substring(0, colon));
        if (colon >= 0) {
            policy.put("MaximumRetryCount", Long.parseLong(restart.substring(colon + 1)));
        }
        host.put("RestartPolicy", policy);
    }

    private void hostSettings(Map<String, Object> svc, Map<String, Object> host, String at,
                              Function<String, String> containerOf) {
        put(host, "Dns", svc.get("dns"));
        put(host, "DnsSearch", svc.get("dns_search"));
        put(host, "DnsOptions", svc.get("dns_opt"));
        if (svc.get("extra_hosts") instanceof List<?> hosts) {
            host.put("ExtraHosts", hosts.stream().map(h -> String.valueOf(h).replaceFirst("=", ":")).toList());
        }
        put(host, "CapAdd", svc.get("cap_add"));
        put(host, "CapDrop", svc.get("cap_drop"));
        put(host, "SecurityOpt", svc.get("security_opt"));
        put(host, "Privileged", svc.get("privileged"));
        put(host, "ReadonlyRootfs", svc.get("read_only"));
        put(host, "Init", svc.get("init"));
        put(host, "GroupAdd", svc.get("group_add"));
        put(host, "OomScoreAdj", svc.get("oom_score_adj"));
        put(host, "CgroupParent", svc.get("cgroup_parent"));
        put(host, "UsernsMode", svc.get("userns_mode"));
        put(host, "Runtime", svc.get("runtime"));
        put(host, "CpuShares", svc.get("cpu_shares"));
        put(host, "CpuPeriod", svc.get("cpu_period"));
        put(host, "CpuQuota", svc.get("cpu_quota"));
        if (svc.get("annotations") instanceof Map<?, ?> a) {
            var annotations = new LinkedHashMap<String, String>();
            a.forEach((k, v) -> annotations.put(String.valueOf(k), String.valueOf(v)));
            host.put("Annotations", annotations);
        }
        put(host, "CpusetCpus", svc.get("cpuset"));
        put(host, "Sysctls", svc.get("sysctls"));
        for (String mode : List.of("ipc", "pid")) {
            if (svc.get(mode) instanceof String m) {
                host.put(mode.equals("ipc") ? "IpcMode" : "PidMode",
                        m.startsWith("service:") ? "container:" + containerOf.apply(m.substring(8)) : m);
            }
        }
        if (svc.get("shm_size") != null) {
            host.put("ShmSize", Long.parseLong(String.valueOf(svc.get("shm_size"))));
        }
        if (svc.get("mem_limit") != null) {
            host.put("Memory", Long.parseLong(String.valueOf(svc.get("mem_limit"))));
        }
        if (svc.get("mem_reservation") != null) {
            host.put("MemoryReservation", Long.parseLong(String.valueOf(svc.get("mem_reservation"))));
        }
        if (svc.get("memswap_limit") != null) {
            host.put("MemorySwap", Long.parseLong(String.valueOf(svc.get("memswap_limit"))));
        }
        if (svc.get("cpus") instanceof Number cpus) {
            host.put("NanoCpus", (long) (cpus.doubleValue() * 1e9));
        }
        put(host, "PidsLimit", svc.get("pids_limit"));
        if (svc.get("deploy") instanceof Map<?, ?> d && map(d).get("resources") instanceof Map<?, ?> r) {
            var resources = map(r);
            if (resources.get("limits") instanceof Map<?, ?> l) {
                var limits = map(l);
                if (limits.get("memory") != null) {
                    host.put("Memory", Long.parseLong(String.valueOf(limits.get("memory"))));
                }
                if (limits.get("cpus") != null) {
                    host.put("NanoCpus", (long) (Double.parseDouble(String.valueOf(limits.get("cpus"))) * 1e9));
                }
                if (limits.get("pids") != null) {
                    host.put("PidsLimit", Long.parseLong(String.valueOf(limits.get("pids"))));
                }
            }
            if (resources.get("reservations") instanceof Map<?, ?> rv && map(rv).get("memory") != null) {
                host.put("MemoryReservation", Long.parseLong(String.valueOf(map(rv).get("memory"))));
            }
        }
        if (svc.get("ulimits") instanceof Map<?, ?> ulimits) {
            var out = new ArrayList<Map<String, Object>>();
            map(ulimits).forEach((name, v) -> {
                var u = new LinkedHashMap<String, Object>();
                u.put("Name", name);
                if (v instanceof Map<?, ?> m) {
                    u.put("Soft", map(m).get("soft"));
                    u.put("Hard", map(m).get("hard"));
                } else {
                    u.put("Soft", v);
                    u.put("Hard", v);
                }
                out.add(u);
            });
            host.put("Ulimits", out);
        }
        if (svc.get("logging") instanceof Map<?, ?> logging) {
            var log = new LinkedHashMap<String, Object>();
            log.put("Type", map(logging).getOrDefault("driver", "json-file"));
            log.put("Config", map(logging).getOrDefault("options", Map.of()));
            host.put("LogConfig", log);
        }
        if (svc.get("links") instanceof List<?> links) {
            host.put("Links", links.stream().map(l -> {
                String s = String.valueOf(l);
                String[] parts = s.split(":", 2);
                return containerOf.apply(parts[0]) + ":" + (parts.length > 1 ? parts[1] : parts[0]);
            }).toList());
        }
    }

    /** The endpoints: the service's networks by priority (the first is the container's network mode), with aliases. */
    private Map<String, Object> networking(String service, Map<String, Object> svc, Map<String, Object> host,
                                           Function<String, String> containerOf) {
        var endpoints = new LinkedHashMap<String, Object>();
        if (svc.get("network_mode") instanceof String mode) {
            host.put("NetworkMode", mode.startsWith("service:") ? "container:" + containerOf.apply(mode.substring(8)) : mode);
            return Map.of("EndpointsConfig", endpoints);
        }
        var networks = svc.get("networks") instanceof Map<?, ?> n ? map(n) : Map.<String, Object>of();
        var ordered = new ArrayList<>(networks.keySet());
        ordered.sort(Comparator.comparingLong((String k) -> -priority(networks.get(k))).thenComparing(k -> k));
        for (String key : ordered) {
            var settings = networks.get(key) instanceof Map<?, ?> m ? map(m) : Map.<String, Object>of();
            var endpoint = new LinkedHashMap<String, Object>();
            var aliases = new ArrayList<String>();
            aliases.add(service);
            if (settings.get("aliases") instanceof List<?> a) {
                a.forEach(x -> aliases.add(String.valueOf(x)));
            }
            aliases.addAll(linkAliases(service));
            endpoint.put("Aliases", aliases.stream().distinct().toList());
            var ipam = new LinkedHashMap<String, Object>();
            put(ipam, "IPv4Address", settings.get("ipv4_address"));
            put(ipam, "IPv6Address", settings.get("ipv6_address"));
            if (!ipam.isEmpty()) {
                endpoint.put("IPAMConfig", ipam);
            }
            put(endpoint, "MacAddress", settings.get("mac_address"));
            put(endpoint, "DriverOpts", settings.get("driver_opts"));
            if (settings.get("gw_priority") != null) {
                endpoint.put("GwPriority", settings.get("gw_priority"));
            }
            endpoints.put(networkName(key), endpoint);
        }
        if (!ordered.isEmpty()) {
            host.put("NetworkMode", networkName(ordered.getFirst()));
        }
        return Map.of("EndpointsConfig", endpoints);
    }

    /** Aliases other services give this one with {@code links: [service:alias]}. */
    private List<String> linkAliases(String service) {
        var out = new ArrayList<String>();
        project.services().forEach((name, svc) -> {
            if (svc.get("links") instanceof List<?> links) {
                for (Object l : links) {
                    String[] parts = String.valueOf(l).split(":", 2);
                    if (parts[0].equals(service) && parts.length > 1) {
                        out.add(parts[1]);
                    }
                }
            }
        });
        return out;
    }

    private static long priority(Object settings) {
        if (settings instanceof Map<?, ?> m && m.get("priority") instanceof Number n) {
            return n.longValue();
        }
        return 0;
    }

    public String networkName(String key) {
        var n = project.networks().get(key);
        return n != null && n.get("name") != null ? String.valueOf(n.get("name")) : project.name() + "_" + key;
    }

    public String volumeName(String key) {
        var v = project.volumes().get(key);
        return v != null && v.get("name") != null ? String.valueOf(v.get("name")) : project.name() + "_" + key;
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object o) {
        return o instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }
}
