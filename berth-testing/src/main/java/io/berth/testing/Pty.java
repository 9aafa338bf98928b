package io.berth.testing;

import io.berth.common.ExecResult;
import io.berth.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a program on a pseudo-terminal and types at it as a user would: waits for text to appear,
 * then sends keys. The terminal is driven by Debian's {@code /usr/bin/python3} and its {@code pty}
 * module (the first python3 on PATH may be another build). The result's stdout is everything the
 * program wrote to the terminal; its exit code is the program's (124 when an expected text never
 * came or the program did not end, with the reason on stderr).
 */
public final class Pty {
    private static final String PYTHON = "/usr/bin/python3";

    /** What the user does next. */
    public sealed interface Step {}

    /** Waits (up to {@code timeout}) for {@code text} to appear after what earlier expects matched. */
    public record Expect(String text, Duration timeout) implements Step {}

    /** Types {@code keys} (one write). */
    public record Send(String keys) implements Step {}

    /**
     * Types {@code keys} again every two seconds until {@code text} appears (for input that a
     * program starting up might not be reading yet).
     */
    public record TypeUntil(String keys, String text, Duration timeout) implements Step {}

    /** Sends a signal (INT, TERM, …) to the program. */
    public record Signal(String name) implements Step {}

    /** Reads the terminal for a while. */
    public record Pause(Duration duration) implements Step {}

    public static Step expect(String text) {
        return new Expect(text, Duration.ofSeconds(60));
    }

    public static Step send(String keys) {
        return new Send(keys);
    }

    public static Step typeUntil(String keys, String text) {
        return new TypeUntil(keys, text, Duration.ofSeconds(60));
    }

    public static Step signal(String name) {
        return new Signal(name);
    }

    public static Step pause(Duration duration) {
        return new Pause(duration);
    }

    /** ctrl-p ctrl-q, Docker's default detach keys. */
    public static final String CTRL_P_CTRL_Q = "\u0010\u0011";

    private Pty() {}

    public static ExecResult run(List<Step> steps, List<String> argv, Map<String, String> env) {
        var encoded = new ArrayList<List<Object>>();
        for (Step step : steps) {
            encoded.add(switch (step) {
                case Expect e -> List.of("expect", e.text(), e.timeout().toMillis() / 1000.0);
                case Send s -> List.of("send", s.keys());
                case TypeUntil t -> List.of("retype", t.keys(), t.text(), t.timeout().toMillis() / 1000.0);
                case Signal s -> List.of("signal", "SIG" + s.name());
                case Pause p -> List.of("sleep", p.duration().toMillis() / 1000.0);
            });
        }
        var command = new ArrayList<String>(List.of(PYTHON, script().toString(), Json.write(encoded)));
        command.addAll(argv);
        return Processes.run(command, env, null, Duration.ofMinutes(3));
    }

    private static synchronized Path script() {
        try {
            Path file = Path.of(System.getProperty("java.io.tmpdir"), "berth-pty-" + ProcessHandle.current().pid() + ".py");
            if (!Files.exists(file)) {
                Files.writeString(file, SCRIPT);
                file.toFile().deleteOnExit();
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String SCRIPT = """
            import fcntl, json, os, pty, select, signal, struct, sys, termios, time
            steps = json.loads(sys.argv[1])
            pid, fd = pty.fork()
            if pid == 0:
                os.execvp(sys.argv[2], sys.argv[2:])
            fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
            seen = b""
            def pump(timeout):
                global seen
                r, _, _ = select.select([fd], [], [], timeout)
                if not r:
                    return True
                try:
                    data = os.read(fd, 65536)
                except OSError:
                    return False
                if not data:
                    return False
                seen += data
                sys.stdout.buffer.write(data)
                sys.stdout.buffer.flush()
                return True
            def fail(why):
                sys.stderr.write("pty: " + why + "\\n")
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                sys.exit(124)
            mark = 0
            for step in steps:
                if step[0] == "expect":
                    want = step[1].encode()
                    deadline = time.time() + step[2]
                    while want not in seen[mark:]:
                        if time.time() > deadline or not pump(0.1):
                            if want not in seen[mark:]:
                                fail("did not see %r" % step[1])
                    mark = seen.index(want, mark) + len(want)
                elif step[0] == "retype":
                    want = step[2].encode()
                    deadline = time.time() + step[3]
                    again = 0
                    while want not in seen[mark:]:
                        if time.time() > again:
                            os.write(fd, step[1].encode())
                            again = time.time() + 2
                        if time.time() > deadline or not pump(0.1):
                            if want not in seen[mark:]:
                                fail("did not see %r" % step[2])
                    mark = seen.index(want, mark) + len(want)
                elif step[0] == "send":
                    os.write(fd, step[1].encode())
                elif step[0] == "signal":
                    os.kill(pid, getattr(signal, step[1]))
                elif step[0] == "sleep":
                    deadline = time.time() + step[1]
                    while time.time() < deadline and pump(0.05):
                        pass
            deadline = time.time() + 90
            while time.time() < deadline:
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    while select.select([fd], [], [], 0.2)[0] and pump(0):
                        pass
                    sys.exit(os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))
                pump(0.1)
            fail("the program did not end")
            """;
}
