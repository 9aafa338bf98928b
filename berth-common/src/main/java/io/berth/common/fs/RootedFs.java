package io.berth.common.fs;

import io.berth.common.linux.ErrnoException;
import io.berth.common.linux.Fd;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A directory tree seen as a root filesystem, as a process chrooted into it would see it, with
 * other host trees spliced in at mount points (a container's volumes and binds). Paths are
 * resolved one component at a time with {@link Fd#child} (no symbolic link is ever followed by the
 * kernel): an absolute link target starts again at this root, {@code ..} never climbs above it,
 * and crossing a mount point switches to the mount's source. Whatever the tree's owner does while
 * a path is resolved (swapping a directory for a link to {@code /}, say), nothing outside the root
 * and its mounts is reached.
 *
 * <p>Not thread-safe; one per operation. Closing it closes the root and the mounts' descriptors.
 */
public final class RootedFs implements AutoCloseable {
    private static final int MAX_LINKS = 255;

    /** A tree mounted at {@code destination} (a path inside the root); {@code source} is a host path. */
    public record Mount(String destination, Path source, boolean writable) {}

    /** Where a mount ended up: its destination with the root's links resolved, and its source opened. */
    private record Spliced(Mount mount, String canonical, Fd source) {}

    private final Fd root;
    private final Map<String, Spliced> mounts = new LinkedHashMap<>();

    private RootedFs(Fd root) {
        this.root = root;
    }

    /** Opens {@code root} (a trusted host path) with {@code mounts} spliced in, shallow ones first. */
    public static RootedFs open(Path root, List<Mount> mounts) {
        var fs = new RootedFs(Fd.open(root));
        try {
            var sorted = new ArrayList<>(mounts);
            sorted.sort(Comparator.comparingInt(m -> depth(m.destination())));
            for (Mount m : sorted) {
                // the runtime mounts at the destination with the root's links resolved, so do we
                String canonical = fs.canonical(m.destination());
                fs.mounts.remove(canonical);
                fs.mounts.put(canonical, new Spliced(m, canonical, Fd.open(m.source())));
            }
            return fs;
        } catch (RuntimeException e) {
            fs.close();
            throw e;
        }
    }

    /** A resolved file: its descriptor, its path inside the root with every link resolved, and its mount. */
    public static final class Node implements AutoCloseable {
        private final Fd fd;
        private final String path;
        private final Fd.Stat stat;
        private final Optional<Mount> mount;

        Node(Fd fd, String path, Optional<Mount> mount) {
            this.fd = fd;
            this.path = path;
            this.mount = mount;
            try {
                this.stat = fd.stat();
            } catch (RuntimeException e) {
                fd.close();
                throw e;
            }
        }

        public Fd fd() {
            return fd;
        }

        /** The path inside the root, links resolved ({@code /} for the root). */
        public String path() {
            return path;
        }

        public Fd.Stat stat() {
            return stat;
        }

        /** The mount this file is on; empty for the root filesystem. */
        public Optional<Mount> mount() {
            return mount;
        }

        /** Whether this file is the root of a mount (or of the tree). */
        public boolean isMountRoot(RootedFs fs) {
            return path.equals("/") || fs.mounts.containsKey(path);
        }

        @Override
        public void close() {
            fd.close();
        }
    }

    /** The root directory. */
    public Node root() {
        return new Node(root.dup(), "/", Optional.empty());
    }

    /**
     * Resolves {@code path} (relative paths are taken from the root). Every link on the way is
     * followed; the last component too with {@code followLast}. Throws {@link ErrnoException}
     * ({@code ENOENT}, {@code ENOTDIR}, {@code ELOOP}).
     */
    public Node resolve(String path, boolean followLast) {
        Deque<Node> stack = new ArrayDeque<>();
        stack.push(root());
        try {
            Deque<String> pending = new ArrayDeque<>();
            pushAll(pending, path);
            int links = 0;
            while (!pending.isEmpty()) {
                String part = pending.removeFirst();
                if (part.isEmpty() || part.equals(".")) {
                    continue;
                }
                if (part.equals("..")) {
                    if (stack.size() > 1) {
                        stack.pop().close();
                    }
                    continue;
                }
                Node current = stack.peek();
                if (!current.stat().isDirectory()) {
                    throw new ErrnoException("resolve " + path, Fd.ENOTDIR);
                }
                Node next = child(current, part);
                boolean last = pending.isEmpty(); // a trailing "/" or "/." asks for what a link points to
                if (next.stat().isSymlink() && (!last || followLast)) {
                    String target;
                    try {
                        target = next.fd().readlink();
                    } finally {
                        next.close();
                    }
                    if (++links > MAX_LINKS) {
                        throw new ErrnoException("resolve " + path, Fd.ELOOP);
                    }
                    if (target.startsWith("/")) {
                        while (stack.size() > 1) {
                            stack.pop().close();
                        }
                    }
                    pushAll(pending, target);
                    continue;
                }
                stack.push(next);
            }
            return stack.pop();
        } finally {
            while (!stack.isEmpty()) {
                stack.pop().close();
            }
        }
    }

    /** Called before a directory is created in {@code parent} (to refuse read-only places). */
    @FunctionalInterface
    public interface BeforeCreate {
        void check(Node parent);
    }

    /**
     * Resolves {@code path} as a directory, every link followed, creating the directories that are
     * missing ({@code mode}, owned by the caller) as {@code mkdir -p} would.
     */
    public Node resolveDirectoryCreating(String path, int mode, BeforeCreate check) {
        Deque<String> pending = new ArrayDeque<>();
        pushAll(pending, path);
        Node current = root();
        try {
            String done = "/";
            while (!pending.isEmpty()) {
                String part = pending.removeFirst();
                if (part.isEmpty() || part.equals(".")) {
                    continue;
                }
                if (part.equals("..")) {
                    done = parentOf(done);
                    current.close();
                    current = null;
                    current = resolve(done, true);
                    continue;
                }
                if (!current.stat().isDirectory()) {
                    throw new ErrnoException("resolve " + path, Fd.ENOTDIR);
                }
                Optional<Node> next = childIfExists(current, part);
                if (next.isEmpty()) {
                    check.check(current);
                    try {
                        current.fd().mkdir(part, mode).close();
                    } catch (ErrnoException e) {
                        if (e.errno() != Fd.EEXIST) {
                            throw e;
                        }
                    }
                    next = Optional.of(child(current, part));
                }
                if (next.get().stat().isSymlink()) {
                    // let resolve() follow it (with its loop limit), then go on from there
                    next.get().close();
                    String rest = String.join("/", pending);
                    Node target = resolve(join(done, part), true);
                    current.close();
                    current = target;
                    done = target.path();
                    pending.clear();
                    pushAll(pending, rest);
                    continue;
                }
                current.close();
                current = next.get();
                done = current.path();
            }
            if (!current.stat().isDirectory()) {
                throw new ErrnoException("resolve " + path, Fd.ENOTDIR);
            }
            Node result = current;
            current = null;
            return result;
        } finally {
            if (current != null) {
                current.close();
            }
        }
    }

    /** The entry {@code name} of directory {@code dir} (not followed), or the mount whose destination it is. */
    public Node child(Node dir, String name) {
        String path = join(dir.path(), name);
        Spliced spliced = mounts.get(path);
        if (spliced != null) {
            return new Node(spliced.source().dup(), path, Optional.of(spliced.mount()));
        }
        return new Node(dir.fd().child(name), path, dir.mount());
    }

    /** {@link #child}, or empty when there is no such entry. */
    public Optional<Node> childIfExists(Node dir, String name) {
        try {
            return Optional.of(child(dir, name));
        } catch (ErrnoException e) {
            if (e.errno() == Fd.ENOENT) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The names in a directory, mount points below it included, sorted. */
    public List<String> list(Node dir) throws java.io.IOException {
        var names = new ArrayList<>(dir.fd().list());
        for (String mountPoint : mounts.keySet()) {
            String parent = parentOf(mountPoint);
            String name = mountPoint.substring(mountPoint.lastIndexOf('/') + 1);
            if (parent.equals(dir.path()) && !names.contains(name)) {
                names.add(name);
            }
        }
        names.sort(null);
        return names;
    }

    /** Whether {@code path} (resolved) is where a mount is spliced in. */
    public boolean isMountPoint(String path) {
        return mounts.containsKey(path);
    }

    /**
     * {@code path} with the links of its existing part resolved; what does not exist is appended
     * as it is ({@code ..} taken lexically), as a runtime creates a missing mount point.
     */
    public String canonical(String path) {
        Deque<String> pending = new ArrayDeque<>();
        pushAll(pending, path);
        Deque<String> done = new ArrayDeque<>();
        int links = 0;
        Node current = root();
        try {
            while (!pending.isEmpty()) {
                String part = pending.removeFirst();
                if (part.isEmpty() || part.equals(".")) {
                    continue;
                }
                if (part.equals("..")) {
                    if (!done.isEmpty()) {
                        done.removeLast();
                    }
                    if (current != null) {
                        current.close();
                    }
                    current = reopen(done);
                    continue;
                }
                Optional<Node> next = current == null || !current.stat().isDirectory() ? Optional.empty()
                        : childIfExists(current, part);
                if (next.isPresent() && next.get().stat().isSymlink() && ++links <= MAX_LINKS) {
                    String target = next.get().fd().readlink();
                    next.get().close();
                    if (target.startsWith("/")) {
                        done.clear();
                    }
                    pushAll(pending, target);
                    if (current != null) {
                        current.close();
                    }
                    current = reopen(done);
                    continue;
                }
                done.addLast(part);
                if (current != null) {
                    current.close();
                }
                current = next.orElse(null);
            }
            return "/" + String.join("/", done);
        } finally {
            if (current != null) {
                current.close();
            }
        }
    }

    /** The node at {@code parts} (already resolved), or null if it does not exist. */
    private Node reopen(Deque<String> parts) {
        Node current = root();
        for (String part : parts) {
            if (!current.stat().isDirectory()) {
                current.close();
                return null;
            }
            Optional<Node> next = childIfExists(current, part);
            current.close();
            if (next.isEmpty()) {
                return null;
            }
            current = next.get();
        }
        return current;
    }

    @Override
    public void close() {
        root.close();
        for (Spliced s : mounts.values()) {
            s.source().close();
        }
    }

    // --- paths ------------------------------------------------------------------------------

    public static String join(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    private static void pushAll(Deque<String> pending, String path) {
        String[] parts = path.split("/", -1);
        for (int i = parts.length - 1; i >= 0; i--) {
            pending.addFirst(parts[i]);
        }
    }

    private static int depth(String destination) {
        return (int) destination.chars().filter(ch -> ch == '/').count();
    }
}
