package io.berth.runtime.cgroups;

import io.berth.common.InternalException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reading the small text files of cgroupfs and procfs: a missing file is absent, not an error. */
final class CgroupFiles {
    private CgroupFiles() {}

    /** The file's text, or empty if it does not exist (a controller not mounted, a cgroup just removed). */
    static Optional<String> text(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            if (!Files.exists(file)) {
                return Optional.empty(); // removed while being read (ENODEV)
            }
            throw new InternalException("reading " + file + ": " + e.getMessage(), e);
        }
    }

    /** A file holding one number; {@code absent} if it does not exist or is empty. */
    static long number(Path file, long absent) {
        return text(file).map(String::strip).filter(s -> !s.isEmpty()).map(CgroupFiles::parse).orElse(absent);
    }

    /** A limit: a number, or {@code max} ({@link Long#MAX_VALUE}, as is a missing file). */
    static long limit(Path file) {
        return text(file).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.equals("max") ? Long.MAX_VALUE : parse(s)).orElse(Long.MAX_VALUE);
    }

    /** {@code pids.current} and {@code pids.max} (the same files in v1 and v2); no limit is 0. */
    static CgroupStats.Pids pids(Path dir) {
        long limit = limit(dir.resolve("pids.max"));
        return new CgroupStats.Pids(number(dir.resolve("pids.current"), 0), limit == Long.MAX_VALUE ? 0 : limit);
    }

    /** Space-separated numbers on one line ({@code cpuacct.usage_percpu}). */
    static List<Long> numbers(Path file) {
        var values = new ArrayList<Long>();
        text(file).ifPresent(s -> {
            for (String word : s.strip().split("\\s+")) {
                if (!word.isEmpty()) {
                    values.add(parse(word));
                }
            }
        });
        return values;
    }

    /** Lines of {@code key value} ({@code memory.stat}, {@code cpu.stat}), in the file's order. */
    static Map<String, Long> keyValues(Path file) {
        return keyValues(text(file).orElse(""));
    }

    static Map<String, Long> keyValues(String text) {
        var map = new LinkedHashMap<String, Long>();
        for (String line : text.split("\n")) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length == 2) {
                map.put(parts[0], parse(parts[1]));
            }
        }
        return map;
    }

    /** A kernel counter: unsigned 64 bits, clamped to {@link Long#MAX_VALUE}; garbage reads as zero. */
    static long parse(String word) {
        try {
            return Long.parseLong(word);
        } catch (NumberFormatException e) {
            try {
                var big = new BigInteger(word);
                return big.signum() < 0 ? 0 : big.bitLength() > 63 ? Long.MAX_VALUE : big.longValue();
            } catch (NumberFormatException notANumber) {
                return 0;
            }
        }
    }
}
