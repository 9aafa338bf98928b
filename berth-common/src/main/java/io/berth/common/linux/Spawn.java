package io.berth.common.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Map;

/**
 * Starts a program with {@code posix_spawn}, handing it chosen descriptors as fd 3, 4, … and
 * nothing else (everything from fd 3 + n up is closed in the child). The JDK's ProcessBuilder can
 * pass only stdio; conmon needs its sync pipe. The child gets its own session so that a signal to
 * the daemon's terminal does not reach it, and default signal dispositions and an empty mask.
 *
 * <p>The caller reaps the child with {@link Linux#waitpid}.
 */
public final class Spawn {
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final short POSIX_SPAWN_SETSID = 0x80;
    private static final int O_RDWR = 2;
    private static final MethodHandle FA_ADDCLOSEFROM = Linker.nativeLinker().defaultLookup()
            .find("posix_spawn_file_actions_addclosefrom_np")
            .map(s -> Linker.nativeLinker().downcallHandle(s,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT)))
            .orElse(null);

    private Spawn() {}

    /**
     * Spawns {@code argv[0]} (an absolute path) with exactly {@code env}; {@code inherit.get(i)} becomes fd
     * {@code 3 + i} in the child. stdin, stdout and stderr are /dev/null. Returns the child's pid.
     */
    public static long start(List<String> argv, Map<String, String> env, List<Integer> inherit) {
        try (var arena = Arena.ofConfined()) {
            var actions = arena.allocate(256, 16);
            var attr = arena.allocate(1024, 16);
            check("posix_spawn_file_actions_init", (int) Linux.FA_INIT.H.invokeExact(actions));
            check("posix_spawnattr_init", (int) Linux.ATTR_INIT.H.invokeExact(attr));
            try {
                var devNull = arena.allocateFrom("/dev/null");
                for (int fd = 0; fd <= 2; fd++) {
                    check("addopen", (int) Linux.FA_ADDOPEN.H.invokeExact(actions, fd, devNull, O_RDWR, 0));
                }
                for (int i = 0; i < inherit.size(); i++) {
                    int source = inherit.get(i);
                    int target = 3 + i;
                    if (source <= 2 + inherit.size()) {
                        throw new IllegalArgumentException("descriptor " + source + " would be overwritten in the child");
                    }
                    check("adddup2", (int) Linux.FA_ADDDUP2.H.invokeExact(actions, source, target));
                }
                if (FA_ADDCLOSEFROM != null) {
                    check("addclosefrom", (int) FA_ADDCLOSEFROM.invokeExact(actions, 3 + inherit.size()));
                }
                var all = arena.allocate(128);
                var none = arena.allocate(128);
                check("sigfillset", (int) Linux.SIGFILLSET.H.invokeExact(all));
                check("sigemptyset", (int) Linux.SIGEMPTYSET.H.invokeExact(none));
                check("setsigdefault", (int) Linux.ATTR_SETSIGDEFAULT.H.invokeExact(attr, all));
                check("setsigmask", (int) Linux.ATTR_SETSIGMASK.H.invokeExact(attr, none));
                short flags = (short) (POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSID);
                check("setflags", (int) Linux.ATTR_SETFLAGS.H.invokeExact(attr, flags));

                var argvArray = stringArray(arena, argv);
                var envArray = stringArray(arena, env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
                var pid = arena.allocate(ValueLayout.JAVA_INT);
                int rc = (int) Linux.POSIX_SPAWN.H.invokeExact(pid, arena.allocateFrom(argv.getFirst()), actions, attr,
                        argvArray, envArray);
                if (rc != 0) {
                    throw new ErrnoException("spawn " + argv.getFirst(), rc);
                }
                return pid.get(ValueLayout.JAVA_INT, 0);
            } finally {
                int ignored = (int) Linux.FA_DESTROY.H.invokeExact(actions);
                ignored = (int) Linux.ATTR_DESTROY.H.invokeExact(attr);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static MemorySegment stringArray(Arena arena, List<String> strings) {
        var array = arena.allocate(ValueLayout.ADDRESS, strings.size() + 1L);
        for (int i = 0; i < strings.size(); i++) {
            array.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(strings.get(i)));
        }
        array.setAtIndex(ValueLayout.ADDRESS, strings.size(), MemorySegment.NULL);
        return array;
    }

    private static void check(String what, int rc) {
        if (rc != 0) {
            throw new ErrnoException(what, rc);
        }
    }

    /** Decodes a {@code waitpid} status: the exit code, or 128 + signal for a killed process. */
    public static int exitCode(int status) {
        int signal = status & 0x7f;
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal;
    }
}
