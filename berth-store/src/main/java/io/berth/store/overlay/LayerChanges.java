package io.berth.store.overlay;

import io.berth.common.InternalException;
import io.berth.common.fs.RootedFs;
import io.berth.common.linux.ErrnoException;
import io.berth.common.linux.Fd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * What a container changed, from its overlayfs upper directory and the image's layers below it,
 * as {@code docker diff} reports it: {@code A} for a path the image does not have, {@code D} for
 * a whiteout (and for what an opaque directory hides), {@code C} for a file the image has, and for
 * a directory of the image whose owner or mode changed or below which something changed. Paths come
 * parent first, in name order. The upper directory belongs to the container and is walked with
 * {@link RootedFs} (no link followed); the image's layers are read-only.
 */
public final class LayerChanges {
    public enum Kind {
        MODIFIED(0, "C"), ADDED(1, "A"), DELETED(2, "D");

        public final int code;
        public final String letter;

        Kind(int code, String letter) {
            this.code = code;
            this.letter = letter;
        }
    }

    public record Change(String path, Kind kind) {
        @Override
        public String toString() {
            return kind.letter + " " + path;
        }
    }

    private final RootedFs upper;
    private final List<Path> lowers;
    private final Predicate<String> ignore;

    private LayerChanges(RootedFs upper, List<Path> lowers, Predicate<String> ignore) {
        this.upper = upper;
        this.lowers = lowers;
        this.ignore = ignore;
    }

    /**
     * The changes in {@code upperDir} over {@code lowersTopFirst}; {@code ignore} leaves out paths
     * (and everything below them) that are not the container's doing, such as mount points the
     * runtime made.
     */
    public static List<Change> of(Path upperDir, List<Path> lowersTopFirst, Predicate<String> ignore) {
        try (var fs = RootedFs.open(upperDir, List.of()); var root = fs.root()) {
            var out = new ArrayList<Change>();
            new LayerChanges(fs, lowersTopFirst, ignore).directory(root, out);
            return out;
        } catch (IOException | ErrnoException e) {
            throw new InternalException("reading the changes of " + upperDir + ": " + e.getMessage(), e);
        }
    }

    /** Whether the image (the layers below) has {@code path}. */
    public static boolean inLowers(List<Path> lowersTopFirst, String path) {
        return lowerStat(lowersTopFirst, path).isPresent();
    }

    /** The changes below {@code dir}; returns whether there were any. */
    private boolean directory(RootedFs.Node dir, List<Change> out) throws IOException {
        boolean any = false;
        Set<String> present = new TreeSet<>();
        for (String name : upper.list(dir)) {
            present.add(name);
            String path = RootedFs.join(dir.path(), name);
            if (ignore.test(path)) {
                continue;
            }
            Optional<RootedFs.Node> child = upper.childIfExists(dir, name);
            if (child.isEmpty()) {
                continue;
            }
            try (RootedFs.Node node = child.get()) {
                any |= entry(node, out);
            }
        }
        if (!dir.path().equals("/") && isOpaque(dir)) {
            // an opaque directory hides what the image has there
            for (String name : lowerNames(dir.path())) {
                String path = RootedFs.join(dir.path(), name);
                if (!present.contains(name) && !ignore.test(path)) {
                    out.add(new Change(path, Kind.DELETED));
                    any = true;
                }
            }
        }
        return any;
    }

    private boolean entry(RootedFs.Node node, List<Change> out) throws IOException {
        Fd.Stat st = node.stat();
        String path = node.path();
        if (st.isWhiteout()) {
            out.add(new Change(path, Kind.DELETED));
            return true;
        }
        Optional<LowerStat> lower = lowerStat(lowers, path);
        if (lower.isEmpty()) {
            out.add(new Change(path, Kind.ADDED));
            if (st.isDirectory()) {
                directory(node, out);
            }
            return true;
        }
        if (st.isDirectory() && lower.get().isDirectory()) {
            int at = out.size();
            boolean below = directory(node, out);
            if (below || differs(st, lower.get())) {
                out.add(at, new Change(path, Kind.MODIFIED));
                return true;
            }
            return false;
        }
        out.add(new Change(path, Kind.MODIFIED));
        if (st.isDirectory()) {
            directory(node, out);
        }
        return true;
    }

    /** Owner or permissions changed (a directory's time changes whenever the runtime makes a mount point in it). */
    private static boolean differs(Fd.Stat st, LowerStat lower) {
        return st.permissions() != (lower.mode() & 07777) || st.uid() != lower.uid() || st.gid() != lower.gid();
    }

    /** A file of the image's layers: its {@code st_mode}, owner and group. */
    private record LowerStat(int mode, int uid, int gid) {
        boolean isDirectory() {
            return (mode & Fd.S_IFMT) == Fd.S_IFDIR;
        }
    }

    private boolean isOpaque(RootedFs.Node dir) {
        return dir.fd().getxattr("trusted.overlay.opaque").map(v -> v.length == 1 && v[0] == 'y').orElse(false);
    }

    /** The first layer (from the top) that has {@code path}, and what it is there. */
    private static Optional<LowerStat> lowerStat(List<Path> lowers, String path) {
        String relative = path.substring(1);
        for (Path layer : lowers) {
            Path p = layer.resolve(relative);
            Map<String, Object> attributes;
            try {
                attributes = Files.readAttributes(p, "unix:mode,uid,gid,rdev", LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                continue; // not in this layer
            }
            int mode = (Integer) attributes.get("mode");
            if ((mode & Fd.S_IFMT) == Fd.S_IFCHR && ((Long) attributes.get("rdev")) == 0L) {
                return Optional.empty(); // a whiteout: deleted in this layer
            }
            return Optional.of(new LowerStat(mode, (Integer) attributes.get("uid"), (Integer) attributes.get("gid")));
        }
        return Optional.empty();
    }

    private Set<String> lowerNames(String path) {
        var names = new TreeSet<String>();
        String relative = path.substring(1);
        for (Path layer : lowers) {
            Path dir = layer.resolve(relative);
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (var entries = Files.list(dir)) {
                entries.forEach(p -> names.add(p.getFileName().toString()));
            } catch (IOException e) {
                // unreadable: nothing to report
            }
        }
        return names;
    }
}
