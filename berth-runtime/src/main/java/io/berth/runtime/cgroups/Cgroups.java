package io.berth.runtime.cgroups;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A host's cgroup hierarchy, detected once: v2 when the mount root itself is a cgroup2 file system
 * (it has {@code cgroup.controllers}), v1 otherwise (including hybrid hosts, whose controllers are all
 * v1 and whose {@code unified} mount has none that count).
 */
public sealed interface Cgroups permits CgroupV1, CgroupV2 {
    Path DEFAULT_ROOT = Path.of("/sys/fs/cgroup");

    static Cgroups detect() {
        return detect(DEFAULT_ROOT);
    }

    static Cgroups detect(Path root) {
        return Files.exists(root.resolve("cgroup.controllers")) ? new CgroupV2(root) : new CgroupV1(root);
    }

    CgroupVersion version();

    /**
     * Reads the cgroup at {@code cgroupPath} (as in the OCI spec's {@code cgroupsPath}: {@code /berth/<id>});
     * empty when it does not exist (the container is not running).
     */
    Optional<CgroupStats> read(String cgroupPath);

    /** {@code /berth/<id>} under {@code dir}: the path's leading slash removed. */
    static Path resolve(Path dir, String cgroupPath) {
        String relative = cgroupPath.startsWith("/") ? cgroupPath.substring(1) : cgroupPath;
        return relative.isEmpty() ? dir : dir.resolve(relative);
    }
}
