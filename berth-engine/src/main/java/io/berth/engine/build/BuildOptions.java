package io.berth.engine.build;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code POST /build} asks for (the classic builder's parameters). {@code buildArgs} values
 * may be absent (a build arg named without a value); {@code networkMode} is {@code default},
 * {@code none}, {@code host} or a network name; limits are 0 when not set.
 */
public record BuildOptions(String dockerfile, List<String> tags, Map<String, Optional<String>> buildArgs,
                           Map<String, String> labels, Optional<String> target, boolean noCache, boolean pull,
                           boolean remove, boolean forceRemove, boolean quiet, String networkMode,
                           List<String> extraHosts, long shmSize, Limits limits, Optional<String> platform) {
    public BuildOptions {
        tags = List.copyOf(tags);
        buildArgs = Map.copyOf(buildArgs);
        labels = Map.copyOf(labels);
        extraHosts = List.copyOf(extraHosts);
    }

    /** Resource limits for the containers of {@code RUN} steps. */
    public record Limits(long memory, long memorySwap, long cpuShares, String cpusetCpus, String cpusetMems,
                         long cpuPeriod, long cpuQuota) {
        public static Limits none() {
            return new Limits(0, 0, 0, "", "", 0, 0);
        }
    }

    public static BuildOptions defaults() {
        return new BuildOptions("Dockerfile", List.of(), Map.of(), Map.of(), Optional.empty(), false, false, true,
                false, false, "default", List.of(), 0, Limits.none(), Optional.empty());
    }

    public BuildOptions withTags(List<String> t) {
        return new BuildOptions(dockerfile, t, buildArgs, labels, target, noCache, pull, remove, forceRemove, quiet,
                networkMode, extraHosts, shmSize, limits, platform);
    }

    public BuildOptions withDockerfile(String d) {
        return new BuildOptions(d, tags, buildArgs, labels, target, noCache, pull, remove, forceRemove, quiet,
                networkMode, extraHosts, shmSize, limits, platform);
    }

    public BuildOptions withNoCache(boolean n) {
        return new BuildOptions(dockerfile, tags, buildArgs, labels, target, n, pull, remove, forceRemove, quiet,
                networkMode, extraHosts, shmSize, limits, platform);
    }
}
