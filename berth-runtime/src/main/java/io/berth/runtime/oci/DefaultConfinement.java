package io.berth.runtime.oci;

import io.berth.common.InvalidArgumentException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/** Docker's defaults: the capability set, the masked and read-only paths, the device rules. */
public final class DefaultConfinement {
    /** The capabilities a default Docker container keeps. */
    public static final List<String> CAPABILITIES = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT",
            "CAP_KILL", "CAP_AUDIT_WRITE");

    /** Every capability this kernel generation knows, in bit order (0 … 40). */
    public static final List<String> ALL_CAPABILITIES = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
            "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
            "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
            "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
            "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN",
            "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
            "CAP_CHECKPOINT_RESTORE");

    public static final List<String> MASKED_PATHS = List.of(
            "/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
            "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware",
            "/sys/devices/virtual/powercap");

    public static final List<String> READONLY_PATHS = List.of(
            "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    private DefaultConfinement() {}

    /**
     * The effective capability set for {@code --cap-add}/{@code --cap-drop} as Docker computes it:
     * names with or without {@code CAP_}, any case, and {@code ALL}. {@code --cap-add ALL} is every
     * capability but the dropped ones; otherwise {@code --cap-drop ALL} leaves only the added ones;
     * otherwise the dropped ones leave the default set and then the added ones join it, so a
     * capability both added and dropped is kept.
     */
    public static List<String> capabilities(List<String> add, List<String> drop) {
        var adds = normalize(add);
        var drops = normalize(drop);
        var result = new LinkedHashSet<String>();
        if (adds.contains("ALL")) {
            hostCapabilities().stream().filter(cap -> !drops.contains(cap)).forEach(result::add);
        } else if (drops.contains("ALL")) {
            result.addAll(adds);
        } else {
            CAPABILITIES.stream().filter(cap -> !drops.contains(cap)).forEach(result::add);
            result.addAll(adds);
        }
        return List.copyOf(result);
    }

    private static volatile List<String> host;

    /**
     * The capabilities this process may hand on: every known capability in its bounding set. Root
     * here lacks some (CAP_SYS_RESOURCE on these machines, MACHINE.md); asking the runtime for them
     * fails with "capset: Operation not permitted", so {@code --privileged} and {@code --cap-add ALL}
     * mean all of these, as Docker's "all capabilities" means the daemon's.
     */
    public static List<String> hostCapabilities() {
        List<String> current = host;
        if (current == null) {
            long bounding = boundingSet();
            var caps = new java.util.ArrayList<String>();
            for (int bit = 0; bit < ALL_CAPABILITIES.size(); bit++) {
                if ((bounding & (1L << bit)) != 0) {
                    caps.add(ALL_CAPABILITIES.get(bit));
                }
            }
            current = List.copyOf(caps);
            host = current;
        }
        return current;
    }

    private static long boundingSet() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("CapBnd:")) {
                    return Long.parseUnsignedLong(line.substring(7).strip(), 16);
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return -1L;
        }
        return -1L;
    }

    private static List<String> normalize(List<String> caps) {
        var out = new ArrayList<String>();
        for (String cap : caps) {
            String upper = cap.strip().toUpperCase(Locale.ROOT);
            if (upper.equals("ALL")) {
                out.add("ALL");
                continue;
            }
            String name = upper.startsWith("CAP_") ? upper : "CAP_" + upper;
            if (!ALL_CAPABILITIES.contains(name)) {
                throw new InvalidArgumentException("invalid capability: " + cap);
            }
            out.add(name);
        }
        return out;
    }

    /** Device cgroup rules of a default container: deny all, then the usual character devices. */
    public static List<OciSpec.DeviceRule> deviceRules() {
        return List.of(
                new OciSpec.DeviceRule(false, null, null, null, "rwm"),
                new OciSpec.DeviceRule(true, "c", null, null, "m"),
                new OciSpec.DeviceRule(true, "b", null, null, "m"),
                new OciSpec.DeviceRule(true, "c", 1L, 3L, "rwm"),    // null
                new OciSpec.DeviceRule(true, "c", 1L, 8L, "rwm"),    // random
                new OciSpec.DeviceRule(true, "c", 1L, 7L, "rwm"),    // full
                new OciSpec.DeviceRule(true, "c", 5L, 0L, "rwm"),    // tty
                new OciSpec.DeviceRule(true, "c", 1L, 5L, "rwm"),    // zero
                new OciSpec.DeviceRule(true, "c", 1L, 9L, "rwm"),    // urandom
                new OciSpec.DeviceRule(true, "c", 136L, null, "rwm"), // pts
                new OciSpec.DeviceRule(true, "c", 5L, 2L, "rwm"),    // ptmx
                new OciSpec.DeviceRule(true, "c", 10L, 200L, "rwm")); // tun
    }
}
