package io.berth.runtime.cgroups;

/** Which cgroup hierarchy the host uses for its controllers. */
public enum CgroupVersion {
    /** One hierarchy per controller under {@code /sys/fs/cgroup/<controller>} (a hybrid host counts as v1). */
    V1,
    /** The unified hierarchy mounted at {@code /sys/fs/cgroup}. */
    V2
}
