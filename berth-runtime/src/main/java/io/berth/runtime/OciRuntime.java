package io.berth.runtime;

import io.berth.common.AtomicFiles;
import io.berth.common.Exec;
import io.berth.common.ExecResult;
import io.berth.common.InternalException;
import io.berth.common.Json;
import io.berth.runtime.cgroups.AttachWarmer;
import io.berth.runtime.conmon.Conmon;
import io.berth.runtime.conmon.ConmonCommand;
import io.berth.runtime.conmon.ConmonExecCommand;
import io.berth.runtime.oci.OciSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One OCI runtime (crun or runc) as Berth calls it: {@code create} through conmon, then
 * {@code start}, {@code kill}, {@code delete} and {@code state} directly, each with its own
 * {@code --root} under the daemon's exec root so that daemons never see each other's containers.
 */
public final class OciRuntime {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final RuntimeKind kind;
    private final Path stateRoot;
    private final Path createBinary;
    private final List<String> createArgs;
    private final Conmon conmon;
    private final Optional<SeccompCache> seccompCache;
    private final AttachWarmer attachWarmer;
    private final boolean startsOnCreate;

    private OciRuntime(RuntimeKind kind, Path stateRoot, Path createBinary, List<String> createArgs, Conmon conmon,
                       Optional<SeccompCache> seccompCache, AttachWarmer attachWarmer, boolean startsOnCreate) {
        this.kind = kind;
        this.stateRoot = stateRoot;
        this.createBinary = createBinary;
        this.createArgs = List.copyOf(createArgs);
        this.conmon = conmon;
        this.seccompCache = seccompCache;
        this.attachWarmer = attachWarmer;
        this.startsOnCreate = startsOnCreate;
    }

    /** Prepares a runtime under {@code execRoot}: its state directory and, for crun on hybrid hosts, its wrapper. */
    public static OciRuntime prepare(RuntimeKind kind, Path execRoot, Conmon conmon,
                                     Optional<Path> hybridControllers, Optional<Path> nativeHelper) {
        try {
            Path stateRoot = execRoot.resolve(kind.name());
            Files.createDirectories(stateRoot);
            Path createBinary = kind.binary();
            var createArgs = new ArrayList<String>();
            boolean startsOnCreate = false;
            if (kind.needsHybridWorkaround() && hybridControllers.isPresent()) {
                Path dir = execRoot.resolve("runtimes");
                Files.createDirectories(dir);
                Path empty = dir.resolve("empty");
                if (!Files.exists(empty)) {
                    Files.createFile(empty);
                }
                if (nativeHelper.isPresent() && Files.isExecutable(nativeHelper.get())) {
                    // berth-runtime/src/main/c/crun-hybrid.c: the same steps as the script below, ~10 ms faster
                    createBinary = nativeHelper.get();
                    createArgs.add("--berth-mask=" + hybridControllers.get());
                    createArgs.add("--berth-empty=" + empty);
                    createArgs.add("--berth-runtime=" + kind.binary());
                    startsOnCreate = true;
                } else {
                    createBinary = dir.resolve(kind.name() + "-hybrid");
                    String script = "#!/bin/sh\n"
                            + "# Written by berthd. crun " + kind.version() + " refuses cgroup v1 hosts whose cgroup2 hierarchy\n"
                            + "# has controllers; in a mount namespace of its own that hides them it runs (MACHINE.md).\n"
                            + "exec /usr/bin/unshare --mount --propagation slave /bin/sh -c "
                            + "'/bin/mount --bind \"$0\" " + hybridControllers.get() + " && exec " + kind.binary()
                            + " \"$@\"' " + empty + " \"$@\"\n";
                    AtomicFiles.write(createBinary, script.getBytes(StandardCharsets.UTF_8));
                    Files.setPosixFilePermissions(createBinary, PosixFilePermissions.fromString("rwx------"));
                }
            }
            var cache = kind.name().equals("crun")
                    ? Optional.of(new SeccompCache(execRoot.resolve("seccomp-cache"), kind.version()))
                    : Optional.<SeccompCache>empty();
            return new OciRuntime(kind, stateRoot, createBinary, createArgs, conmon, cache, AttachWarmer.forThisProcess(),
                    startsOnCreate);
        } catch (IOException e) {
            throw new InternalException("preparing runtime " + kind.name() + ": " + e.getMessage(), e);
        }
    }

    /** How {@code create} reaches the runtime: the binary conmon runs (crun, or a helper around it). */
    public Path createBinary() {
        return createBinary;
    }

    public String name() {
        return kind.name();
    }

    public RuntimeKind kind() {
        return kind;
    }

    /**
     * Says a {@link #create} is coming: on cgroup v1 hosts the kernel's cgroup attach lock gets
     * ready meanwhile ({@link AttachWarmer}), so call it as early as the start of a container is
     * known. Returns at once.
     */
    public void expectCreate() {
        attachWarmer.warm();
    }

    /**
     * Whether {@link #create} can also start the container ({@link CreateOptions#startAtOnce}):
     * through berth's native helper, which has conmon's {@code create} run as {@code run --detach},
     * saving the separate {@code start} process.
     */
    public boolean startsOnCreate() {
        return startsOnCreate;
    }

    /**
     * What {@link #create} needs: the container's spec and where its monitor keeps things;
     * {@code startAtOnce} (honoured where {@link #startsOnCreate}) starts the container as well.
     */
    public record CreateOptions(String id, String shortId, String name, OciSpec spec, Path bundle,
                                io.berth.runtime.conmon.ConmonLog log, Path exitDir, Path socketDir, boolean terminal,
                                boolean stdin, boolean leaveStdinOpen, boolean startAtOnce) {}

    /**
     * Creates the container under a new conmon and returns once the runtime reported its init
     * process (created, not started). Failures carry the runtime's message in Docker's wording.
     */
    public Conmon.Created create(CreateOptions options) {
        OciSpec spec = seccompCache.map(c -> c.withCachedFilter(options.spec())).orElse(options.spec());
        // config.json is rebuilt at every start: replaced atomically, without fsync
        AtomicFiles.replace(options.bundle().resolve("config.json"), Json.writeBytes(spec));
        var args = runtimeArgs();
        if (options.startAtOnce() && startsOnCreate) {
            args.addFirst("--berth-start"); // the helper's own options come before the runtime's
        }
        var command = new ConmonCommand(conmon.binary(), options.id(), options.shortId(), options.name(),
                createBinary, args, options.bundle(), options.log(),
                options.exitDir(), options.socketDir(), options.terminal(), options.stdin(),
                options.leaveStdinOpen());
        try {
            var created = conmon.create(command, CALL_TIMEOUT);
            seccompCache.ifPresent(c -> c.remember(spec, stateRoot.resolve(options.id())));
            return created;
        } catch (Conmon.CreateFailedException e) {
            throw new RuntimeFailureException(RuntimeFailureException.dockerWording(kind.name(), e.getMessage()));
        }
    }

    private List<String> runtimeArgs() {
        var args = new ArrayList<>(createArgs);
        args.add("--root=" + stateRoot);
        return args;
    }

    /**
     * What {@link #exec} needs: the process, where its session's files go, and whether it reads
     * from its client ({@code stdin}; otherwise its stdin is /dev/null).
     */
    public record ExecOptions(String containerId, String containerName, String sessionId, OciSpec.Process process,
                              Path execDir, Path socketDir, boolean stdin) {}

    /**
     * Prepares a process to run in a running container: writes its spec into {@code execDir} and
     * starts a conmon for it that runs {@code <runtime> exec} (crun's exec needs no hybrid-cgroup
     * workaround: it joins the container's cgroups, it does not create any). Returns when conmon's
     * attach socket ({@code <socketDir>/<sessionId>/attach}) is ready; {@link ExecProcess#start} runs it.
     */
    public ExecProcess exec(ExecOptions options) {
        attachWarmer.warm(); // the runtime moves the new process into the container's cgroups
        Path spec = options.execDir().resolve("process.json");
        boolean terminal = Boolean.TRUE.equals(options.process().terminal());
        var command = new ConmonExecCommand(conmon.binary(), options.containerId(), options.sessionId(),
                options.containerName(), kind.binary(), List.of("--root=" + stateRoot), options.execDir(), spec,
                options.socketDir(), terminal, options.stdin());
        try {
            // conmon writes the exit file before it reports the exit status: without its directory it reports none
            Files.createDirectories(command.exitDir());
            Files.write(spec, Json.writeBytes(options.process()));
        } catch (IOException e) {
            throw new InternalException("writing the exec process spec: " + e.getMessage(), e);
        }
        try {
            var monitor = conmon.exec(command, CALL_TIMEOUT);
            return new ExecProcess(kind.name(), options.process().args().getFirst(), monitor);
        } catch (Conmon.CreateFailedException e) {
            throw new InternalException("conmon could not prepare the exec: " + e.getMessage());
        }
    }

    public void start(String id) {
        ExecResult result = call("start", id);
        if (!result.ok()) {
            throw new RuntimeFailureException(RuntimeFailureException.dockerWording(kind.name(), result.err()));
        }
    }

    /** Sends a signal to the container's init process; false when the container is not running. */
    public boolean kill(String id, String signal) {
        ExecResult result = call("kill", id, signal);
        return result.ok();
    }

    /** Forgets the container (kills it first if it still runs). Absent is fine. */
    public void delete(String id) {
        ExecResult result = call("delete", "--force", id);
        if (!result.ok() && !result.err().contains("does not exist") && !result.err().contains("not exist")) {
            throw new InternalException(kind.name() + " delete " + id + ": " + result.err().strip());
        }
    }

    /** The runtime's view of the container ({@code status} is created, running, paused or stopped), if it knows it. */
    public Optional<String> status(String id) {
        ExecResult result = call("state", id);
        if (!result.ok()) {
            return Optional.empty();
        }
        return Optional.of(Json.tree(result.stdout()).path("status").asText("unknown"));
    }

    public void pause(String id) {
        call("pause", id).orThrow();
    }

    public void resume(String id) {
        call("resume", id).orThrow();
    }

    /**
     * Changes the cgroup limits of a running container: {@code resources} is an OCI
     * {@code linux.resources} object (only what changes), written to {@code file} for the runtime's
     * {@code update --resources}.
     */
    public void update(String id, OciSpec.Resources resources, Path file) {
        try {
            AtomicFiles.replace(file, Json.writeBytes(resources));
            ExecResult result = call("update", "--resources=" + file, id);
            if (!result.ok()) {
                throw new InternalException(kind.name() + " update " + id + ": " + result.err().strip());
            }
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a stale file is rewritten next time
            }
        }
    }

    /** The host PIDs of the container's processes (the runtime's {@code ps}); empty when it does not run. */
    public List<Long> pids(String id) {
        ExecResult result = call("ps", "--format=json", id);
        if (!result.ok()) {
            return List.of();
        }
        var pids = new ArrayList<Long>();
        for (var node : Json.tree(result.stdout())) {
            pids.add(node.asLong());
        }
        return pids;
    }

    private ExecResult call(String... args) {
        var argv = new ArrayList<String>();
        argv.add(kind.binary().toString());
        argv.add("--root=" + stateRoot);
        argv.addAll(List.of(args));
        return Exec.run(argv, CALL_TIMEOUT);
    }
}
