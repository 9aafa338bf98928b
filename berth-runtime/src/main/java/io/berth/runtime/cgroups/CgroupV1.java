package io.berth.runtime.cgroups;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** cgroup v1: one directory per controller, {@code <root>/<controller>/<path>}. */
public final class CgroupV1 implements Cgroups {
    /** USER_HZ: the unit of {@code cpuacct.stat} (and of {@code /proc/stat}); 100 on every Linux ABI. */
    static final long CLOCK_TICKS_PER_SECOND = 100;
    private static final long NANOS_PER_TICK = 1_000_000_000L / CLOCK_TICKS_PER_SECOND;

    private final Path root;

    CgroupV1(Path root) {
        this.root = root;
    }

    @Override
    public CgroupVersion version() {
        return CgroupVersion.V1;
    }

    @Override
    public Optional<CgroupStats> read(String cgroupPath) {
        Path cpuacct = controller("cpuacct", cgroupPath);
        Path memory = controller("memory", cgroupPath);
        if (!Files.isDirectory(cpuacct) && !Files.isDirectory(memory)) {
            return Optional.empty();
        }
        return Optional.of(new CgroupStats(CgroupVersion.V1, cpu(cpuacct, controller("cpu", cgroupPath)),
                memory(memory), CgroupFiles.pids(controller("pids", cgroupPath)), blkio(controller("blkio", cgroupPath))));
    }

    private Path controller(String name, String cgroupPath) {
        return Cgroups.resolve(root.resolve(name), cgroupPath);
    }

    private static CgroupStats.Cpu cpu(Path cpuacct, Path cpu) {
        Map<String, Long> ticks = CgroupFiles.keyValues(cpuacct.resolve("cpuacct.stat"));
        Map<String, Long> stat = CgroupFiles.keyValues(cpu.resolve("cpu.stat"));
        var throttling = new CgroupStats.Throttling(stat.getOrDefault("nr_periods", 0L),
                stat.getOrDefault("nr_throttled", 0L), stat.getOrDefault("throttled_time", 0L));
        return new CgroupStats.Cpu(CgroupFiles.number(cpuacct.resolve("cpuacct.usage"), 0),
                CgroupFiles.numbers(cpuacct.resolve("cpuacct.usage_percpu")),
                ticks.getOrDefault("user", 0L) * NANOS_PER_TICK, ticks.getOrDefault("system", 0L) * NANOS_PER_TICK,
                throttling);
    }

    private static CgroupStats.Memory memory(Path dir) {
        return new CgroupStats.Memory(CgroupFiles.number(dir.resolve("memory.usage_in_bytes"), 0),
                CgroupFiles.number(dir.resolve("memory.max_usage_in_bytes"), 0),
                CgroupFiles.limit(dir.resolve("memory.limit_in_bytes")),
                CgroupFiles.number(dir.resolve("memory.failcnt"), 0),
                CgroupFiles.keyValues(dir.resolve("memory.stat")));
    }

    private static CgroupStats.Blkio blkio(Path dir) {
        return new CgroupStats.Blkio(blkioEntries(CgroupFiles.text(dir.resolve("blkio.throttle.io_service_bytes")).orElse("")),
                blkioEntries(CgroupFiles.text(dir.resolve("blkio.throttle.io_serviced")).orElse("")));
    }

    /** {@code 8:0 Read 4096} per device and operation; the closing {@code Total N} line is left out. */
    static List<CgroupStats.BlkioEntry> blkioEntries(String text) {
        var entries = new ArrayList<CgroupStats.BlkioEntry>();
        for (String line : text.split("\n")) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length != 3) {
                continue;
            }
            String[] device = fields[0].split(":");
            if (device.length != 2) {
                continue;
            }
            entries.add(new CgroupStats.BlkioEntry(CgroupFiles.parse(device[0]), CgroupFiles.parse(device[1]),
                    fields[1], CgroupFiles.parse(fields[2])));
        }
        return entries;
    }
}
