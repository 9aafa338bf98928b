package io.berth.runtime.cgroups;

import io.berth.common.InternalException;
import java.nio.file.Path;

/**
 * The host's totals that container stats are measured against: CPU time of the whole machine as
 * Docker counts it, the number of online CPUs and the machine's memory.
 */
public final class HostStats {
    private final Path proc;
    private final Path sys;

    /** {@code proc} and {@code sys} are where procfs and sysfs are mounted ({@code /proc}, {@code /sys}). */
    public HostStats(Path proc, Path sys) {
        this.proc = proc;
        this.sys = sys;
    }

    public static HostStats system() {
        return new HostStats(Path.of("/proc"), Path.of("/sys"));
    }

    public Path proc() {
        return proc;
    }

    /** {@code system_cpu_usage}: the machine's CPU time in nanoseconds, from {@code /proc/stat}. */
    public long systemCpuUsage() {
        return systemCpuUsage(CgroupFiles.text(proc.resolve("stat"))
                .orElseThrow(() -> new InternalException("no " + proc.resolve("stat"))));
    }

    /** The CPUs in {@code /sys/devices/system/cpu/online}; the JVM's count if the file is missing. */
    public int onlineCpus() {
        return CgroupFiles.text(sys.resolve("devices/system/cpu/online")).map(HostStats::countCpus)
                .filter(n -> n > 0).orElseGet(() -> Runtime.getRuntime().availableProcessors());
    }

    /** {@code MemTotal} in bytes, or 0 if {@code /proc/meminfo} does not say. */
    public long memTotal() {
        return CgroupFiles.text(proc.resolve("meminfo")).map(HostStats::memTotal).orElse(0L);
    }

    /**
     * Docker's reckoning: the first seven fields of the {@code cpu} line (user, nice, system, idle,
     * iowait, irq, softirq; steal and guest time are left out), in USER_HZ ticks, as nanoseconds.
     */
    static long systemCpuUsage(String procStat) {
        for (String line : procStat.split("\n")) {
            String[] fields = line.strip().split("\\s+");
            if (!fields[0].equals("cpu")) {
                continue;
            }
            if (fields.length < 8) {
                throw new InternalException("invalid cpu line in /proc/stat: " + line);
            }
            long ticks = 0;
            for (int i = 1; i < 8; i++) {
                ticks += CgroupFiles.parse(fields[i]);
            }
            return ticks * (1_000_000_000L / CgroupV1.CLOCK_TICKS_PER_SECOND);
        }
        throw new InternalException("no cpu line in /proc/stat");
    }

    /** A kernel CPU list ({@code 0-3,6,8-9}) counted. */
    static int countCpus(String list) {
        int count = 0;
        for (String range : list.strip().split(",")) {
            if (range.isEmpty()) {
                continue;
            }
            int dash = range.indexOf('-');
            count += dash < 0 ? 1
                    : Integer.parseInt(range.substring(dash + 1)) - Integer.parseInt(range.substring(0, dash)) + 1;
        }
        return count;
    }

    static long memTotal(String meminfo) {
        for (String line : meminfo.split("\n")) {
            if (line.startsWith("MemTotal:")) {
                String[] fields = line.substring("MemTotal:".length()).strip().split("\\s+");
                long value = CgroupFiles.parse(fields[0]);
                return fields.length > 1 && fields[1].equalsIgnoreCase("kB") ? value * 1024 : value;
            }
        }
        return 0;
    }
}
