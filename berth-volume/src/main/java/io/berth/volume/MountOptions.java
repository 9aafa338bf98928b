package io.berth.volume;

import io.berth.common.InvalidArgumentException;
import io.berth.common.linux.Linux;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mount(8)-style option string ({@code o=} of a local volume) split as moby's mount package does:
 * the names mount(2) takes as flags become flags, everything else is passed on as filesystem data.
 */
public record MountOptions(long flags, boolean bind, String data) {
    private static final long MS_NOATIME = 1024;
    private static final long MS_NODIRATIME = 2048;
    private static final long MS_SYNCHRONOUS = 16;
    private static final long MS_DIRSYNC = 128;
    private static final long MS_MANDLOCK = 64;
    private static final long MS_RELATIME = 1 << 21;
    private static final long MS_STRICTATIME = 1 << 24;

    /** name → (clear?, flag) */
    private static final Map<String, long[]> FLAGS = Map.ofEntries(
            Map.entry("defaults", new long[] {0, 0}),
            Map.entry("ro", new long[] {0, Linux.MS_RDONLY}),
            Map.entry("rw", new long[] {1, Linux.MS_RDONLY}),
            Map.entry("suid", new long[] {1, Linux.MS_NOSUID}),
            Map.entry("nosuid", new long[] {0, Linux.MS_NOSUID}),
            Map.entry("dev", new long[] {1, Linux.MS_NODEV}),
            Map.entry("nodev", new long[] {0, Linux.MS_NODEV}),
            Map.entry("exec", new long[] {1, Linux.MS_NOEXEC}),
            Map.entry("noexec", new long[] {0, Linux.MS_NOEXEC}),
            Map.entry("sync", new long[] {0, MS_SYNCHRONOUS}),
            Map.entry("async", new long[] {1, MS_SYNCHRONOUS}),
            Map.entry("dirsync", new long[] {0, MS_DIRSYNC}),
            Map.entry("mand", new long[] {0, MS_MANDLOCK}),
            Map.entry("nomand", new long[] {1, MS_MANDLOCK}),
            Map.entry("atime", new long[] {1, MS_NOATIME}),
            Map.entry("noatime", new long[] {0, MS_NOATIME}),
            Map.entry("diratime", new long[] {1, MS_NODIRATIME}),
            Map.entry("nodiratime", new long[] {0, MS_NODIRATIME}),
            Map.entry("bind", new long[] {0, Linux.MS_BIND}),
            Map.entry("rbind", new long[] {0, Linux.MS_BIND | Linux.MS_REC}),
            Map.entry("relatime", new long[] {0, MS_RELATIME}),
            Map.entry("norelatime", new long[] {1, MS_RELATIME}),
            Map.entry("strictatime", new long[] {0, MS_STRICTATIME}),
            Map.entry("nostrictatime", new long[] {1, MS_STRICTATIME}));
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kKmMgGtTpP]?)([iI]?[bB]?)");

    public static MountOptions parse(String options) {
        long flags = 0;
        var data = new ArrayList<String>();
        for (String option : options.split(",")) {
            if (option.isEmpty()) {
                continue;
            }
            long[] flag = FLAGS.get(option);
            if (flag == null) {
                data.add(option);
            } else if (flag[0] == 1) {
                flags &= ~flag[1];
            } else {
                flags |= flag[1];
            }
        }
        return new MountOptions(flags, (flags & Linux.MS_BIND) != 0, String.join(",", data));
    }

    /** go-units' RAMInBytes: {@code 64m}, {@code 1.5g}, {@code 512k}, plain bytes; binary multiples. */
    public static long bytes(String value) {
        Matcher m = SIZE.matcher(value.strip());
        if (!m.matches()) {
            throw new InvalidArgumentException("invalid size: '" + value + "'");
        }
        double number = Double.parseDouble(m.group(1));
        int power = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 1;
            case "m" -> 2;
            case "g" -> 3;
            case "t" -> 4;
            case "p" -> 5;
            default -> 0;
        };
        return (long) (number * Math.pow(1024, power));
    }

    /** The options in order, for tests and messages. */
    public List<String> dataList() {
        return data.isEmpty() ? List.of() : List.of(data.split(","));
    }
}
