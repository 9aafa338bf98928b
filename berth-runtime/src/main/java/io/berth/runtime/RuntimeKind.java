package io.berth.runtime;

import io.berth.common.Exec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An installed OCI runtime and how Berth must call it on this host. Debian's crun 1.8 refuses a
 * hybrid cgroup layout whose cgroup2 hierarchy has controllers; it runs when {@code create} is
 * started in a private mount namespace where that controller list is hidden (MACHINE.md).
 */
public record RuntimeKind(String name, Path binary, String version, boolean needsHybridWorkaround, String note) {

    /** The runtimes found on this host, crun first. */
    public static List<RuntimeKind> detect(Optional<Path> cgroupControllersFile) {
        var found = new ArrayList<RuntimeKind>();
        for (String name : List.of("crun", "runc")) {
            Path binary = Path.of("/usr/bin", name);
            if (!Files.isExecutable(binary)) {
                binary = Path.of("/usr/local/bin", name);
                if (!Files.isExecutable(binary)) {
                    continue;
                }
            }
            String version = version(binary);
            boolean hybrid = name.equals("crun") && cgroupControllersFile.isPresent();
            String note = hybrid
                    ? "cgroup v1 with a cgroup2 hierarchy that has controllers (" + cgroupControllersFile.get()
                            + "): crun runs `create` in a private mount namespace that hides them"
                    : "";
            found.add(new RuntimeKind(name, binary, version, hybrid, note));
        }
        return found;
    }

    /**
     * On a hybrid cgroup host, the {@code cgroup.controllers} file of the cgroup2 mount when it
     * lists controllers (what crun 1.8 refuses); empty on pure v1 or pure v2 hosts.
     */
    public static Optional<Path> hybridControllersFile() {
        try {
            boolean v1 = false;
            Path v2 = null;
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] parts = line.split(" - ", 2);
                if (parts.length < 2) {
                    continue;
                }
                String fsType = parts[1].split(" ")[0];
                String mountPoint = parts[0].split(" ")[4];
                if (fsType.equals("cgroup")) {
                    v1 = true;
                } else if (fsType.equals("cgroup2")) {
                    v2 = Path.of(mountPoint);
                }
            }
            if (!v1 || v2 == null) {
                return Optional.empty();
            }
            Path controllers = v2.resolve("cgroup.controllers");
            if (Files.isRegularFile(controllers) && !Files.readString(controllers).isBlank()) {
                return Optional.of(controllers);
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The cgroup version the host's containers get: "1" with any v1 controller hierarchy, else "2". */
    public static String cgroupVersion() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] parts = line.split(" - ", 2);
                if (parts.length == 2 && parts[1].startsWith("cgroup ")) {
                    return "1";
                }
            }
        } catch (IOException e) {
            return "1";
        }
        return "2";
    }

    private static String version(Path binary) {
        try {
            var result = Exec.run(List.of(binary.toString(), "--version"), Duration.ofSeconds(5));
            String first = result.out().lines().findFirst().orElse("");
            int space = first.lastIndexOf(' ');
            return space >= 0 ? first.substring(space + 1) : first;
        } catch (RuntimeException e) {
            return "unknown";
        }
    }
}
