package io.berth.runtime.cgroups;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** cgroup v2: every controller's files in one directory, {@code <root>/<path>}. */
public final class CgroupV2 implements Cgroups {
    private final Path root;

    CgroupV2(Path root) {
        this.root = root;
    }

    @Override
    public CgroupVersion version() {
        return CgroupVersion.V2;
    }

    @Override
    public Optional<CgroupStats> read(String cgroupPath) {
        Path dir = Cgroups.resolve(root, cgroupPath);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        return Optional.of(new CgroupStats(CgroupVersion.V2, cpu(dir), memory(dir), CgroupFiles.pids(dir), io(dir)));
    }

    private static CgroupStats.Cpu cpu(Path dir) {
        Map<String, Long> stat = CgroupFiles.keyValues(dir.resolve("cpu.stat"));
        var throttling = new CgroupStats.Throttling(stat.getOrDefault("nr_periods", 0L),
                stat.getOrDefault("nr_throttled", 0L), stat.getOrDefault("throttled_usec", 0L) * 1000);
        return new CgroupStats.Cpu(stat.getOrDefault("usage_usec", 0L) * 1000, List.of(),
                stat.getOrDefault("user_usec", 0L) * 1000, stat.getOrDefault("system_usec", 0L) * 1000, throttling);
    }

    private static CgroupStats.Memory memory(Path dir) {
        return new CgroupStats.Memory(CgroupFiles.number(dir.resolve("memory.current"), 0), 0,
                CgroupFiles.limit(dir.resolve("memory.max")), 0, CgroupFiles.keyValues(dir.resolve("memory.stat")));
    }

    private static CgroupStats.Blkio io(Path dir) {
        var bytes = new ArrayList<CgroupStats.BlkioEntry>();
        var ios = new ArrayList<CgroupStats.BlkioEntry>();
        parseIoStat(CgroupFiles.text(dir.resolve("io.stat")).orElse(""), bytes, ios);
        return new CgroupStats.Blkio(bytes, ios);
    }

    /** {@code 8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0} → read/write bytes and operations. */
    static void parseIoStat(String text, List<CgroupStats.BlkioEntry> bytes, List<CgroupStats.BlkioEntry> ios) {
        for (String line : text.split("\n")) {
            String[] fields = line.strip().split("\\s+");
            String[] device = fields[0].split(":");
            if (fields.length < 2 || device.length != 2) {
                continue;
            }
            long major = CgroupFiles.parse(device[0]);
            long minor = CgroupFiles.parse(device[1]);
            Map<String, Long> values = new java.util.HashMap<>();
            for (int i = 1; i < fields.length; i++) {
                int eq = fields[i].indexOf('=');
                if (eq > 0) {
                    values.put(fields[i].substring(0, eq), CgroupFiles.parse(fields[i].substring(eq + 1)));
                }
            }
            bytes.add(new CgroupStats.BlkioEntry(major, minor, "read", values.getOrDefault("rbytes", 0L)));
            bytes.add(new CgroupStats.BlkioEntry(major, minor, "write", values.getOrDefault("wbytes", 0L)));
            ios.add(new CgroupStats.BlkioEntry(major, minor, "read", values.getOrDefault("rios", 0L)));
            ios.add(new CgroupStats.BlkioEntry(major, minor, "write", values.getOrDefault("wios", 0L)));
        }
    }
}
