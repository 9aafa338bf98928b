package io.berth.engine.container;

import io.berth.api.model.ContainerConfig;
import io.berth.api.model.ImageConfig;
import io.berth.common.InvalidArgumentException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Docker's rules for combining a create request with the image's defaults. */
final class ConfigMerge {
    private ConfigMerge() {}

    static ContainerConfig merge(ContainerConfig request, ImageConfig image, String defaultHostname) {
        var b = request.toBuilder();
        b.env(mergeEnv(image.env(), request.env()));
        List<String> entrypoint = request.entrypoint();
        List<String> cmd = request.cmd();
        if (entrypoint == null || entrypoint.isEmpty()) {
            // an empty (not absent) entrypoint keeps the image's command but not its entrypoint
            if (cmd == null || cmd.isEmpty()) {
                cmd = image.cmd();
            }
            if (entrypoint == null) {
                entrypoint = image.entrypoint();
            }
        } else if (entrypoint.size() == 1 && entrypoint.getFirst().isEmpty()) {
            entrypoint = null; // --entrypoint "" clears the image's entrypoint and command
        }
        b.entrypoint(entrypoint == null || entrypoint.isEmpty() ? null : entrypoint);
        b.cmd(cmd == null || cmd.isEmpty() ? null : cmd);
        if (blank(request.workingDir())) {
            b.workingDir(image.workingDir() == null ? "" : image.workingDir());
        }
        if (blank(request.user())) {
            b.user(image.user() == null ? "" : image.user());
        }
        if (blank(request.stopSignal()) && !blank(image.stopSignal())) {
            b.stopSignal(image.stopSignal());
        }
        b.healthcheck(healthcheck(request.healthcheck(), image.healthcheck()));
        b.exposedPorts(union(image.exposedPorts(), request.exposedPorts()));
        b.volumes(union(image.volumes(), request.volumes()));
        var labels = union(image.labels(), request.labels());
        b.labels(labels == null ? new LinkedHashMap<>() : labels);
        if (request.onBuild() == null) {
            b.onBuild(image.onBuild());
        }
        if (request.shell() == null) {
            b.shell(image.shell());
        }
        if (blank(request.hostname())) {
            b.hostname(defaultHostname);
        }
        if (request.domainname() == null) {
            b.domainname("");
        }
        b.attachStdin(Boolean.TRUE.equals(request.attachStdin()));
        b.attachStdout(Boolean.TRUE.equals(request.attachStdout()));
        b.attachStderr(Boolean.TRUE.equals(request.attachStderr()));
        b.tty(Boolean.TRUE.equals(request.tty()));
        b.openStdin(Boolean.TRUE.equals(request.openStdin()));
        b.stdinOnce(Boolean.TRUE.equals(request.stdinOnce()));
        return b.build();
    }

    /**
     * moby's merge of a healthcheck: the request's, its empty test and zero durations and retries
     * taken from the image's ({@code --health-interval} alone keeps the image's HEALTHCHECK command).
     */
    static io.berth.api.model.HealthConfig healthcheck(io.berth.api.model.HealthConfig request,
                                                       io.berth.api.model.HealthConfig image) {
        if (request == null) {
            return image;
        }
        if (image == null) {
            return request;
        }
        var b = request.toBuilder();
        if (request.test() == null || request.test().isEmpty()) {
            b.test(image.test());
        }
        if (zero(request.interval())) {
            b.interval(image.interval());
        }
        if (zero(request.timeout())) {
            b.timeout(image.timeout());
        }
        if (zero(request.startPeriod())) {
            b.startPeriod(image.startPeriod());
        }
        if (zero(request.startInterval())) {
            b.startInterval(image.startInterval());
        }
        if (zero(request.retries())) {
            b.retries(image.retries());
        }
        return b.build();
    }

    private static boolean zero(Long value) {
        return value == null || value == 0;
    }

    /** The process's argv: entrypoint then command. */
    static List<String> argv(ContainerConfig config) {
        var argv = new ArrayList<String>();
        if (config.entrypoint() != null) {
            argv.addAll(config.entrypoint());
        }
        if (config.cmd() != null) {
            argv.addAll(config.cmd());
        }
        if (argv.isEmpty()) {
            throw new InvalidArgumentException("no command specified");
        }
        return argv;
    }

    /**
     * Docker's order: the request's variables first (a repeated key keeps its first place and its
     * last value), then the image's variables the request does not set.
     */
    static List<String> mergeEnv(List<String> base, List<String> overrides) {
        var merged = new LinkedHashMap<String, String>();
        if (overrides != null) {
            for (String entry : overrides) {
                merged.put(envKey(entry), entry);
            }
        }
        if (base != null) {
            for (String entry : base) {
                merged.putIfAbsent(envKey(entry), entry);
            }
        }
        return new ArrayList<>(merged.values());
    }

    private static String envKey(String entry) {
        int eq = entry.indexOf('=');
        String key = eq < 0 ? entry : entry.substring(0, eq);
        if (key.isEmpty()) {
            throw new InvalidArgumentException("invalid environment variable: " + entry);
        }
        return key;
    }

    private static <V> Map<String, V> union(Map<String, V> base, Map<String, V> overrides) {
        if (base == null && overrides == null) {
            return null;
        }
        var merged = new LinkedHashMap<String, V>();
        if (base != null) {
            merged.putAll(base);
        }
        if (overrides != null) {
            merged.putAll(overrides);
        }
        return merged;
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }
}
