package io.berth.common.linux;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An open file descriptor and the {@code *at} system calls relative to it. Every operation names
 * a single path component (never a slash, never {@code ..}) and never follows a symbolic link in
 * that component, so a walk made of them cannot leave the tree it started in, whatever the tree's
 * owner does to it meanwhile: the safe-walk half of the CVE-2018-15664 defence.
 *
 * <p>Descriptors are opened with {@code O_PATH} unless said otherwise; file contents are read
 * and written by reopening {@code /proc/self/fd/N}, which names the very inode the descriptor
 * holds (no path is walked again), so the JDK's streams can be used on it.
 */
public final class Fd implements AutoCloseable {
    public static final int S_IFMT = 0170000;
    public static final int S_IFSOCK = 0140000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFIFO = 0010000;

    public static final int ENOENT = 2;
    public static final int EEXIST = 17;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int EROFS = 30;
    public static final int ELOOP = 40;
    public static final int ENOTEMPTY = 39;

    private static final int O_WRONLY = 1;
    private static final int O_CREAT = 0100;
    private static final int O_EXCL = 0200;
    private static final int O_DIRECTORY = 0200000;
    private static final int O_NOFOLLOW = 0400000;
    private static final int O_CLOEXEC = 02000000;
    private static final int O_PATH = 010000000;
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int AT_REMOVEDIR = 0x200;
    private static final int AT_EMPTY_PATH = 0x1000;
    private static final int STATX_BASIC_STATS = 0x7ff;
    private static final int F_DUPFD_CLOEXEC = 1030;

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final ValueLayout PTR = ValueLayout.ADDRESS;
    private static final Linker LINKER = Linker.nativeLinker();

    private static MethodHandle variadic(String name, FunctionDescriptor descriptor, int firstVariadic) {
        var symbol = LINKER.defaultLookup().find(name).orElseThrow(() -> new UnsatisfiedLinkError(name));
        return LINKER.downcallHandle(symbol, descriptor, Linker.Option.captureCallState("errno"),
                Linker.Option.firstVariadicArg(firstVariadic));
    }

    private static final class OPENAT {
        static final MethodHandle H = variadic("openat", FunctionDescriptor.of(INT, INT, PTR, INT, INT), 3);
    }
    private static final class FCNTL {
        static final MethodHandle H = variadic("fcntl", FunctionDescriptor.of(INT, INT, INT, INT), 2);
    }
    private static final class STATX {
        static final MethodHandle H = Linux.errnoCall("statx", FunctionDescriptor.of(INT, INT, PTR, INT, INT, PTR));
    }
    private static final class READLINKAT {
        static final MethodHandle H = Linux.errnoCall("readlinkat", FunctionDescriptor.of(LONG, INT, PTR, PTR, LONG));
    }
    private static final class MKDIRAT {
        static final MethodHandle H = Linux.errnoCall("mkdirat", FunctionDescriptor.of(INT, INT, PTR, INT));
    }
    private static final class UNLINKAT {
        static final MethodHandle H = Linux.errnoCall("unlinkat", FunctionDescriptor.of(INT, INT, PTR, INT));
    }
    private static final class SYMLINKAT {
        static final MethodHandle H = Linux.errnoCall("symlinkat", FunctionDescriptor.of(INT, PTR, INT, PTR));
    }
    private static final class LINKAT {
        static final MethodHandle H = Linux.errnoCall("linkat", FunctionDescriptor.of(INT, INT, PTR, INT, PTR, INT));
    }
    private static final class MKNODAT {
        static final MethodHandle H = Linux.errnoCall("mknodat", FunctionDescriptor.of(INT, INT, PTR, INT, LONG));
    }
    private static final class FCHOWNAT {
        static final MethodHandle H = Linux.errnoCall("fchownat", FunctionDescriptor.of(INT, INT, PTR, INT, INT, INT));
    }
    private static final class UTIMENSAT {
        static final MethodHandle H = Linux.errnoCall("utimensat", FunctionDescriptor.of(INT, INT, PTR, PTR, INT));
    }
    private static final class GETXATTR {
        static final MethodHandle H = Linux.errnoCall("getxattr", FunctionDescriptor.of(LONG, PTR, PTR, PTR, LONG));
    }
    private static final class SETXATTR {
        static final MethodHandle H = Linux.errnoCall("setxattr", FunctionDescriptor.of(INT, PTR, PTR, PTR, LONG, INT));
    }
    private static final class LLISTXATTR {
        static final MethodHandle H = Linux.errnoCall("listxattr", FunctionDescriptor.of(LONG, PTR, PTR, LONG));
    }

    /** What statx(2) says about a file. {@code mode} holds the type and the permission bits. */
    public record Stat(int mode, int uid, int gid, long size, long ino, int devMajor, int devMinor, int rdevMajor,
                       int rdevMinor, int nlink, Instant atime, Instant mtime) {
        public int type() {
            return mode & S_IFMT;
        }

        public int permissions() {
            return mode & 07777;
        }

        public boolean isDirectory() {
            return type() == S_IFDIR;
        }

        public boolean isSymlink() {
            return type() == S_IFLNK;
        }

        public boolean isRegular() {
            return type() == S_IFREG;
        }

        /** An overlayfs whiteout: a character device 0/0. */
        public boolean isWhiteout() {
            return type() == S_IFCHR && rdevMajor == 0 && rdevMinor == 0;
        }
    }

    private final int fd;
    private boolean closed;

    private Fd(int fd) {
        this.fd = fd;
    }

    /** Opens a path of the host (symbolic links followed as the host follows them: trusted paths only). */
    public static Fd open(Path hostPath) {
        return new Fd(openat(AT_FDCWD, hostPath.toAbsolutePath().toString(), O_PATH | O_CLOEXEC, 0,
                "open " + hostPath));
    }

    public int number() {
        return fd;
    }

    /** {@code /proc/self/fd/N}: reopening it reaches this descriptor's inode, with no path walked. */
    public Path procPath() {
        return Path.of("/proc/self/fd/" + fd);
    }

    /** A second descriptor for the same file. */
    public Fd dup() {
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(Linux.CAPTURE);
            int n = (int) FCNTL.H.invokeExact(state, fd, F_DUPFD_CLOEXEC, 0);
            if (n < 0) {
                throw new ErrnoException("dup", Linux.errno(state));
            }
            return new Fd(n);
        } catch (Throwable t) {
            throw Linux.rethrow(t);
        }
    }

    /** The entry {@code name} of this directory, not followed if it is a symbolic link. */
    public Fd child(String name) {
        checkName(name);
        return new Fd(openat(fd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC, 0, "open " + name));
    }

    public Optional<Fd> childIfExists(String name) {
        try {
            return Optional.of(child(name));
        } catch (ErrnoException e) {
            if (e.errno() == ENOENT) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public Stat stat() {
        return statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, "stat");
    }

    /** The entry {@code name}'s own metadata (a symbolic link is not followed), if it exists. */
    public Optional<Stat> statChild(String name) {
        checkName(name);
        try {
            return Optional.of(statx(fd, name, AT_SYMLINK_NOFOLLOW, "stat " + name));
        } catch (ErrnoException e) {
            if (e.errno() == ENOENT) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The target of this symbolic link. */
    public String readlink() {
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(Linux.CAPTURE);
            var buffer = arena.allocate(4096);
            long n = (long) READLINKAT.H.invokeExact(state, fd, arena.allocateFrom(""), buffer, 4096L);
            if (n < 0) {
                throw new ErrnoException("readlink", Linux.errno(state));
            }
            return new String(buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
        } catch (Throwable t) {
            throw Linux.rethrow(t);
        }
    }

    /** The names in this directory (not {@code .} and {@code ..}), sorted. */
    public List<String> list() throws IOException {
        var names = new ArrayList<String>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(procPath())) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        }
        names.sort(null);
        return names;
    }

    /** The contents of this regular file. */
    public InputStream read() throws IOException {
        if (!stat().isRegular()) {
            throw new ErrnoException("read", EISDIR);
        }
        return Files.newInputStream(procPath());
    }

    /** Creates the directory {@code name} and opens it. */
    public Fd mkdir(String name, int mode) {
        checkName(name);
        call(MKDIRAT.H, "mkdir " + name, fd, name, mode);
        return child(name);
    }

    /** Creates a new regular file (it must not exist) and returns a stream writing to it. */
    public OutputStream create(String name, int mode) throws IOException {
        checkName(name);
        int created = openat(fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode, "create " + name);
        try {
            return Files.newOutputStream(Path.of("/proc/self/fd/" + created), StandardOpenOption.WRITE);
        } finally {
            Linux.close(created);
        }
    }

    public void symlink(String name, String target) {
        checkName(name);
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(Linux.CAPTURE);
            int rc = (int) SYMLINKAT.H.invokeExact(state, arena.allocateFrom(target), fd, arena.allocateFrom(name));
            if (rc != 0) {
                throw new ErrnoException("symlink " + name, Linux.errno(state));
            }
        } catch (Throwable t) {
            throw Linux.rethrow(t);
        }
    }

    /** A hard link {@code name} here to the entry {@code existing} of directory {@code existingDir}. */
    public void link(String name, Fd existingDir, String existing) {
        checkName(name);
        checkName(existing);
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(Linux.CAPTURE);
            int rc = (int) LINKAT.H.invokeExact(state, existingDir.fd, arena.allocateFrom(existing), fd,
                    arena.allocateFrom(name), 0);
            if (rc != 0) {
                throw new ErrnoException("link " + name, Linux.errno(state));
            }
        } catch (Throwable t) {
            throw Linux.rethrow(t);
        }
    }

    public void mknod(String name, int mode, long device) {
        checkName(name);
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(Linux.CAPTURE);
            int rc = (int) MKNODAT.H.invokeExact(state, fd, arena.allocateFrom(name), mode, device);
            if (rc != 0) {
                throw new ErrnoException("mknod " + name, Linux.errno(state));
            }
        } catch (Throwable t) {
            throw Linux.rethrow(t);
        }
    }

    /** Removes the entry {@code name}; a directory with everything in it, without following any link. */
    public void removeAll(String name) throws IOException {
        var stat = statChild(name);
        if (stat.isEmpty()) {
            return;
        }
        if (stat.get().isDirectory()) {
            try (Fd dir = child(name)) {
                for (String entry : dir.list()) {
                    dir.removeAll(entry);
                }
            }
            call(UNLINKAT.H, "remove " + name, fd, name, AT_REMOVEDIR);
        } else {
            call(UNLINKAT.H, "remove " + name, fd, name, 0);
        }
    }

    /** lchown of the entry {@code name}. */
    public void chown(String name, int uid, int gid) {
        checkName(name);
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(Linux.CAPTURE);
            int rc = (int) FCHOWNAT.H.invokeExact(state, fd, arena.allocateFrom(name), uid, gid, AT_SYMLINK_NOFOLLOW);
            if (rc != 0) {
                throw new ErrnoException("chown " + name, Linux.errno(state));
            }
        } catch (Throwable t) {
            throw Linux.rethrow(t);
        }
    }

    /** chmod of this file, setuid, setgid and sticky bits included; never of a symbolic link. */
    public void chmod(int mode) {
        if (stat().isSymlink()) {
            return;
        }
        Linux.chmod(procPath().toString(), mode & 07777);
    }

    /** Access and modification times of the entry {@code name} (a symbolic link's own). */
    public void utimes(String name, Instant atime, Instant mtime) {
        checkName(name);
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(Linux.CAPTURE);
            var times = arena.allocate(LONG, 4);
            times.setAtIndex(LONG, 0, atime.getEpochSecond());
            times.setAtIndex(LONG, 1, atime.getNano());
            times.setAtIndex(LONG, 2, mtime.getEpochSecond());
            times.setAtIndex(LONG, 3, mtime.getNano());
            int rc = (int) UTIMENSAT.H.invokeExact(state, fd, arena.allocateFrom(name), times, AT_SYMLINK_NOFOLLOW);
            if (rc != 0) {
                throw new ErrnoException("utimensat " + name, Linux.errno(state));
            }
        } catch (Throwable t) {
            throw Linux.rethrow(t);
        }
    }

    /** An extended attribute of this file (not of a symbolic link), or empty. */
    public Optional<byte[]> getxattr(String attribute) {
        if (stat().isSymlink()) {
            return Optional.empty();
        }
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(Linux.CAPTURE);
            var segment = arena.allocate(65536);
            long n = (long) GETXATTR.H.invokeExact(state, arena.allocateFrom(procPath().toString()),
                    arena.allocateFrom(attribute), segment, 65536L);
            if (n < 0) {
                int errno = Linux.errno(state);
                if (errno == 61 /* ENODATA */ || errno == 95 /* ENOTSUP */) {
                    return Optional.empty();
                }
                throw new ErrnoException("getxattr " + attribute, errno);
            }
            return Optional.of(segment.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
        } catch (Throwable t) {
            throw Linux.rethrow(t);
        }
    }

    /** The names of this file's extended attributes (none for a symbolic link). */
    public List<String> listxattr() {
        if (stat().isSymlink()) {
            return List.of();
        }
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(Linux.CAPTURE);
            var segment = arena.allocate(65536);
            long n = (long) LLISTXATTR.H.invokeExact(state, arena.allocateFrom(procPath().toString()), segment, 65536L);
            if (n < 0) {
                int errno = Linux.errno(state);
                if (errno == 95 /* ENOTSUP */) {
                    return List.of();
                }
                throw new ErrnoException("listxattr", errno);
            }
            var names = new ArrayList<String>();
            byte[] bytes = segment.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == 0) {
                    if (i > start) {
                        names.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                    }
                    start = i + 1;
                }
            }
            return names;
        } catch (Throwable t) {
            throw Linux.rethrow(t);
        }
    }

    /** Sets an extended attribute of this file (not of a symbolic link). */
    public void setxattr(String attribute, byte[] value) {
        if (stat().isSymlink()) {
            return;
        }
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(Linux.CAPTURE);
            var segment = arena.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, segment, ValueLayout.JAVA_BYTE, 0, value.length);
            int rc = (int) SETXATTR.H.invokeExact(state, arena.allocateFrom(procPath().toString()),
                    arena.allocateFrom(attribute), segment, (long) value.length, 0);
            if (rc != 0) {
                throw new ErrnoException("setxattr " + attribute, Linux.errno(state));
            }
        } catch (Throwable t) {
            throw Linux.rethrow(t);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Linux.close(fd);
        }
    }

    // --- helpers ----------------------------------------------------------------------------

    /** A single path component: no slash, not {@code .} or {@code ..}, not empty. */
    static void checkName(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf(0) >= 0) {
            throw new IllegalArgumentException("not a single path component: " + name);
        }
    }

    private static int openat(int dirfd, String path, int flags, int mode, String what) {
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(Linux.CAPTURE);
            int n = (int) OPENAT.H.invokeExact(state, dirfd, arena.allocateFrom(path), flags, mode);
            if (n < 0) {
                throw new ErrnoException(what, Linux.errno(state));
            }
            return n;
        } catch (Throwable t) {
            throw Linux.rethrow(t);
        }
    }

    private static void call(MethodHandle handle, String what, int dirfd, String name, int arg) {
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(Linux.CAPTURE);
            int rc = (int) handle.invokeExact(state, dirfd, arena.allocateFrom(name), arg);
            if (rc != 0) {
                throw new ErrnoException(what, Linux.errno(state));
            }
        } catch (Throwable t) {
            throw Linux.rethrow(t);
        }
    }

    private static Stat statx(int dirfd, String path, int flags, String what) {
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(Linux.CAPTURE);
            var buffer = arena.allocate(256, 8);
            int rc = (int) STATX.H.invokeExact(state, dirfd, arena.allocateFrom(path), flags, STATX_BASIC_STATS, buffer);
            if (rc != 0) {
                throw new ErrnoException(what, Linux.errno(state));
            }
            int mode = Short.toUnsignedInt(buffer.get(ValueLayout.JAVA_SHORT, 28));
            return new Stat(mode, buffer.get(INT, 20), buffer.get(INT, 24), buffer.get(LONG, 40),
                    buffer.get(LONG, 32), buffer.get(INT, 136), buffer.get(INT, 140), buffer.get(INT, 128),
                    buffer.get(INT, 132), buffer.get(INT, 16),
                    Instant.ofEpochSecond(buffer.get(LONG, 64), Integer.toUnsignedLong(buffer.get(INT, 72))),
                    Instant.ofEpochSecond(buffer.get(LONG, 112), Integer.toUnsignedLong(buffer.get(INT, 120))));
        } catch (Throwable t) {
            throw Linux.rethrow(t);
        }
    }
}
