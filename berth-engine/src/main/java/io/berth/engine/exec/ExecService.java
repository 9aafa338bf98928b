package io.berth.engine.exec;

import io.berth.api.model.AttachOptions;
import io.berth.api.model.ExecConfig;
import io.berth.api.model.ExecInspectResponse;
import io.berth.api.model.ExecStartConfig;
import io.berth.common.AtomicFiles;
import io.berth.common.BerthException;
import io.berth.common.ConflictException;
import io.berth.common.Ids;
import io.berth.common.InternalException;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import io.berth.common.NotFoundException;
import io.berth.engine.EngineConfig;
import io.berth.engine.container.AttachSession;
import io.berth.engine.container.Container;
import io.berth.common.DetachKeys;
import io.berth.engine.container.HealthMonitor;
import io.berth.engine.container.OutputSink;
import io.berth.engine.container.ProcessUser;
import io.berth.engine.container.RunState;
import io.berth.engine.events.EventBus;
import io.berth.runtime.ExecProcess;
import io.berth.runtime.OciRuntime;
import io.berth.runtime.RuntimeFailureException;
import io.berth.runtime.conmon.AttachSocket;
import io.berth.runtime.conmon.ControlFifo;
import io.berth.runtime.oci.DefaultConfinement;
import io.berth.runtime.oci.OciSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@code docker exec}: create, start (attached or detached), inspect, resize; see the package documentation. */
public final class ExecService {
    private static final System.Logger LOG = System.getLogger(ExecService.class.getName());
    /** Docker's exec garbage collection forgets a finished exec after five to ten minutes. */
    private static final Duration KEEP_FINISHED = Duration.ofMinutes(10);
    /** How long an attached start waits, once the output ended, for conmon to report the exit status. */
    private static final Duration EXIT_AFTER_OUTPUT = Duration.ofSeconds(5);
    /** How long a resize waits for the exec to be started (Docker's 10 s). */
    private static final Duration RESIZE_WAIT = Duration.ofSeconds(10);
    /** The exit status recorded when conmon vanished without reporting one. */
    private static final int UNKNOWN_EXIT = 255;

    private final ContainerLookup containers;
    private final Map<String, OciRuntime> runtimes;
    private final EventBus events;
    private final EngineConfig config;
    private final Path execsDir;
    private final Path socketDir;
    private final Map<String, ExecSession> sessions = new ConcurrentHashMap<>();

    public ExecService(ContainerLookup containers, Map<String, OciRuntime> runtimes, EventBus events,
                       EngineConfig config) {
        this.containers = containers;
        this.runtimes = Map.copyOf(runtimes);
        this.events = events;
        this.config = config;
        this.execsDir = config.execRoot().resolve("execs");
        this.socketDir = execsDir.resolve("socks");
        try {
            // a restarted daemon knows no execs: the files of earlier ones go (their monitors keep what they hold open)
            AtomicFiles.deleteTree(execsDir);
        } catch (InternalException e) {
            LOG.log(System.Logger.Level.WARNING, "removing files of earlier execs: {0}", e.getMessage());
        }
        try {
            Files.createDirectories(socketDir);
        } catch (IOException e) {
            throw new InternalException("creating " + socketDir, e);
        }
    }

    // --- create -------------------------------------------------------------------------------

    /** {@code POST /containers/{id}/exec}: the new exec's id. The container must be running and not paused. */
    public String create(String containerRef, ExecConfig execConfig) {
        var request = ExecRequest.from(execConfig);
        Container c = runningContainer(containerRef);
        forgetOldSessions();
        var session = new ExecSession(Ids.random(), c.id(), request.withDefaultUser(c.config().user()));
        sessions.put(session.id, session);
        publish(c, "exec_create: " + commandLine(request), Map.of("execID", session.id));
        return session.id;
    }

    private Container runningContainer(String ref) {
        Container c = containers.get(ref);
        return switch (c.runState()) {
            case RunState.Running _ -> c;
            case RunState.Paused _ -> throw new ConflictException("Container " + c.id()
                    + " is paused, unpause the container before exec");
            case RunState.Created _, RunState.Exited _ -> throw new ConflictException("Container " + c.id()
                    + " is not running");
            case RunState.Restarting _ -> throw new ConflictException("Container " + c.id()
                    + " is restarting, wait until the container is running");
        };
    }

    private void forgetOldSessions() {
        Instant cutoff = Instant.now().minus(KEEP_FINISHED);
        sessions.values().removeIf(s -> s.finishedBefore(cutoff) || !containerExists(s.containerId));
    }

    private boolean containerExists(String id) {
        try {
            containers.get(id);
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    // --- inspect, resize ----------------------------------------------------------------------

    /** {@code GET /exec/{id}/json}. */
    public ExecInspectResponse inspect(String id) {
        return session(id).inspect();
    }

    /**
     * {@code POST /exec/{id}/resize}: resizes the exec's terminal. Waits a little for an exec whose
     * start is under way (clients resize right after starting); an exec without a terminal, or
     * one that has exited, ignores it.
     */
    public void resize(String id, int height, int width) throws InterruptedException {
        ExecSession session = session(id);
        ExecState state = session.awaitStarted(RESIZE_WAIT);
        switch (state) {
            case ExecState.Created _, ExecState.Starting _ ->
                    throw new InternalException("timeout waiting for exec session ready");
            case ExecState.Running _ -> {
                if (session.request.tty()) {
                    try {
                        ControlFifo.resize(execDir(session), height, width);
                    } catch (InternalException e) {
                        LOG.log(System.Logger.Level.DEBUG, "exec resize id={0}: {1}", id, e.getMessage());
                    }
                }
            }
            case ExecState.Exited _ -> { }
        }
    }

    private ExecSession session(String id) {
        ExecSession session = sessions.get(id);
        if (session == null || !containerExists(session.containerId)) {
            if (session != null) {
                sessions.remove(id);
            }
            throw new NotFoundException("No such exec instance: " + id);
        }
        return session;
    }

    // --- start --------------------------------------------------------------------------------

    /**
     * {@code POST /exec/{id}/start}, before anything is sent to the client: the exec must exist,
     * not have been started, and its container must run. The returned launch runs it.
     */
    public Launch prepareStart(String id, ExecStartConfig start) {
        ExecSession session = session(id);
        Container c = runningContainer(session.containerId);
        var consoleSize = start.consoleSize() == null ? session.request.consoleSize()
                : ExecRequest.consoleSize(start.consoleSize()).or(() -> session.request.consoleSize());
        session.claim();
        boolean rawStream = start.tty() != null ? start.tty() : session.request.tty();
        return new Launch(session, c, consoleSize, rawStream);
    }

    /** A claimed exec, ready to run attached ({@link #attach}) or in the background ({@link #detach}). */
    public final class Launch {
        private final ExecSession session;
        private final Container container;
        private final Optional<OciSpec.ConsoleSize> consoleSize;
        private final boolean rawStream;

        private Launch(ExecSession session, Container container, Optional<OciSpec.ConsoleSize> consoleSize,
                       boolean rawStream) {
            this.session = session;
            this.container = container;
            this.consoleSize = consoleSize;
            this.rawStream = rawStream;
        }

        /** Whether the client gets raw bytes (a terminal) rather than multiplexed frames. */
        public boolean rawStream() {
            return rawStream;
        }

        /** Runs the process in the background; returns once it runs. A process that cannot be started is an error. */
        public void detach() {
            try {
                Started started = launch(session, container, consoleSize, false);
                watchExit(session, container, started.process());
            } catch (StartFailure failure) {
                throw failure.asApiError();
            }
        }

        /**
         * Runs the process with the client's streams: its output to {@code out}, {@code stdin} to it
         * (if the exec attaches stdin). Returns when its output has ended and its exit status is
         * recorded. A process that cannot be started is reported on {@code out}, as Docker does
         * once the connection is hijacked, and its exit code (126 or 127) recorded.
         */
        public void attach(InputStream stdin, OutputSink out) throws IOException, InterruptedException {
            ExecRequest request = session.request;
            boolean streams = request.attachStdin() || request.attachStdout() || request.attachStderr();
            // read from the client from the start: input left unread when the connection closes turns the close into a reset
            InputStream input = request.attachStdin() && stdin != null ? new ClientInput(stdin) : null;
            Started started;
            try {
                started = launch(session, container, consoleSize, streams);
            } catch (StartFailure failure) {
                byte[] message = (failure.getMessage() + "\r\n").getBytes(StandardCharsets.UTF_8);
                out.write(OutputSink.STDOUT, message, 0, message.length);
                out.flush();
                return;
            }
            watchExit(session, container, started.process());
            if (started.socket() != null) {
                var options = new AttachOptions(request.attachStdin(), request.attachStdout(), request.attachStderr(),
                        true, false, Optional.empty());
                byte[] keys = request.tty() && request.attachStdin()
                        ? (request.detachKeyBytes().length == 0 ? DetachKeys.DEFAULT : request.detachKeyBytes()) : null;
                if (new AttachSession(started.socket(), options, input, out, keys).run()) {
                    publish(container, "exec_detach", Map.of("execID", session.id)); // as Docker
                    return; // detached: the process runs on
                }
                session.awaitExit(EXIT_AFTER_OUTPUT);
            } else {
                session.awaitExit(Duration.ofDays(3650));
            }
        }
    }

    // --- health probes ------------------------------------------------------------------------

    /**
     * One health check probe, as moby's cmdProbe: an exec of {@code command} as the container's
     * user in its working directory, output (stdout and stderr together) kept up to 4 KiB; past
     * {@code timeout} the process is killed and the result is exit code -1 with Docker's
     * "Health check exceeded timeout" output. It shows in events as the execs Docker makes for it.
     */
    public HealthMonitor.Result probe(Container c, java.util.List<String> command, Duration timeout)
            throws InterruptedException {
        var config = ExecConfig.builder().cmd(command).attachStdout(true).attachStderr(true).tty(false)
                .privileged(false).build();
        String id = create(c.id(), config);
        ExecSession session = sessions.get(id);
        Launch launch = prepareStart(id, ExecStartConfig.attached(false));
        var output = new LimitedOutput(HealthMonitor.MAX_OUTPUT);
        Thread runner = Thread.ofVirtual().name("probe-" + session.sessionId()).start(() -> {
            try {
                launch.attach(null, output);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "probe output id={0}: {1}", id, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        if (!runner.join(timeout)) {
            if (session.state() instanceof ExecState.Running r) {
                ProcessHandle.of(r.pid()).ifPresent(ProcessHandle::destroyForcibly);
            }
            runner.join(EXIT_AFTER_OUTPUT.multipliedBy(2));
            String out = output.text();
            String message = "Health check exceeded timeout (" + HealthMonitor.goDuration(timeout) + ")";
            return new HealthMonitor.Result(-1, out.isEmpty() ? message : message + ": " + out);
        }
        int exitCode = session.state() instanceof ExecState.Exited e ? e.exitCode() : -1;
        return new HealthMonitor.Result(exitCode, output.text());
    }

    /** moby's limitedBuffer: the first bytes of the output, "..." when more were dropped. */
    private static final class LimitedOutput implements OutputSink {
        private final java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        private final int max;
        private boolean truncated;

        LimitedOutput(int max) {
            this.max = max;
        }

        @Override
        public synchronized void write(int stream, byte[] data, int offset, int length) {
            int keep = Math.min(max - buffer.size(), length);
            if (keep > 0) {
                buffer.write(data, offset, keep);
            }
            if (keep < length) {
                truncated = true;
            }
        }

        @Override
        public void flush() {
        }

        synchronized String text() {
            return buffer.toString(StandardCharsets.UTF_8) + (truncated ? "..." : "");
        }
    }

    /** A running exec process, and the attach socket connected before it ran (or null). */
    private record Started(ExecProcess process, AttachSocket socket) {}

    /** The process could not be started; its exit code is recorded. */
    private static final class StartFailure extends Exception {
        private final BerthException apiError;

        StartFailure(String message, BerthException apiError) {
            super(message, null, false, false);
            this.apiError = apiError;
        }

        BerthException asApiError() {
            return apiError;
        }
    }

    private Started launch(ExecSession session, Container c, Optional<OciSpec.ConsoleSize> consoleSize,
                           boolean connect) throws StartFailure {
        ExecProcess process = null;
        boolean startTried = false;
        AttachSocket socket = null;
        OciSpec.Process spec = null;
        Path rootfs = null;
        try {
            OciSpec containerSpec = containerSpec(c);
            rootfs = Path.of(containerSpec.root().path());
            ProcessUser user = ProcessUser.resolve(rootfs, session.request.user(), c.hostConfig().groupAdd());
            var side = new ExecProcessSpec.ContainerSide(containerSpec.process(),
                    c.config().env() == null ? java.util.List.of() : c.config().env(), containerSpec.hostname(),
                    c.config().workingDir());
            spec = ExecProcessSpec.build(side, session.request, user, consoleSize,
                    DefaultConfinement.hostCapabilities());
            OciRuntime runtime = runtimes.get(c.runtime());
            process = runtime.exec(new OciRuntime.ExecOptions(c.id(), c.name(), session.sessionId(), spec,
                    execDir(session), socketDir, session.request.attachStdin()));
            if (connect) {
                socket = AttachSocket.connect(socketDir, session.sessionId());
            }
            publish(c, "exec_start: " + commandLine(session.request), Map.of("execID", session.id));
            startTried = true;
            long pid = process.start();
            session.running(pid);
            if (session.request.tty()) {
                // crun 1.8 ignores the process's consoleSize on exec: size the terminal at once,
                // without waiting for the client's resize (which comes a round trip later)
                consoleSize.filter(size -> size.height() > 0 && size.width() > 0).ifPresent(size -> {
                    try {
                        ControlFifo.resize(execDir(session), size.height(), size.width());
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.DEBUG, "exec initial resize id={0}: {1}", session.id, e.getMessage());
                    }
                });
            }
            LOG.log(System.Logger.Level.DEBUG, "exec started id={0} container={1} pid={2}", session.id, c.id(), pid);
            return new Started(process, socket);
        } catch (RuntimeException e) {
            if (socket != null) {
                socket.close();
            }
            if (process != null && startTried) {
                process.close(); // the runtime failed: conmon exits by itself
            } else if (process != null) {
                process.abandon();
            }
            String message = failureMessage(e, c, spec, rootfs);
            int exitCode = exitCode(message, session.request.entrypoint());
            session.exited(exitCode); // as Docker: recorded for inspect, without an exec_die event
            cleanup(session);
            LOG.log(System.Logger.Level.DEBUG, "exec failed id={0}: {1}", session.id, message);
            BerthException apiError = e instanceof RuntimeFailureException
                    ? new InvalidArgumentException(message)
                    : e instanceof BerthException be ? be : new InternalException(message, e);
            throw new StartFailure(message, apiError);
        }
    }

    /** The runtime's reason, made specific when it gave none (crun with a terminal) by looking at the root filesystem. */
    private static String failureMessage(RuntimeException e, Container c, OciSpec.Process spec, Path rootfs) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (e instanceof RuntimeFailureException && spec != null && rootfs != null && message.contains(" gave no reason")) {
            try {
                Optional<String> problem = ExecutableLookup.problem(rootfs, spec.args().getFirst(), spec.env(), spec.cwd());
                if (problem.isPresent()) {
                    return ExecProcess.dockerWording(c.runtime(), problem.get(), spec.args().getFirst());
                }
            } catch (RuntimeException ignored) {
                // the runtime's own words will do
            }
        }
        return message;
    }

    /** Docker's exit codes for an exec that did not start: 127 when the command is not there, else 126. */
    static int exitCode(String message, String executable) {
        String lower = message.toLowerCase(java.util.Locale.ROOT);
        boolean missing = lower.contains("executable file not found")
                || lower.contains(executable.toLowerCase(java.util.Locale.ROOT)) && lower.contains("no such file or directory");
        return missing ? 127 : 126;
    }

    private OciSpec containerSpec(Container c) {
        Path file = config.containersDir().resolve(c.id()).resolve("config.json");
        try {
            return Json.read(Files.readAllBytes(file), OciSpec.class);
        } catch (IOException e) {
            throw new ConflictException("Container " + c.id() + " is not running");
        }
    }

    /** Waits for the exit on a platform thread (the read of conmon's pipe is a native blocking call). */
    private void watchExit(ExecSession session, Container c, ExecProcess process) {
        Thread.ofPlatform().daemon().name("exec-exit-" + session.sessionId()).start(() -> {
            int exitCode;
            try {
                exitCode = process.awaitExit().orElseGet(() -> exitFile(session, c).orElse(UNKNOWN_EXIT));
            } finally {
                process.close();
            }
            session.exited(exitCode);
            cleanup(session);
            publish(c, "exec_die", Map.of("execID", session.id, "exitCode", Integer.toString(exitCode)));
            LOG.log(System.Logger.Level.DEBUG, "exec exited id={0} exit={1}", session.id, exitCode);
        });
    }

    private Optional<Integer> exitFile(ExecSession session, Container c) {
        try {
            return Optional.of(Integer.parseInt(Files.readString(execDir(session).resolve("exits").resolve(c.id())).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void cleanup(ExecSession session) {
        try {
            Files.deleteIfExists(socketDir.resolve(session.sessionId()));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "removing exec socket link id={0}: {1}", session.id, e.getMessage());
        }
        try {
            AtomicFiles.deleteTree(execDir(session));
        } catch (InternalException e) {
            LOG.log(System.Logger.Level.WARNING, "removing exec directory id={0}: {1}", session.id, e.getMessage());
        }
    }

    private Path execDir(ExecSession session) {
        return execsDir.resolve(session.id);
    }

    private void publish(Container c, String action, Map<String, String> extra) {
        var attributes = new LinkedHashMap<String, String>();
        attributes.put("name", c.name());
        attributes.put("image", c.image());
        attributes.putAll(extra);
        events.publish("container", action, c.id(), attributes);
    }

    private static String commandLine(ExecRequest request) {
        return String.join(" ", request.cmd());
    }
}
