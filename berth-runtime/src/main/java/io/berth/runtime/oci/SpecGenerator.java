package io.berth.runtime.oci;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Turns a {@link BundleSpec} into the {@link OciSpec} crun and runc read: Docker's default mounts,
 * namespaces, device rules and confinement, with the container's process, limits and extra mounts.
 */
public final class SpecGenerator {
    private SpecGenerator() {}

    public static OciSpec generate(BundleSpec bundle) {
        var process = bundle.process();
        var confinement = bundle.confinement();
        var capabilities = OciSpec.Capabilities.of(confinement.privileged()
                ? DefaultConfinement.hostCapabilities() : confinement.capabilities());
        var ociProcess = new OciSpec.Process(
                process.terminal(),
                process.terminal() ? process.consoleSize().orElse(null) : null,
                new OciSpec.User(process.uid(), process.gid(), null,
                        process.additionalGids().isEmpty() ? null : process.additionalGids()),
                process.args(),
                process.env(),
                process.cwd(),
                capabilities,
                null, // no rlimits: root here cannot raise them above the hard limits (MACHINE.md)
                confinement.noNewPrivileges() ? Boolean.TRUE : null,
                process.oomScoreAdj() == 0 ? null : process.oomScoreAdj(),
                null);

        var mounts = new ArrayList<>(defaultMounts(confinement.privileged()));
        for (OciSpec.Mount extra : bundle.extraMounts()) {
            mounts.removeIf(m -> m.destination().equals(extra.destination()));
            mounts.add(extra);
        }

        var namespaces = new ArrayList<OciSpec.Namespace>();
        namespaces.add(new OciSpec.Namespace("pid", null));
        namespaces.add(new OciSpec.Namespace("ipc", null));
        namespaces.add(new OciSpec.Namespace("uts", null));
        namespaces.add(new OciSpec.Namespace("mount", null));
        switch (bundle.network()) {
            case BundleSpec.NetworkNamespace.Fresh _ -> namespaces.add(new OciSpec.Namespace("network", null));
            case BundleSpec.NetworkNamespace.Join join ->
                    namespaces.add(new OciSpec.Namespace("network", join.path().toString()));
            case BundleSpec.NetworkNamespace.Host _ -> { }
        }

        var limits = bundle.limits();
        var memory = limits.memory().isPresent() || limits.memoryReservation().isPresent()
                ? new OciSpec.Memory(limits.memory().orElse(null), limits.memoryReservation().orElse(null),
                        limits.memorySwap().orElse(null), null, null)
                : null;
        var cpu = limits.cpuShares().isPresent() || limits.cpuQuota().isPresent() || limits.cpuPeriod().isPresent()
                || limits.cpusetCpus().isPresent() || limits.cpusetMems().isPresent()
                ? new OciSpec.Cpu(limits.cpuShares().orElse(null), limits.cpuQuota().orElse(null),
                        limits.cpuPeriod().orElse(null), limits.cpusetCpus().orElse(null),
                        limits.cpusetMems().orElse(null))
                : null;
        var pids = limits.pidsLimit().map(OciSpec.Pids::new).orElse(null);
        var deviceRules = confinement.privileged()
                ? List.of(new OciSpec.DeviceRule(true, null, null, null, "rwm"))
                : DefaultConfinement.deviceRules();

        var linux = new OciSpec.Linux(
                namespaces,
                confinement.privileged() ? hostDevices() : null,
                bundle.cgroupsPath(),
                new OciSpec.Resources(deviceRules, memory, cpu, pids),
                bundle.sysctls().isEmpty() ? null : new LinkedHashMap<>(bundle.sysctls()),
                confinement.privileged() ? null : confinement.maskedPaths(),
                confinement.privileged() ? null : confinement.readonlyPaths(),
                confinement.privileged() ? null : confinement.seccomp().orElse(null),
                bundle.rootfsPropagation().orElse(null));

        return new OciSpec(
                OciSpec.VERSION,
                ociProcess,
                new OciSpec.Root(bundle.rootfs().toString(), bundle.readonlyRootfs() ? Boolean.TRUE : null),
                bundle.hostname(),
                bundle.domainname() == null || bundle.domainname().isEmpty() ? null : bundle.domainname(),
                mounts,
                linux,
                bundle.annotations().isEmpty() ? null : new LinkedHashMap<>(bundle.annotations()));
    }

    /** The filesystems every container gets, as Docker mounts them. */
    static List<OciSpec.Mount> defaultMounts(boolean privileged) {
        String sysMode = privileged ? "rw" : "ro";
        return List.of(
                new OciSpec.Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
                new OciSpec.Mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
                new OciSpec.Mount("/dev/pts", "devpts", "devpts",
                        List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
                new OciSpec.Mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", sysMode)),
                new OciSpec.Mount("/sys/fs/cgroup", "cgroup", "cgroup",
                        List.of("nosuid", "noexec", "nodev", "relatime", sysMode)),
                new OciSpec.Mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
                new OciSpec.Mount("/dev/shm", "tmpfs", "shm",
                        List.of("nosuid", "noexec", "nodev", "mode=1777", "size=67108864")));
    }

    /** Every character and block device of the host's /dev, for {@code --privileged}. */
    static List<OciSpec.Device> hostDevices() {
        var devices = new ArrayList<OciSpec.Device>();
        collectDevices(Path.of("/dev"), devices, 0);
        return devices;
    }

    private static void collectDevices(Path dir, List<OciSpec.Device> out, int depth) {
        if (depth > 2) {
            return;
        }
        try (var entries = Files.list(dir)) {
            for (Path path : entries.toList()) {
                String name = path.getFileName().toString();
                if (depth == 0 && (name.equals("pts") || name.equals("shm") || name.equals("mqueue")
                        || name.equals("console") || name.equals("ptmx") || name.equals("fd") || name.equals("core"))) {
                    continue;
                }
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    collectDevices(path, out, depth + 1);
                    continue;
                }
                int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                int format = mode & 0xF000;
                String type = format == 0x2000 ? "c" : format == 0x6000 ? "b" : null;
                if (type == null) {
                    continue;
                }
                long rdev = (Long) Files.getAttribute(path, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
                long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
                long minor = (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
                int uid = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
                int gid = (Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS);
                out.add(new OciSpec.Device(type, path.toString(), major, minor, mode & 0777, (long) uid, (long) gid));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // an unreadable corner of /dev is skipped, as Docker does
        }
    }
}
