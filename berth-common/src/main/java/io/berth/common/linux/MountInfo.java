package io.berth.common.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What {@code /proc/self/mountinfo} says about mount points and their propagation. */
public final class MountInfo {
    private MountInfo() {}

    /** One line of mountinfo: the mount point and its optional fields ({@code shared:N}, {@code master:N}). */
    public record Entry(String mountPoint, List<String> optional) {
        public boolean shared() {
            return optional.stream().anyMatch(o -> o.startsWith("shared:"));
        }

        public boolean slave() {
            return optional.stream().anyMatch(o -> o.startsWith("master:"));
        }
    }

    public static boolean isMountPoint(Path path) {
        String target = path.toAbsolutePath().normalize().toString();
        return entries().stream().anyMatch(e -> e.mountPoint().equals(target));
    }

    /** The mount that holds {@code path}: the longest mount point that is a prefix of it (the last one mounted). */
    public static Optional<Entry> mountOf(Path path) {
        String target = path.toAbsolutePath().normalize().toString();
        Entry best = null;
        for (Entry e : entries()) {
            String mp = e.mountPoint();
            boolean covers = mp.equals("/") || target.equals(mp) || target.startsWith(mp + "/");
            if (covers && (best == null || mp.length() >= best.mountPoint().length())) {
                best = e;
            }
        }
        return Optional.ofNullable(best);
    }

    static List<Entry> entries() {
        var out = new ArrayList<Entry>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                out.add(parse(line));
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    public static Entry parse(String line) {
        String[] fields = line.split(" ");
        var optional = new ArrayList<String>();
        for (int i = 6; i < fields.length && !fields[i].equals("-"); i++) {
            optional.add(fields[i]);
        }
        return new Entry(unescape(fields[4]), optional);
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    public static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        var out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
