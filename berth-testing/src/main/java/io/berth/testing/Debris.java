package io.berth.testing;

import io.berth.common.linux.ErrnoException;
import io.berth.common.linux.Linux;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a daemon must not leave behind: mounts under its root, pinned network namespaces, processes. */
public final class Debris {
    private Debris() {}

    /** Mount points at or below {@code root} (from /proc/self/mountinfo). */
    public static List<String> mountsUnder(Path root) {
        var out = new ArrayList<String>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length > 4 && f[4].startsWith(root.toString())) {
                    out.add(f[4]);
                }
            }
        } catch (IOException e) {
            out.add("cannot read mountinfo: " + e.getMessage());
        }
        return out;
    }

    static List<String> under(Path root) {
        var problems = new ArrayList<String>();
        for (String mount : mountsUnder(root)) {
            problems.add("mount left: " + mount);
        }
        for (var process : processesUnder(root)) {
            problems.add("process left: " + process.pid() + " " + process.info().commandLine().orElse("?"));
        }
        Path netns = root.resolve("data/run/netns");
        if (Files.isDirectory(netns)) {
            try (var files = Files.list(netns)) {
                files.forEach(f -> problems.add("network namespace left: " + f));
            } catch (IOException e) {
                problems.add("cannot list " + netns);
            }
        }
        return problems;
    }

    /**
     * Processes whose command line names a path under {@code root}: a conmon, or an aardvark-dns
     * that netavark started for the daemon and nothing stopped (it would answer, wrongly, for the
     * next daemon's network on the same subnet).
     */
    public static List<ProcessHandle> processesUnder(Path root) {
        String prefix = root.toString() + "/";
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self)
                .filter(p -> {
                    try {
                        String cmdline = Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"));
                        return cmdline.contains(prefix);
                    } catch (IOException | RuntimeException e) {
                        return false; // gone meanwhile
                    }
                })
                .toList();
    }

    /** Lazily unmounts what is left, deepest first, so the next test starts clean. */
    static void release(Path root) {
        for (var process : processesUnder(root)) {
            process.destroyForcibly();
        }
        var mounts = mountsUnder(root);
        mounts.sort((a, b) -> b.length() - a.length());
        for (String mount : mounts) {
            try {
                Linux.umount(mount, Linux.MNT_DETACH);
            } catch (ErrnoException ignored) {
                // best effort
            }
        }
    }
}
