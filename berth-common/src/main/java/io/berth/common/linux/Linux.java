package io.berth.common.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/** Thin, typed bindings to libc. Every failing call throws {@link ErrnoException}. */
public final class Linux {
    public static final int O_CLOEXEC = 0x80000;
    public static final long MS_RDONLY = 1;
    public static final long MS_NOSUID = 2;
    public static final long MS_NODEV = 4;
    public static final long MS_NOEXEC = 8;
    public static final long MS_REMOUNT = 32;
    public static final long MS_BIND = 4096;
    public static final long MS_REC = 16384;
    public static final long MS_PRIVATE = 1 << 18;
    public static final int MNT_DETACH = 2;
    public static final int EINTR = 4;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int ECHILD = 10;
    public static final int EINVAL = 22;
    public static final int EBUSY = 16;
    public static final int WNOHANG = 1;
    private static final int AF_UNIX = 1;
    private static final int SOCK_SEQPACKET = 5;
    private static final int SOCK_CLOEXEC = 0x80000;
    public static final int SHUT_WR = 1;

    private static final Linker LINKER = Linker.nativeLinker();
    static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final ValueLayout PTR = ValueLayout.ADDRESS;

    // Each downcall handle lives in a holder class of its own, so it is linked on first use:
    // linking generates code, and a short-lived process (the CLI) needs only one or two of them.
    private static final class MOUNT {
        static final MethodHandle H = errnoCall("mount", FunctionDescriptor.of(INT, PTR, PTR, PTR, LONG, PTR));
    }
    private static final class UMOUNT2 {
        static final MethodHandle H = errnoCall("umount2", FunctionDescriptor.of(INT, PTR, INT));
    }
    private static final class KILL {
        static final MethodHandle H = errnoCall("kill", FunctionDescriptor.of(INT, INT, INT));
    }
    private static final class WAITPID {
        static final MethodHandle H = errnoCall("waitpid", FunctionDescriptor.of(INT, INT, PTR, INT));
    }
    private static final class PIPE2 {
        static final MethodHandle H = errnoCall("pipe2", FunctionDescriptor.of(INT, PTR, INT));
    }
    private static final class CLOSE {
        static final MethodHandle H = errnoCall("close", FunctionDescriptor.of(INT, INT));
    }
    private static final class READ {
        static final MethodHandle H = errnoCall("read", FunctionDescriptor.of(LONG, INT, PTR, LONG));
    }
    private static final class WRITE {
        static final MethodHandle H = errnoCall("write", FunctionDescriptor.of(LONG, INT, PTR, LONG));
    }
    private static final class SOCKET {
        static final MethodHandle H = errnoCall("socket", FunctionDescriptor.of(INT, INT, INT, INT));
    }
    private static final class CONNECT {
        static final MethodHandle H = errnoCall("connect", FunctionDescriptor.of(INT, INT, PTR, INT));
    }
    private static final class SHUTDOWN {
        static final MethodHandle H = errnoCall("shutdown", FunctionDescriptor.of(INT, INT, INT));
    }
    private static final class MKFIFO {
        static final MethodHandle H = errnoCall("mkfifo", FunctionDescriptor.of(INT, PTR, INT));
    }
    private static final class MKNOD {
        static final MethodHandle H = errnoCall("mknod", FunctionDescriptor.of(INT, PTR, INT, LONG));
    }
    private static final class CHMOD {
        static final MethodHandle H = errnoCall("chmod", FunctionDescriptor.of(INT, PTR, INT));
    }
    private static final class LCHOWN {
        static final MethodHandle H = errnoCall("lchown", FunctionDescriptor.of(INT, PTR, INT, INT));
    }
    private static final class LSETXATTR {
        static final MethodHandle H = errnoCall("lsetxattr", FunctionDescriptor.of(INT, PTR, PTR, PTR, LONG, INT));
    }
    private static final class LGETXATTR {
        static final MethodHandle H = errnoCall("lgetxattr", FunctionDescriptor.of(LONG, PTR, PTR, PTR, LONG));
    }
    private static final class ISATTY {
        static final MethodHandle H = plainCall("isatty", FunctionDescriptor.of(INT, INT));
    }
    private static final class OPEN {
        static final MethodHandle H = errnoCall("open", FunctionDescriptor.of(INT, PTR, INT, INT));
    }
    private static final class FALLOCATE {
        static final MethodHandle H = errnoCall("fallocate", FunctionDescriptor.of(INT, INT, INT, LONG, LONG));
    }
    private static final class GETUID {
        static final MethodHandle H = plainCall("getuid", FunctionDescriptor.of(INT));
    }
    private static final class STRERROR {
        static final MethodHandle H = plainCall("strerror", FunctionDescriptor.of(PTR, INT));
    }
    static final class POSIX_SPAWN {
        static final MethodHandle H = plainCall("posix_spawn", FunctionDescriptor.of(INT, PTR, PTR, PTR, PTR, PTR, PTR));
    }
    static final class FA_INIT {
        static final MethodHandle H = plainCall("posix_spawn_file_actions_init", FunctionDescriptor.of(INT, PTR));
    }
    static final class FA_DESTROY {
        static final MethodHandle H = plainCall("posix_spawn_file_actions_destroy", FunctionDescriptor.of(INT, PTR));
    }
    static final class FA_ADDDUP2 {
        static final MethodHandle H = plainCall("posix_spawn_file_actions_adddup2", FunctionDescriptor.of(INT, PTR, INT, INT));
    }
    static final class FA_ADDOPEN {
        static final MethodHandle H = plainCall("posix_spawn_file_actions_addopen", FunctionDescriptor.of(INT, PTR, INT, PTR, INT, INT));
    }
    static final class ATTR_INIT {
        static final MethodHandle H = plainCall("posix_spawnattr_init", FunctionDescriptor.of(INT, PTR));
    }
    static final class ATTR_DESTROY {
        static final MethodHandle H = plainCall("posix_spawnattr_destroy", FunctionDescriptor.of(INT, PTR));
    }
    static final class ATTR_SETFLAGS {
        static final MethodHandle H = plainCall("posix_spawnattr_setflags", FunctionDescriptor.of(INT, PTR, ValueLayout.JAVA_SHORT));
    }
    static final class ATTR_SETSIGDEFAULT {
        static final MethodHandle H = plainCall("posix_spawnattr_setsigdefault", FunctionDescriptor.of(INT, PTR, PTR));
    }
    static final class ATTR_SETSIGMASK {
        static final MethodHandle H = plainCall("posix_spawnattr_setsigmask", FunctionDescriptor.of(INT, PTR, PTR));
    }
    static final class SIGFILLSET {
        static final MethodHandle H = plainCall("sigfillset", FunctionDescriptor.of(INT, PTR));
    }
    static final class SIGEMPTYSET {
        static final MethodHandle H = plainCall("sigemptyset", FunctionDescriptor.of(INT, PTR));
    }

    private Linux() {}

    static MethodHandle errnoCall(String name, FunctionDescriptor descriptor) {
        var symbol = LINKER.defaultLookup().find(name).orElseThrow(() -> new UnsatisfiedLinkError(name));
        return LINKER.downcallHandle(symbol, descriptor, Linker.Option.captureCallState("errno"));
    }

    static MethodHandle plainCall(String name, FunctionDescriptor descriptor) {
        var symbol = LINKER.defaultLookup().find(name).orElseThrow(() -> new UnsatisfiedLinkError(name));
        return LINKER.downcallHandle(symbol, descriptor);
    }

    static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    public static String strerror(int errno) {
        try {
            var text = (MemorySegment) STRERROR.H.invokeExact(errno);
            return text.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException re) {
            return re;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    /** True when the descriptor is a terminal. */
    public static boolean isatty(int fd) {
        try {
            return (int) ISATTY.H.invokeExact(fd) == 1;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int uid() {
        try {
            return (int) GETUID.H.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void mount(String source, String target, String fstype, long flags, String data) {
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(CAPTURE);
            int rc = (int) MOUNT.H.invokeExact(state, str(arena, source), str(arena, target), str(arena, fstype), flags,
                    str(arena, data));
            if (rc != 0) {
                throw new ErrnoException("mount " + target, errno(state));
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void umount(String target, int flags) {
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(CAPTURE);
            int rc = (int) UMOUNT2.H.invokeExact(state, arena.allocateFrom(target), flags);
            if (rc != 0) {
                throw new ErrnoException("umount " + target, errno(state));
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Sends a signal; returns false if the process does not exist. */
    public static boolean kill(long pid, int signal) {
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(CAPTURE);
            int rc = (int) KILL.H.invokeExact(state, (int) pid, signal);
            if (rc != 0) {
                int errno = errno(state);
                if (errno == ESRCH) {
                    return false;
                }
                throw new ErrnoException("kill " + pid, errno);
            }
            return true;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Waits for a child. Returns the raw wait status, or -1 with {@code WNOHANG} when the child is
     * still running.
     */
    public static int waitpid(long pid, int options) {
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(CAPTURE);
            var status = arena.allocate(INT);
            while (true) {
                int rc = (int) WAITPID.H.invokeExact(state, (int) pid, status, options);
                if (rc > 0) {
                    return status.get(INT, 0);
                }
                if (rc == 0) {
                    return -1;
                }
                int errno = errno(state);
                if (errno != EINTR) {
                    throw new ErrnoException("waitpid " + pid, errno);
                }
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Returns {readFd, writeFd}, both close-on-exec. */
    public static int[] pipe() {
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(CAPTURE);
            var fds = arena.allocate(INT, 2);
            int rc = (int) PIPE2.H.invokeExact(state, fds, O_CLOEXEC);
            if (rc != 0) {
                throw new ErrnoException("pipe2", errno(state));
            }
            return new int[] {fds.getAtIndex(INT, 0), fds.getAtIndex(INT, 1)};
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void close(int fd) {
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(CAPTURE);
            int rc = (int) CLOSE.H.invokeExact(state, fd);
            if (rc != 0 && errno(state) != EINTR) {
                throw new ErrnoException("close " + fd, errno(state));
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Reads up to {@code length} bytes; 0 means end of stream. Blocks: call from a platform thread. */
    public static int read(int fd, byte[] buffer, int offset, int length) {
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(CAPTURE);
            var native_ = arena.allocate(length);
            while (true) {
                long n = (long) READ.H.invokeExact(state, fd, native_, (long) length);
                if (n >= 0) {
                    MemorySegment.copy(native_, ValueLayout.JAVA_BYTE, 0, buffer, offset, (int) n);
                    return (int) n;
                }
                int errno = errno(state);
                if (errno != EINTR) {
                    throw new ErrnoException("read", errno);
                }
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Writes all of the bytes (a SEQPACKET socket takes them as one packet). */
    public static void write(int fd, byte[] buffer, int offset, int length) {
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(CAPTURE);
            var native_ = arena.allocate(Math.max(1, length));
            MemorySegment.copy(buffer, offset, native_, ValueLayout.JAVA_BYTE, 0, length);
            long done = 0;
            while (done < length) {
                long n = (long) WRITE.H.invokeExact(state, fd, native_.asSlice(done), (long) length - done);
                if (n < 0) {
                    int errno = errno(state);
                    if (errno == EINTR) {
                        continue;
                    }
                    throw new ErrnoException("write", errno);
                }
                done += n;
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Connects a {@code SOCK_SEQPACKET} UNIX socket; returns its descriptor. */
    public static int connectSeqPacket(String path) {
        byte[] bytes = path.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length >= 108) {
            throw new ErrnoException("socket path too long: " + path, EINVAL);
        }
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(CAPTURE);
            int fd = (int) SOCKET.H.invokeExact(state, AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw new ErrnoException("socket", errno(state));
            }
            var address = arena.allocate(110);
            address.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(bytes, 0, address, ValueLayout.JAVA_BYTE, 2, bytes.length);
            int rc = (int) CONNECT.H.invokeExact(state, fd, address, 2 + bytes.length + 1);
            if (rc != 0) {
                int errno = errno(state);
                close(fd);
                throw new ErrnoException("connect " + path, errno);
            }
            return fd;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void shutdown(int fd, int how) {
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(CAPTURE);
            int rc = (int) SHUTDOWN.H.invokeExact(state, fd, how);
            if (rc != 0) {
                throw new ErrnoException("shutdown", errno(state));
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void mkfifo(String path, int mode) {
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(CAPTURE);
            int rc = (int) MKFIFO.H.invokeExact(state, arena.allocateFrom(path), mode);
            if (rc != 0) {
                throw new ErrnoException("mkfifo " + path, errno(state));
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Frees the blocks of {@code [offset, offset + length)} of a file without changing its size or
     * what the rest of it holds ({@code fallocate(FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE)}); a
     * writer appending to it is not disturbed. False when the file system cannot, or when the file
     * at {@code path} is not inode {@code inode} (any more).
     */
    public static boolean punchHole(String path, long inode, long offset, long length) {
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(CAPTURE);
            int fd = (int) OPEN.H.invokeExact(state, arena.allocateFrom(path), 01 | O_CLOEXEC, 0);
            if (fd < 0) {
                throw new ErrnoException("open " + path, errno(state));
            }
            try {
                var opened = java.nio.file.Files.getAttribute(java.nio.file.Path.of("/proc/self/fd/" + fd), "unix:ino");
                if (((Number) opened).longValue() != inode) {
                    return false;
                }
                int rc = (int) FALLOCATE.H.invokeExact(state, fd, 0x02 | 0x01, offset, length);
                if (rc != 0) {
                    int errno = errno(state);
                    if (errno == 95) { // EOPNOTSUPP
                        return false;
                    }
                    throw new ErrnoException("fallocate " + path, errno);
                }
                return true;
            } finally {
                close(fd);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Creates a device node; {@code mknod(path, S_IFCHR, makedev(0, 0))} is an overlayfs whiteout. */
    public static void mknod(String path, int mode, long device) {
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(CAPTURE);
            int rc = (int) MKNOD.H.invokeExact(state, arena.allocateFrom(path), mode, device);
            if (rc != 0) {
                throw new ErrnoException("mknod " + path, errno(state));
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void lchown(String path, int uid, int gid) {
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(CAPTURE);
            int rc = (int) LCHOWN.H.invokeExact(state, arena.allocateFrom(path), uid, gid);
            if (rc != 0) {
                throw new ErrnoException("lchown " + path, errno(state));
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** chmod(2): the full mode, setuid, setgid and sticky bits included (the JDK cannot set those). */
    public static void chmod(String path, int mode) {
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(CAPTURE);
            int rc = (int) CHMOD.H.invokeExact(state, arena.allocateFrom(path), mode);
            if (rc != 0) {
                throw new ErrnoException("chmod " + path, errno(state));
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** glibc's makedev(3). */
    public static long makedev(long major, long minor) {
        return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8) | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
    }

    public static void lsetxattr(String path, String name, byte[] value) {
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(CAPTURE);
            var segment = arena.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, segment, ValueLayout.JAVA_BYTE, 0, value.length);
            int rc = (int) LSETXATTR.H.invokeExact(state, arena.allocateFrom(path), arena.allocateFrom(name), segment,
                    (long) value.length, 0);
            if (rc != 0) {
                throw new ErrnoException("lsetxattr " + name + " " + path, errno(state));
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The value of an extended attribute, or null when the file does not carry it. */
    public static byte[] lgetxattr(String path, String name) {
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(CAPTURE);
            var segment = arena.allocate(4096);
            long n = (long) LGETXATTR.H.invokeExact(state, arena.allocateFrom(path), arena.allocateFrom(name), segment,
                    4096L);
            if (n < 0) {
                int errno = errno(state);
                if (errno == 61 /* ENODATA */ || errno == 95 /* ENOTSUP */) {
                    return null;
                }
                throw new ErrnoException("lgetxattr " + name + " " + path, errno);
            }
            return segment.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static MemorySegment str(Arena arena, String s) {
        return s == null ? MemorySegment.NULL : arena.allocateFrom(s);
    }
}
