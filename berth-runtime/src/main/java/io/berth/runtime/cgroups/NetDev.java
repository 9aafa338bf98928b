package io.berth.runtime.cgroups;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The interfaces of a process's network namespace and their counters, from {@code /proc/<pid>/net/dev}. */
public final class NetDev {
    /** One interface's counters: bytes, packets, errors and drops, received and sent. */
    public record Counters(long rxBytes, long rxPackets, long rxErrors, long rxDropped,
                           long txBytes, long txPackets, long txErrors, long txDropped) {}

    private NetDev() {}

    /** The interfaces of {@code pid}'s namespace but loopback, in the kernel's order; empty if the process is gone. */
    public static Map<String, Counters> read(Path proc, long pid) {
        var all = parse(CgroupFiles.text(proc.resolve(Long.toString(pid)).resolve("net/dev")).orElse(""));
        all.remove("lo");
        return all;
    }

    /**
     * Two header lines, then {@code name: rx(bytes packets errs drop fifo frame compressed multicast)
     * tx(bytes packets errs drop fifo colls carrier compressed)}.
     */
    static Map<String, Counters> parse(String text) {
        var interfaces = new LinkedHashMap<String, Counters>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).strip();
            String[] f = line.substring(colon + 1).strip().split("\\s+");
            if (name.isEmpty() || f.length < 16) {
                continue;
            }
            interfaces.put(name, new Counters(n(f[0]), n(f[1]), n(f[2]), n(f[3]), n(f[8]), n(f[9]), n(f[10]), n(f[11])));
        }
        return interfaces;
    }

    private static long n(String word) {
        return CgroupFiles.parse(word);
    }
}
