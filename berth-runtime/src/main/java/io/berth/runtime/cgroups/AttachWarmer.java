package io.berth.runtime.cgroups;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gets the kernel's cgroup attach lock ready while berthd still prepares a container. On cgroup v1
 * the runtime moves a container's first process (and every exec'd one) into each hierarchy by
 * writing {@code cgroup.procs}; the first such move after an idle spell waits for an RCU grace
 * period before it may take the kernel's global lock for moving tasks — 10–15 ms on the test VM,
 * the largest part of {@code crun create} there. A move of berthd into the cgroup it is already in
 * pays that wait on a thread of its own, while the bundle is written and conmon starts; the
 * runtime's own moves then find the lock ready. Unused where the runtime needs no moves (cgroup
 * v2: crun places the process with {@code clone3}) and after the first failed write.
 */
public final class AttachWarmer {
    private static final System.Logger LOG = System.getLogger(AttachWarmer.class.getName());
    private static final AttachWarmer NONE = new AttachWarmer(Optional.empty());

    private final Optional<Path> procs;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile boolean failed;
    private ExecutorService thread;

    AttachWarmer(Optional<Path> procs) {
        this.procs = procs;
    }

    /** For this process on this host: a warmer on cgroup v1 and hybrid hosts, none on cgroup v2. */
    public static AttachWarmer forThisProcess() {
        if (Cgroups.detect().version() != CgroupVersion.V1) {
            return NONE;
        }
        try {
            return new AttachWarmer(ownProcsFile(Cgroups.DEFAULT_ROOT, Files.readString(Path.of("/proc/self/cgroup"))));
        } catch (IOException e) {
            return NONE;
        }
    }

    public static AttachWarmer none() {
        return NONE;
    }

    /**
     * The {@code cgroup.procs} of the cgroup this process is in, from {@code /proc/self/cgroup}:
     * in the unified hierarchy of a hybrid host if there is one, else in the first v1 hierarchy
     * mounted under {@code root} by one of its usual names.
     */
    static Optional<Path> ownProcsFile(Path root, String selfCgroup) {
        var candidates = new ArrayList<Path>();
        for (String line : selfCgroup.lines().toList()) {
            String[] fields = line.split(":", 3);
            if (fields.length < 3 || !fields[2].startsWith("/")) {
                continue;
            }
            if (fields[1].isEmpty()) {
                candidates.addFirst(Cgroups.resolve(root.resolve("unified"), fields[2]));
                continue;
            }
            var names = new ArrayList<>(List.of(fields[1]));
            for (String controller : fields[1].split(",")) {
                names.add(controller.startsWith("name=") ? controller.substring("name=".length()) : controller);
            }
            for (String name : names) {
                candidates.add(Cgroups.resolve(root.resolve(name), fields[2]));
            }
        }
        return candidates.stream().map(dir -> dir.resolve("cgroup.procs")).filter(Files::isRegularFile).findFirst();
    }

    public boolean enabled() {
        return procs.isPresent() && !failed;
    }

    /** Starts a move of this process into its own cgroup, unless one is under way. Returns at once. */
    public void warm() {
        if (!enabled() || !pending.compareAndSet(false, true)) {
            return;
        }
        executor().execute(() -> {
            try {
                Files.writeString(procs.get(), "0"); // "0": the writer's own thread group
            } catch (IOException e) {
                failed = true;
                LOG.log(System.Logger.Level.DEBUG, "cgroup attach warm-up off: {0}: {1}", procs.get(), e.getMessage());
            } finally {
                pending.set(false);
            }
        });
    }

    private synchronized ExecutorService executor() {
        if (thread == null) {
            // a platform thread: the write blocks in the kernel for the grace period
            thread = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("cgroup-attach-warmer").factory());
        }
        return thread;
    }
}
