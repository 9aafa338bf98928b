package io.berth.cli.command.container;

import static io.berth.common.fs.SlashPaths.clean;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;

/**
 * {@code docker cp}'s path rules, as the docker CLI and moby's archive package apply them: which
 * side is the container ({@code CONTAINER:PATH}), what a trailing {@code /} or {@code /.} asserts,
 * which directory an archive is extracted into and under what name its top entry lands.
 */
final class CopyPaths {
    private CopyPaths() {}

    /** A copy's source or destination: where it is, whether it exists and is a directory, its new name. */
    record Info(String path, boolean exists, boolean isDir, String rebaseName) {
        static Info missing(String path) {
            return new Info(path, false, false, "");
        }
    }

    /** Where an archive goes: the directory to extract into, and its top entry renamed from {@code fromBase} to {@code toBase}. */
    record Prepared(String dstDir, String fromBase, String toBase) {
        boolean renames() {
            return !fromBase.equals(toBase);
        }
    }

    /** A local failure, printed as the docker CLI prints it (no "Error response from daemon"). */
    static final class CopyException extends RuntimeException {
        CopyException(String message) {
            super(message);
        }
    }

    /** {@code CONTAINER:PATH} → (container, path); a local path gives an empty container. */
    static String[] split(String arg) {
        if (arg.startsWith("/")) {
            return new String[] {"", arg};
        }
        int colon = arg.indexOf(':');
        if (colon < 0 || arg.startsWith(".")) {
            return new String[] {"", arg};
        }
        return new String[] {arg.substring(0, colon), arg.substring(colon + 1)};
    }

    /** Go's filepath.Base. */
    static String base(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.equals("/")) {
            return "/";
        }
        return p.substring(p.lastIndexOf('/') + 1);
    }

    /** Go's filepath.Dir. */
    static String dir(String path) {
        int slash = path.lastIndexOf('/');
        String dir = slash < 0 ? "" : path.substring(0, slash + 1);
        return clean(dir.isEmpty() ? "." : dir);
    }

    static boolean hasTrailingSeparator(String path) {
        return path.endsWith("/");
    }

    static boolean specifiesCurrentDir(String path) {
        return base(path).equals(".");
    }

    static boolean assertsDirectory(String path) {
        return hasTrailingSeparator(path) || specifiesCurrentDir(path);
    }

    /** moby's PreserveTrailingDotOrSeparator. */
    static String preserveTrailingDotOrSeparator(String cleaned, String original) {
        String out = cleaned;
        if (!specifiesCurrentDir(out) && specifiesCurrentDir(original)) {
            if (!hasTrailingSeparator(out)) {
                out += "/";
            }
            out += ".";
        }
        if (!hasTrailingSeparator(out) && hasTrailingSeparator(original)) {
            out += "/";
        }
        return out;
    }

    /** moby's SplitPathDirEntry: (dir, base), a trailing "." kept as the base. */
    static String[] splitPathDirEntry(String path) {
        String cleaned = clean(path);
        if (specifiesCurrentDir(path)) {
            cleaned += "/.";
        }
        return new String[] {dir(cleaned), base(cleaned)};
    }

    /** A local path made absolute, its trailing "/" or "/." kept. */
    static String resolveLocal(String path) {
        String absolute = clean(Path.of(path).toAbsolutePath().toString());
        return preserveTrailingDotOrSeparator(absolute, path);
    }

    /** moby's GetRebaseName: the resolved path with the original's trailing part, and the name to rebase to. */
    static String[] rebaseName(String path, String resolved) {
        String out = resolved;
        if (specifiesCurrentDir(path) && !specifiesCurrentDir(out)) {
            out += "/.";
        }
        if (hasTrailingSeparator(path) && !hasTrailingSeparator(out)) {
            out += "/";
        }
        String rebase = base(path).equals(base(out)) ? "" : base(path);
        return new String[] {out, rebase};
    }

    /** moby's CopyInfoSourcePath for a local source: links before the last separator resolved (all with -L). */
    static Info localSource(String path, boolean followLink) throws IOException {
        String resolved;
        String rebase = "";
        if (followLink) {
            Path real;
            try {
                real = Path.of(path).toRealPath();
            } catch (NoSuchFileException e) {
                throw new CopyException("lstat " + path + ": no such file or directory");
            }
            String[] r = rebaseName(path, real.toString());
            resolved = r[0];
            rebase = r[1];
        } else {
            int slash = path.lastIndexOf('/');
            String dirPath = path.substring(0, slash + 1);
            String basePath = path.substring(slash + 1);
            Path realDir;
            try {
                realDir = Path.of(dirPath.isEmpty() ? "." : dirPath).toRealPath();
            } catch (NoSuchFileException e) {
                throw new CopyException("lstat " + path + ": no such file or directory");
            }
            String dirString = realDir.toString();
            resolved = (dirString.equals("/") ? "" : dirString) + "/" + basePath;
            if (hasTrailingSeparator(path) && !base(path).equals(base(resolved))) {
                rebase = base(path);
            }
        }
        Path p = Path.of(resolved);
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new CopyException("lstat " + resolved + ": no such file or directory");
        }
        if (assertsDirectory(resolved) && !Files.isDirectory(p)) {
            throw new CopyException("lstat " + resolved + ": not a directory");
        }
        return new Info(resolved, true, Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                || (assertsDirectory(resolved) && Files.isDirectory(p)), rebase);
    }

    /** moby's CopyInfoDestinationPath for a local destination: links followed (at most ten); the parent must exist. */
    static Info localDestination(String path) throws IOException {
        String current = path;
        for (int n = 0; ; n++) {
            Path p = Path.of(current);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                String parent = splitPathDirEntry(current)[0];
                Path parentPath = Path.of(parent);
                if (!Files.exists(parentPath)) {
                    throw new CopyException("stat " + parent + ": no such file or directory");
                }
                if (!Files.isDirectory(parentPath)) {
                    throw new CopyException("not a directory");
                }
                return Info.missing(current);
            }
            if (!Files.isSymbolicLink(p)) {
                return new Info(current, true, Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS), "");
            }
            if (n >= 10) {
                throw new CopyException("too many symlinks in " + path);
            }
            String target = Files.readSymbolicLink(p).toString();
            current = target.startsWith("/") ? target : clean(splitPathDirEntry(current)[0] + "/" + target);
        }
    }

    /**
     * moby's PrepareArchiveCopy: into an existing directory as it is; otherwise into the
     * destination's parent, the top entry renamed to the destination's name.
     */
    static Prepared prepare(Info src, Info dst) {
        String[] dstParts = splitPathDirEntry(dst.path());
        String srcBase = src.rebaseName().isEmpty() ? splitPathDirEntry(src.path())[1] : src.rebaseName();
        if (dst.exists() && dst.isDir()) {
            return new Prepared(dst.path(), srcBase, srcBase);
        }
        if (dst.exists() && src.isDir()) {
            throw new CopyException("cannot copy directory");
        }
        if (dst.exists() || src.isDir()) {
            return new Prepared(dstParts[0], srcBase, dstParts[1]);
        }
        if (assertsDirectory(dst.path())) {
            throw new CopyException("no such directory");
        }
        return new Prepared(dstParts[0], srcBase, dstParts[1]);
    }
}
