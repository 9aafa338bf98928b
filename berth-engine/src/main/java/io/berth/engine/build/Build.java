package io.berth.engine.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.api.model.AttachOptions;
import io.berth.api.model.ContainerConfig;
import io.berth.api.model.ContainerCreateRequest;
import io.berth.api.model.HostConfig;
import io.berth.api.model.RemoveOptions;
import io.berth.api.model.WaitCondition;
import io.berth.build.dockerfile.DockerfileParser;
import io.berth.build.dockerfile.Instruction;
import io.berth.build.dockerfile.Instructions;
import io.berth.build.dockerfile.ShellLex;
import io.berth.common.AtomicFiles;
import io.berth.common.BerthException;
import io.berth.common.Digest;
import io.berth.common.Ids;
import io.berth.common.InternalException;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import io.berth.common.NotFoundException;
import io.berth.engine.container.ContainerService;
import io.berth.engine.container.OutputSink;
import io.berth.engine.container.RootfsPaths;
import io.berth.engine.image.ImagePullOptions;
import io.berth.engine.image.ImageService;
import io.berth.image.ImageRecord;
import io.berth.image.ImageStore;
import io.berth.image.LayerBlob;
import io.berth.image.oci.ImageConfigFile;
import io.berth.image.oci.MediaTypes;
import io.berth.image.ref.ImageRef;
import io.berth.image.registry.RegistryAuth;
import io.berth.store.overlay.DiffTar;
import io.berth.store.overlay.LayerStore;
import io.berth.store.state.StateStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One build: the stages the target needs (each in a virtual thread of its own, started when the
 * stages it uses are built; the output is held back so that it reads as a sequential build's),
 * each instruction committed as an image (the classic builder's intermediate images, each the
 * parent of the next) unless the cache already has the step. {@code RUN} runs in a real container
 * through the container service; its writable layer becomes the step's layer. Messages and
 * history lines are Docker's. A failing stage kills the RUN containers of the others.
 */
final class Build {
    static final String KIND_CACHE = "build-cache";
    private static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");
    private static final Set<String> PROXY_ARGS = Set.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy",
            "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");
    private static final Set<String> RUNTIME_FILES = Set.of("etc/hosts", "etc/hostname", "etc/resolv.conf");
    private static final Set<String> RUNTIME_DIRS = Set.of("proc", "sys", "dev");
    private static final Pattern PORT = Pattern.compile("(\\d{1,5})(?:-(\\d{1,5}))?(?:/([a-zA-Z]+))?");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ImageService images;
    private final ImageStore store;
    private final ContainerService containers;
    private final LayerStore layers;
    private final StateStore state;
    private final BuildOptions options;
    private final BuildContext context;
    private final Instructions.BuildFile file;
    private final Path work;
    private final BuildOutput out;
    private final ShellLex lex;
    private final Map<Integer, String> stageResults = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<Integer, java.util.concurrent.CompletableFuture<String>> stageFutures = new HashMap<>();
    private final Map<String, String> metaValues = new LinkedHashMap<>();
    private final Set<String> consumed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The containers of RUN steps running now: killed when another stage fails. */
    private final Set<String> running = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean failed;
    private final Map<String, Object> pullLocks = new java.util.concurrent.ConcurrentHashMap<>();
    private final Set<String> pulled = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private int total;

    Build(ImageService images, ContainerService containers, LayerStore layers, StateStore state, BuildOptions options,
          BuildContext context, Instructions.BuildFile file, Path work, BuildOutput out) {
        this.images = images;
        this.store = images.store();
        this.containers = containers;
        this.layers = layers;
        this.state = state;
        this.options = options;
        this.context = context;
        this.file = file;
        this.work = work;
        this.out = out;
        this.lex = new ShellLex(file.escape());
    }

    /** The state of the stage being built: the current image and its config. */
    private static final class StageState {
        String imageId = "";
        ObjectNode config = NODES.objectNode();
        String architecture = BuildService.hostArchitecture();
        String os = "linux";
        String variant;
        String author;
        List<ImageConfigFile.History> history = new ArrayList<>();
        List<ImageRecord.LayerRecord> layers = new ArrayList<>();
        final Map<String, String> args = new LinkedHashMap<>();
        boolean cmdSet;
        /** The stage's index in the Dockerfile. */
        int index;
        /** The number of the stage's next step in the whole build's count. */
        int step;
        /** Where the stage reports: the build's output, held back while an earlier stage still writes. */
        BuildOutput out;
        /** The key {@link #cached} looked up last: the step being executed is stored under it. */
        String pendingKey = "";
    }

    /** Ends a stage because another one failed. */
    private static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("cancelled", null, false, false);
        }
    }

    /** Thrown inside the build when a step fails; becomes {@link BuildResult.Failed}. */
    private static final class StepFailure extends RuntimeException {
        final int code;

        StepFailure(String message, int code) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    BuildResult run() {
        try {
            return doRun();
        } catch (StepFailure e) {
            return new BuildResult.Failed(e.getMessage(), e.code);
        } catch (BerthException e) {
            return new BuildResult.Failed(e.getMessage(), 0);
        }
    }

    private BuildResult doRun() {
        for (String warning : file.warnings()) {
            out.stream(warning + "\n");
        }
        Map<Integer, Set<Integer>> needs = neededStages();
        List<Instructions.Stage> stages = file.stages().stream().filter(st -> needs.containsKey(st.index())).toList();
        total = file.metaArgs().size();
        for (var stage : stages) {
            total += 1 + stage.instructions().size();
        }
        var labels = new TreeMap<>(options.labels());
        total += labels.size();
        int step = 1;
        for (Instruction.Arg meta : file.metaArgs()) {
            out.stream("Step " + step++ + "/" + total + " : " + meta.source().text() + "\n");
            for (var def : meta.args()) {
                consumed.add(def.name());
                metaValues.put(def.name(), argValue(def.name(), def.defaultValue(), metaEnv()));
            }
        }
        // every stage the target needs runs in a thread of its own as soon as the stages it uses are built;
        // the output is the sequential build's: a stage's lines wait until the stages before it are done
        var ordered = new OrderedOutput(out, stages.size());
        Instructions.Stage lastStage = stages.getLast();
        var threads = new ArrayList<Thread>();
        var failures = new Throwable[stages.size()];
        var lastState = new StageState[1];
        for (int position = 0; position < stages.size(); position++) {
            stageFutures.put(stages.get(position).index(), new java.util.concurrent.CompletableFuture<>());
        }
        for (int position = 0; position < stages.size(); position++) {
            var stage = stages.get(position);
            var s = new StageState();
            s.index = stage.index();
            s.step = step;
            s.out = ordered.slot(position);
            step += 1 + stage.instructions().size();
            int pos = position;
            threads.add(Thread.ofVirtual().name("build-stage-" + stage.index()).start(() -> {
                boolean ok = false;
                try {
                    for (int dependency : needs.get(stage.index())) {
                        awaitStage(dependency);
                    }
                    buildStage(stage, s, stage == lastStage ? labels : Map.of(), stage == lastStage);
                    stageResults.put(stage.index(), s.imageId);
                    stageFutures.get(stage.index()).complete(s.imageId);
                    if (stage == lastStage) {
                        lastState[0] = s;
                    }
                    ok = true;
                } catch (Throwable e) {
                    boolean cancelled = e instanceof Cancelled || failed;
                    if (!cancelled) {
                        failures[pos] = e;
                        failed = true;
                        killRunning();
                    }
                    stageFutures.get(stage.index()).completeExceptionally(new Cancelled());
                } finally {
                    ordered.finish(pos, ok || failures[pos] == null);
                }
            }));
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                failed = true;
                killRunning();
                Thread.currentThread().interrupt();
                throw new InternalException("build interrupted");
            }
        }
        for (Throwable failure : failures) {
            switch (failure) {
                case null -> { }
                case StepFailure f -> throw f;
                case BerthException f -> throw f;
                case RuntimeException f -> throw f;
                case Error f -> throw f;
                default -> throw new InternalException(failure.getMessage(), failure);
            }
        }
        if (lastState[0] == null) {
            throw new InternalException("build interrupted"); // a stage ended without a failure of its own
        }
        var unused = new ArrayList<String>();
        for (String arg : new TreeMap<>(options.buildArgs()).keySet()) {
            if (!consumed.contains(arg) && !PROXY_ARGS.contains(arg)) {
                unused.add(arg);
            }
        }
        if (!unused.isEmpty()) {
            out.stream("[Warning] One or more build-args [" + String.join(" ", unused) + "] were not consumed\n");
        }
        String imageId = lastState[0].imageId;
        out.stream("Successfully built " + shortId(imageId) + "\n");
        for (String tag : options.tags()) {
            ImageRef ref = ImageRef.parse(tag);
            images.tag(imageId, ref.familiarRepository(), ref.tag().orElse("latest"));
            out.stream("Successfully tagged " + ref.familiar() + "\n");
        }
        return new BuildResult.Built(imageId);
    }

    private void buildStage(Instructions.Stage stage, StageState s, Map<String, String> labels, boolean last) {
        from(stage, s);
        var instructions = new ArrayList<>(stage.instructions());
        for (var label : labels.entrySet()) {
            instructions.add(new Instruction.Label(new Instruction.Source("LABEL " + label.getKey() + "="
                    + label.getValue(), 0), List.of(new Instruction.KeyValue(label.getKey(),
                    "\"" + label.getValue().replace("\\", "\\\\").replace("\"", "\\\"") + "\""))));
        }
        for (Instruction instruction : instructions) {
            if (failed) {
                throw new Cancelled();
            }
            header(s, instruction.source().text());
            dispatch(instruction, s);
            s.out.stream(" ---> " + shortId(s.imageId) + "\n");
        }
        if (s.imageId.isEmpty()) {
            if (last) {
                throw new InvalidArgumentException("No image was generated. Is your Dockerfile empty?");
            }
            commit(s, "", Optional.empty(), s.config, false);
        }
        s.out.aux(s.imageId);
    }

    /** The image of a stage this one uses, once it is built (a failed stage cancels this one). */
    private String awaitStage(int index) {
        var future = stageFutures.get(index);
        if (future == null) {
            return null;
        }
        try {
            return future.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new Cancelled();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cancelled();
        }
    }

    private void killRunning() {
        for (String id : running) {
            try {
                containers.kill(id, Optional.of("KILL"));
            } catch (RuntimeException e) {
                // it ended on its own
            }
        }
    }

    /** The target stage and the stages it uses ({@code FROM stage}, {@code COPY --from=stage}), each with those it uses. */
    private Map<Integer, Set<Integer>> neededStages() {
        var all = file.stages();
        int target = all.size() - 1;
        if (options.target().isPresent()) {
            target = file.stageIndex(options.target().get()).orElseThrow(() -> new InvalidArgumentException(
                    "failed to reach build target " + options.target().get() + " in Dockerfile"));
        }
        var needed = new HashMap<Integer, Set<Integer>>();
        var pending = new ArrayList<Integer>(List.of(target));
        while (!pending.isEmpty()) {
            int index = pending.removeLast();
            if (needed.containsKey(index)) {
                continue;
            }
            var uses = new java.util.TreeSet<Integer>();
            needed.put(index, uses);
            var stage = all.get(index);
            var refs = new ArrayList<String>();
            refs.add(stage.from().image());
            for (Instruction i : stage.instructions()) {
                if (i instanceof Instruction.Copy c && c.from().isPresent()) {
                    refs.add(c.from().get());
                }
            }
            for (String ref : refs) {
                String name = ref.contains("$") ? lex.processWord(ref, metaEnvPreview()) : ref;
                file.stageIndex(name).filter(i -> i < index).ifPresent(i -> {
                    uses.add(i);
                    pending.add(i);
                });
            }
        }
        return needed;
    }

    /** Meta arguments as they will be, for reading stage names before the build starts. */
    private Map<String, String> metaEnvPreview() {
        var env = new HashMap<String, String>();
        for (var meta : file.metaArgs()) {
            for (var def : meta.args()) {
                String value = argValue(def.name(), def.defaultValue(), env);
                if (value != null) {
                    env.put(def.name(), value);
                }
            }
        }
        return env;
    }

    private String argValue(String name, Optional<String> defaultValue, Map<String, String> env) {
        if (options.buildArgs().containsKey(name) && options.buildArgs().get(name).isPresent()) {
            return options.buildArgs().get(name).get();
        }
        if (defaultValue.isPresent()) {
            return lex.processWord(defaultValue.get(), env);
        }
        return switch (name) {
            case "TARGETPLATFORM", "BUILDPLATFORM" -> "linux/" + BuildService.hostArchitecture();
            case "TARGETOS", "BUILDOS" -> "linux";
            case "TARGETARCH", "BUILDARCH" -> BuildService.hostArchitecture();
            case "TARGETVARIANT", "BUILDVARIANT" -> "";
            default -> null;
        };
    }

    private Map<String, String> metaEnv() {
        var env = new HashMap<String, String>();
        metaValues.forEach((k, v) -> {
            if (v != null) {
                env.put(k, v);
            }
        });
        return env;
    }

    private void header(StageState s, String text) {
        s.out.stream("Step " + s.step++ + "/" + total + " : " + text);
        s.out.stream("\n");
    }

    // --- FROM ---------------------------------------------------------------------------------

    private void from(Instructions.Stage stage, StageState s) {
        header(s, stage.from().source().text());
        String name = lex.processWord(stage.from().image(), metaEnv());
        if (name.isEmpty()) {
            throw new InvalidArgumentException("base name (" + stage.from().image() + ") should not be blank");
        }
        Optional<Integer> stageRef = file.stageIndex(name).filter(i -> i < stage.index());
        if (stageRef.isPresent()) {
            load(s, stageResults.get(stageRef.get()));
        } else if (name.equalsIgnoreCase("scratch")) {
            s.config.putArray("Env").add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        } else {
            load(s, baseImage(s, name).id());
        }
        s.out.stream(" ---> " + shortId(s.imageId) + "\n");
        JsonNode onBuild = s.config.path("OnBuild");
        if (onBuild.isArray() && !onBuild.isEmpty()) {
            var triggers = new ArrayList<String>();
            onBuild.forEach(t -> triggers.add(t.asText()));
            s.config.putNull("OnBuild");
            s.out.stream("# Executing " + triggers.size() + " build trigger" + (triggers.size() == 1 ? "" : "s") + "\n");
            for (String trigger : triggers) {
                var nodes = DockerfileParser.parse(trigger).nodes();
                for (var node : nodes) {
                    Instruction instruction = Instructions.instruction(node, file.escape());
                    dispatch(instruction, s);
                }
            }
            if (!triggers.isEmpty()) {
                s.out.stream(" ---> " + shortId(s.imageId) + "\n");
            }
        }
    }

    /** A base image: local, or pulled (always with {@code pull}). */
    private ImageRecord baseImage(StageState s, String name) {
        ImageRef ref = ImageRef.parse(name);
        Optional<ImageRecord> local = store.find(name);
        if (local.isPresent() && !options.pull()) {
            return local.get();
        }
        synchronized (pullLocks.computeIfAbsent(ref.canonical(), k -> new Object())) {
            // stages side by side pull a base image they share once
            if (pulled.contains(ref.canonical())) {
                return store.find(ref.canonical()).orElseThrow(() -> NotFoundException.image(ref.familiar()));
            }
            var record = pull(s, name, ref, local);
            pulled.add(ref.canonical());
            return record;
        }
    }

    private ImageRecord pull(StageState s, String name, ImageRef ref, Optional<ImageRecord> local) {
        try {
            var plan = images.preparePull(new ImagePullOptions(name, "", Optional.empty(), RegistryAuth.anonymous()));
            images.pull(plan, s.out::pull);
        } catch (BerthException e) {
            if (local.isPresent()) {
                return local.get(); // --pull with an unreachable registry: the local image, as Docker does
            }
            throw e;
        }
        return store.find(ref.canonical()).orElseThrow(() -> NotFoundException.image(ref.familiar()));
    }

    private void load(StageState s, String imageId) {
        ImageRecord image = store.byId(imageId).orElseThrow(() -> NotFoundException.image(imageId));
        ImageConfigFile file = store.readConfig(Digest.parse(imageId));
        s.imageId = imageId;
        s.config = file.config() instanceof ObjectNode o ? o.deepCopy() : NODES.objectNode();
        s.architecture = file.architecture();
        s.os = file.os();
        s.variant = file.variant();
        s.author = file.author();
        s.history = file.history() == null ? new ArrayList<>() : new ArrayList<>(file.history());
        s.layers = new ArrayList<>(image.layers());
    }

    // --- instructions -------------------------------------------------------------------------

    private void dispatch(Instruction instruction, StageState s) {
        switch (instruction) {
            case Instruction.From _ -> throw new InvalidArgumentException("FROM is not allowed here");
            case Instruction.Run run -> run(run, s);
            case Instruction.Copy copy -> copy(copy, s);
            case Instruction.Env env -> {
                var config = s.config.deepCopy();
                var expandEnv = expansionEnv(s); // as Docker: every pair sees the environment before the instruction
                var parts = new ArrayList<String>();
                for (var pair : env.pairs()) {
                    String key = lex.processWord(pair.key(), expandEnv);
                    String value = lex.processWord(pair.value(), expandEnv);
                    setEnv(config, key, value);
                    parts.add(key + "=" + value);
                }
                metadata(s, "ENV " + String.join(" ", parts), config, true);
            }
            case Instruction.Label label -> {
                var config = s.config.deepCopy();
                var expandEnv = expansionEnv(s);
                ObjectNode labels = object(config, "Labels");
                var parts = new ArrayList<String>();
                for (var pair : label.pairs()) {
                    String key = lex.processWord(pair.key(), expandEnv);
                    String value = lex.processWord(pair.value(), expandEnv);
                    if (key.isEmpty()) {
                        throw new InvalidArgumentException("LABEL names can not be blank");
                    }
                    labels.put(key, value);
                    parts.add(key + "=" + value);
                }
                metadata(s, "LABEL " + String.join(" ", parts), config, true);
            }
            case Instruction.Arg arg -> {
                var parts = new ArrayList<String>();
                for (var def : arg.args()) {
                    consumed.add(def.name());
                    String value;
                    if (options.buildArgs().containsKey(def.name()) && options.buildArgs().get(def.name()).isPresent()) {
                        value = options.buildArgs().get(def.name()).get();
                    } else if (def.defaultValue().isPresent()) {
                        value = lex.processWord(def.defaultValue().get(), expansionEnv(s));
                    } else if (metaValues.containsKey(def.name())) {
                        value = metaValues.get(def.name());
                    } else {
                        value = argValue(def.name(), Optional.empty(), Map.of());
                    }
                    s.args.put(def.name(), value);
                    parts.add(def.defaultValue().isPresent() ? def.name() + "=" + value : def.name());
                }
                metadata(s, "ARG " + String.join(" ", parts), s.config, true);
            }
            case Instruction.Expose expose -> {
                var config = s.config.deepCopy();
                ObjectNode ports = object(config, "ExposedPorts");
                var list = new ArrayList<String>();
                for (String raw : expose.ports()) {
                    for (String word : lex.processWords(raw, expansionEnv(s))) {
                        for (String port : ports(word)) {
                            ports.putObject(port);
                            list.add(port);
                        }
                    }
                }
                metadata(s, "EXPOSE " + String.join(" ", list), config, true);
            }
            case Instruction.Workdir workdir -> workdir(workdir, s);
            case Instruction.User user -> {
                var config = s.config.deepCopy();
                String value = lex.processWord(user.user(), expansionEnv(s));
                config.put("User", value);
                metadata(s, "USER " + value, config, true);
            }
            case Instruction.Volume volume -> {
                var config = s.config.deepCopy();
                ObjectNode volumes = object(config, "Volumes");
                var list = new ArrayList<String>();
                for (String path : volume.paths()) {
                    String value = lex.processWord(path, expansionEnv(s));
                    if (value.isBlank()) {
                        throw new InvalidArgumentException("VOLUME specified can not be an empty string");
                    }
                    volumes.putObject(value);
                    list.add(value);
                }
                metadata(s, "VOLUME [" + String.join(" ", list) + "]", config, true);
            }
            case Instruction.StopSignal stop -> {
                var config = s.config.deepCopy();
                String signal = lex.processWord(stop.signal(), expansionEnv(s));
                if (!signal.matches("(?i)(SIG)?[A-Z][A-Z0-9+-]*|\\d+")) {
                    throw new InvalidArgumentException("Invalid signal: " + signal);
                }
                config.put("StopSignal", signal);
                metadata(s, "STOPSIGNAL " + signal, config, true);
            }
            case Instruction.Cmd cmd -> {
                var config = s.config.deepCopy();
                var argv = argv(cmd.command(), s);
                config.set("Cmd", array(argv));
                s.cmdSet = true;
                metadata(s, "CMD " + goQuote(argv), config, true);
            }
            case Instruction.Entrypoint entrypoint -> {
                var config = s.config.deepCopy();
                var argv = argv(entrypoint.command(), s);
                config.set("Entrypoint", array(argv));
                if (!s.cmdSet) {
                    config.putNull("Cmd"); // the base image's command does not go with a new entrypoint
                }
                metadata(s, "ENTRYPOINT " + goQuote(argv), config, true);
            }
            case Instruction.Healthcheck health -> {
                var config = s.config.deepCopy();
                ObjectNode check = NODES.objectNode();
                check.set("Test", array(health.test()));
                if (health.interval() > 0) {
                    check.put("Interval", health.interval());
                }
                if (health.timeout() > 0) {
                    check.put("Timeout", health.timeout());
                }
                if (health.startPeriod() > 0) {
                    check.put("StartPeriod", health.startPeriod());
                }
                if (health.startInterval() > 0) {
                    check.put("StartInterval", health.startInterval());
                }
                if (health.retries() > 0) {
                    check.put("Retries", health.retries());
                }
                config.set("Healthcheck", check);
                metadata(s, "HEALTHCHECK " + goQuote(health.test()), config, true);
            }
            case Instruction.Shell shell -> {
                var config = s.config.deepCopy();
                config.set("Shell", array(shell.shell()));
                metadata(s, "SHELL [" + String.join(" ", shell.shell()) + "]", config, true);
            }
            case Instruction.OnBuild onBuild -> {
                var config = s.config.deepCopy();
                JsonNode existing = config.path("OnBuild");
                ArrayNode triggers = existing.isArray() ? (ArrayNode) existing : config.putArray("OnBuild");
                if (!existing.isArray()) {
                    config.set("OnBuild", triggers);
                }
                triggers.add(onBuild.trigger());
                metadata(s, "ONBUILD " + onBuild.trigger(), config, true);
            }
            case Instruction.Maintainer maintainer -> {
                s.author = maintainer.name();
                metadata(s, "MAINTAINER " + maintainer.name(), s.config, true);
            }
        }
    }

    /** A step that only changes the config: Docker's {@code #(nop)} history line, no layer. */
    private void metadata(StageState s, String comment, ObjectNode config, boolean twoArgs) {
        String createdBy = String.join(" ", shell(s)) + " #(nop) " + (twoArgs ? " " : "") + comment;
        if (cached(s, createdBy, config, "")) {
            return;
        }
        commit(s, createdBy, Optional.empty(), config, true);
    }

    private void workdir(Instruction.Workdir workdir, StageState s) {
        var config = s.config.deepCopy();
        String value = lex.processWord(workdir.path(), expansionEnv(s));
        String current = s.config.path("WorkingDir").asText("");
        String path = value.startsWith("/") ? value : (current.isEmpty() ? "/" : current) + "/" + value;
        path = "/" + BuildContext.clean(path);
        config.put("WorkingDir", path);
        String createdBy = String.join(" ", shell(s)) + " #(nop) WORKDIR " + path;
        if (cached(s, createdBy, config, "")) {
            return;
        }
        String dir = path;
        Optional<Path> tar = withRootfs(s, rootfs -> {
            Path resolved = RootfsPaths.resolve(rootfs, dir);
            if (Files.isDirectory(resolved)) {
                return Optional.empty();
            }
            String target = "/" + rootfs.relativize(resolved);
            Path layer = work.resolve("layer-" + s.step + ".tar");
            try (OutputStream o = Files.newOutputStream(layer);
                 var copy = new CopyLayer(rootfs, Ownership.ROOT, Optional.empty(), o)) {
                copy.addDirectoryOnly(target);
            }
            return Optional.of(layer);
        });
        commit(s, createdBy, tar, config, true);
    }

    // --- RUN ----------------------------------------------------------------------------------

    private void run(Instruction.Run run, StageState s) {
        List<String> argv;
        if (run.command() instanceof Instruction.Command.ShellForm shellForm && !run.heredocs().isEmpty()) {
            String script = shellForm.script().strip();
            var first = run.heredocs().getFirst();
            if (run.heredocs().size() == 1 && script.matches("<<-?['\"]?" + Pattern.quote(first.name()) + "['\"]?")) {
                String body = first.expand() ? first.content() : first.content();
                argv = new ArrayList<>(shell(s));
                argv.add(body);
            } else {
                var text = new StringBuilder(shellForm.script());
                for (var heredoc : run.heredocs()) {
                    text.append('\n').append(heredoc.content()).append(heredoc.name());
                }
                argv = new ArrayList<>(shell(s));
                argv.add(text.toString());
            }
        } else {
            argv = argv(run.command(), s);
        }
        var envKeys = new HashSet<String>();
        for (JsonNode e : s.config.path("Env")) {
            envKeys.add(envKey(e.asText()));
        }
        var argEnv = new ArrayList<String>();
        for (var arg : new TreeMap<>(s.args).entrySet()) {
            if (arg.getValue() != null && !envKeys.contains(arg.getKey())) {
                argEnv.add(arg.getKey() + "=" + arg.getValue());
            }
        }
        var runEnv = new ArrayList<>(argEnv);
        for (String proxy : PROXY_ARGS) {
            var value = options.buildArgs().get(proxy);
            if (value != null && value.isPresent() && !s.args.containsKey(proxy)) {
                runEnv.add(proxy + "=" + value.get());
            }
        }
        String createdBy = (argEnv.isEmpty() ? "" : "|" + argEnv.size() + " " + String.join(" ", argEnv) + " ")
                + String.join(" ", argv);
        if (cached(s, createdBy, s.config, "")) {
            return;
        }
        if (s.imageId.isEmpty()) {
            commit(s, "", Optional.empty(), s.config, false); // RUN on scratch needs an image to run
        }
        String network = run.network().orElse(options.networkMode());
        var limits = options.limits();
        var host = HostConfig.builder()
                .networkMode(network.isEmpty() ? "default" : network)
                .extraHosts(options.extraHosts().isEmpty() ? null : options.extraHosts())
                .shmSize(options.shmSize() > 0 ? options.shmSize() : null)
                .memory(limits.memory() > 0 ? limits.memory() : null)
                .memorySwap(limits.memorySwap() != 0 ? limits.memorySwap() : null)
                .cpuShares(limits.cpuShares() > 0 ? limits.cpuShares() : null)
                .cpusetCpus(limits.cpusetCpus().isEmpty() ? null : limits.cpusetCpus())
                .cpusetMems(limits.cpusetMems().isEmpty() ? null : limits.cpusetMems())
                .cpuPeriod(limits.cpuPeriod() > 0 ? limits.cpuPeriod() : null)
                .cpuQuota(limits.cpuQuota() > 0 ? limits.cpuQuota() : null)
                .build();
        var config = ContainerConfig.builder()
                .image(s.imageId)
                .cmd(argv)
                .entrypoint(List.of(""))
                .env(runEnv)
                .attachStdout(true)
                .attachStderr(true)
                .labels(Map.of())
                .build();
        if (failed) {
            throw new Cancelled();
        }
        String id = containers.create(Optional.empty(), new ContainerCreateRequest(config, host, null)).id();
        running.add(id);
        boolean removed = false;
        try {
            s.out.stream(" ---> Running in " + Ids.shortId(id) + "\n");
            int code = runContainer(s, id);
            if (code != 0) {
                throw new StepFailure("The command '" + String.join(" ", argv) + "' returned a non-zero code: " + code,
                        code);
            }
            Path upper = layers.containerDir(id).resolve("diff");
            Path layer = work.resolve("layer-" + s.step + ".tar");
            int entries;
            try (OutputStream o = Files.newOutputStream(layer)) {
                var lower = s.layers.stream().map(l -> layers.diffDir(Digest.parse(l.chainId()))).toList();
                entries = DiffTar.write(upper, o, name -> runtimeArtifact(upper, name, lower),
                        name -> inLower(lower, name));
            } catch (IOException e) {
                throw new InternalException("writing the layer of " + id + ": " + e.getMessage(), e);
            }
            containers.remove(id, new RemoveOptions(true, true));
            removed = true;
            if (options.remove()) {
                s.out.stream("Removing intermediate container " + Ids.shortId(id) + "\n");
            }
            commit(s, createdBy, entries > 0 ? Optional.of(layer) : Optional.empty(), s.config, false);
        } finally {
            running.remove(id);
            if (!removed) {
                removeQuietly(id);
            }
        }
    }

    private int runContainer(StageState s, String id) {
        var waiter = containers.waiter(id, WaitCondition.NOT_RUNNING);
        ContainerService.Attachment attachment;
        try {
            attachment = containers.prepareAttach(id, new AttachOptions(false, true, true, true, false,
                    Optional.empty()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InternalException("build interrupted");
        }
        var sink = new StreamSink(s.out);
        Thread copier = Thread.ofVirtual().name("build-output-", 0).start(() -> {
            try {
                attachment.run(InputStream.nullInputStream(), sink);
            } catch (IOException | InterruptedException | RuntimeException e) {
                // the output ends with the container
            }
        });
        try {
            containers.start(id);
        } catch (BerthException e) {
            copier.interrupt();
            throw new StepFailure(e.getMessage(), 127);
        }
        if (failed) {
            killRunning(); // another stage failed while this container was starting
        }
        try {
            long code = waiter.await().statusCode();
            copier.join(Duration.ofSeconds(10));
            sink.flush();
            return (int) code;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InternalException("build interrupted");
        }
    }

    private void removeQuietly(String id) {
        try {
            containers.remove(id, new RemoveOptions(true, true));
        } catch (RuntimeException e) {
            System.getLogger(Build.class.getName()).log(System.Logger.Level.WARNING,
                    "removing build container id={0}: {1}", id, e.getMessage());
        }
    }

    /** What the runtime put into the writable layer for its own mounts, when the image did not have it. */
    private static boolean runtimeArtifact(Path upper, String name, List<Path> lower) {
        if (RUNTIME_FILES.contains(name)) {
            Path p = upper.resolve(name);
            try {
                return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && Files.size(p) == 0 && !inLower(lower, name);
            } catch (IOException e) {
                return false;
            }
        }
        String top = name.contains("/") ? name.substring(0, name.indexOf('/')) : name;
        return RUNTIME_DIRS.contains(top) && !inLower(lower, top)
                && Files.isDirectory(upper.resolve(top), LinkOption.NOFOLLOW_LINKS) && emptyTree(upper.resolve(top));
    }

    private static boolean emptyTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.allMatch(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean inLower(List<Path> lower, String name) {
        for (Path dir : lower) {
            if (Files.exists(dir.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                return true;
            }
        }
        return false;
    }

    // --- COPY / ADD ---------------------------------------------------------------------------

    /** One source of a COPY: a path on disk (context, another image, a download) or here-document bytes. */
    private record Source(Path path, String name, boolean archive, byte[] bytes) {}

    private void copy(Instruction.Copy copy, StageState s) {
        var env = expansionEnv(s);
        String dest = lex.processWord(copy.dest(), env);
        String workdir = s.config.path("WorkingDir").asText("");
        boolean destDir = dest.endsWith("/") || dest.equals(".") || dest.endsWith("/.");
        String destPath = dest.startsWith("/") ? dest : (workdir.isEmpty() ? "/" : workdir) + "/" + dest;
        destPath = "/" + BuildContext.clean(destPath);
        Optional<String> chown = copy.chown().map(c -> lex.processWord(c, env));
        Optional<Integer> chmod = copy.chmod().map(c -> lex.processWord(c, env)).map(c -> {
            if (!c.matches("[0-7]{1,4}")) {
                throw new InvalidArgumentException("invalid chmod parameter: " + c);
            }
            return Integer.parseInt(c, 8);
        });
        String name = copy.name();
        var heredocs = new HashMap<String, DockerfileParser.Heredoc>();
        copy.heredocs().forEach(h -> heredocs.put(h.name(), h));

        if (copy.from().isPresent()) {
            copyFrom(copy, s, lex.processWord(copy.from().get(), env), env, destPath, destDir, chown, chmod);
            return;
        }
        var sources = new ArrayList<Source>();
        var hash = Digest.newSha256();
        for (String raw : copy.sources()) {
            var heredocName = raw.matches("<<-?['\"]?[A-Za-z_][A-Za-z0-9_.-]*['\"]?")
                    ? raw.replaceAll("^<<-?['\"]?|['\"]?$", "") : null;
            if (heredocName != null && heredocs.containsKey(heredocName)) {
                var h = heredocs.get(heredocName);
                byte[] content = (h.expand() ? lex.processHeredoc(h.content(), env) : h.content())
                        .getBytes(StandardCharsets.UTF_8);
                hash.update(("heredoc\0" + heredocName + "\0").getBytes(StandardCharsets.UTF_8));
                hash.update(content);
                sources.add(new Source(null, heredocName, false, content));
                continue;
            }
            String src = lex.processWord(raw, env);
            if (copy.add() && (src.startsWith("http://") || src.startsWith("https://"))) {
                Path downloaded = download(s, src, copy.checksum().map(c -> lex.processWord(c, env)));
                hashTree(hash, downloaded, "");
                sources.add(new Source(downloaded, downloaded.getFileName().toString(), false, null));
                continue;
            }
            for (Path p : contextSources(name, src)) {
                String rel = context.root().relativize(p).toString();
                hashTree(hash, p, rel);
                sources.add(new Source(p, p.getFileName() == null ? "" : p.getFileName().toString(),
                        copy.add() && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && isArchive(p), null));
            }
        }
        if (sources.isEmpty()) {
            throw new StepFailure(name + " failed: no source files were specified", 0);
        }
        if (sources.size() > 1 && !destDir) {
            throw new StepFailure("When using " + name + " with more than one source file, the destination must be a"
                    + " directory and end with a /", 0);
        }
        String kind = sources.size() > 1 ? "multi" : sources.getFirst().path() != null
                && Files.isDirectory(sources.getFirst().path(), LinkOption.NOFOLLOW_LINKS) ? "dir" : "file";
        String createdBy = String.join(" ", shell(s)) + " #(nop) " + name + " "
                + chown.map(c -> "--chown=" + c + " ").orElse("") + chmod.map(c -> "--chmod=" + Integer.toOctalString(c) + " ").orElse("")
                + kind + ":" + Digest.ofSha256(hash).encoded() + " in " + dest + " ";
        String finalDest = destPath;
        if (cached(s, createdBy, s.config, finalDest)) {
            return;
        }
        Optional<Path> tar = withRootfs(s, rootfs -> Optional.of(copyLayer(s, rootfs, sources, finalDest, destDir, chown,
                chmod)));
        commit(s, createdBy, tar, s.config, false);
    }

    private Path copyLayer(StageState s, Path rootfs, List<Source> sources, String destPath, boolean destDir, Optional<String> chown,
                           Optional<Integer> chmod) throws IOException {
        return copyLayer(s, rootfs, sources, destPath, destDir, chown, chmod, false);
    }

    private Path copyLayer(StageState s, Path rootfs, List<Source> sources, String destPath, boolean destDir, Optional<String> chown,
                           Optional<Integer> chmod, boolean preserveOwners) throws IOException {
        Ownership owner = chown.map(c -> Ownership.parse(c, rootfs)).orElse(Ownership.ROOT);
        String resolvedDest = inImage(rootfs, destPath);
        boolean intoDir = destDir || sources.size() > 1
                || Files.isDirectory(rootfs.resolve(resolvedDest.substring(1)));
        Path layer = work.resolve("layer-" + s.step + ".tar");
        try (OutputStream o = Files.newOutputStream(layer); var tar = new CopyLayer(rootfs, owner, preserveOwners && chown.isEmpty(), chmod, o)) {
            for (Source source : sources) {
                if (source.bytes() != null) {
                    tar.addBytes(source.bytes(), intoDir ? CopyLayer.join(resolvedDest, source.name()) : resolvedDest,
                            0644);
                } else if (source.archive()) {
                    try (InputStream in = BuildContext.decompressed(new java.io.BufferedInputStream(
                            Files.newInputStream(source.path()), 65536))) {
                        tar.addArchive(in, resolvedDest);
                    }
                } else if (Files.isDirectory(source.path(), LinkOption.NOFOLLOW_LINKS)) {
                    tar.add(source.path(), resolvedDest);
                } else {
                    tar.add(source.path(), intoDir ? CopyLayer.join(resolvedDest, source.name()) : resolvedDest);
                }
            }
        }
        return layer;
    }

    /** A path in the image with its symbolic links resolved (as the image sees them). */
    private static String inImage(Path rootfs, String path) {
        Path resolved = RootfsPaths.resolve(rootfs, path);
        String rel = rootfs.toAbsolutePath().normalize().relativize(resolved).toString();
        return "/" + rel;
    }

    /** The context files a source names: a path, or a pattern with {@code *}, {@code ?} or {@code [..]}. */
    private List<Path> contextSources(String name, String src) {
        String cleaned = cleanSource(src);
        if (cleaned.equals("..") || cleaned.startsWith("../")) {
            throw new StepFailure(name + " failed: forbidden path outside the build context: " + src + " ()", 0);
        }
        Path root = context.root();
        if (!cleaned.matches(".*[*?\\[].*")) {
            Path p = cleaned.isEmpty() ? root : root.resolve(cleaned);
            Path real = followInContext(p);
            if (!Files.exists(real, LinkOption.NOFOLLOW_LINKS)) {
                throw new StepFailure(name + " failed: file not found in build context or excluded by .dockerignore:"
                        + " stat " + cleaned + ": file does not exist", 0);
            }
            return List.of(real);
        }
        var regex = new StringBuilder();
        for (String part : cleaned.split("/")) {
            if (!regex.isEmpty()) {
                regex.append('/');
            }
            regex.append(globPart(part));
        }
        var pattern = Pattern.compile(regex.toString());
        var matches = new ArrayList<Path>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> !p.equals(root))
                    .filter(p -> pattern.matcher(root.relativize(p).toString()).matches())
                    .sorted()
                    .forEach(matches::add);
        } catch (IOException e) {
            throw new InternalException("reading the build context: " + e.getMessage(), e);
        }
        return matches;
    }

    /** Follows a symbolic link that names a source, without leaving the context. */
    private Path followInContext(Path p) {
        Path root = context.root();
        if (!Files.isSymbolicLink(p)) {
            return p;
        }
        Path resolved = RootfsPaths.resolve(root, "/" + root.relativize(p));
        return resolved;
    }

    private static String cleanSource(String src) {
        boolean absolute = src.startsWith("/");
        var parts = new ArrayList<String>();
        for (String part : src.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty() && !parts.getLast().equals("..")) {
                    parts.removeLast();
                    continue;
                }
                if (absolute) {
                    continue;
                }
            }
            parts.add(part);
        }
        return String.join("/", parts);
    }

    private static String globPart(String part) {
        var out = new StringBuilder();
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            switch (c) {
                case '*' -> out.append("[^/]*");
                case '?' -> out.append("[^/]");
                case '[' -> {
                    int close = part.indexOf(']', i + 1);
                    if (close < 0) {
                        out.append("\\[");
                    } else {
                        String body = part.substring(i + 1, close);
                        out.append('[').append(body.startsWith("^") || body.startsWith("!") ? "^" + body.substring(1)
                                : body).append(']');
                        i = close;
                    }
                }
                case '\\' -> {
                    if (i + 1 < part.length()) {
                        out.append(Pattern.quote(String.valueOf(part.charAt(++i))));
                    }
                }
                default -> out.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return out.toString();
    }

    private void copyFrom(Instruction.Copy copy, StageState s, String from, Map<String, String> env, String destPath,
                          boolean destDir, Optional<String> chown, Optional<Integer> chmod) {
        String sourceImage;
        var stageIndex = file.stageIndex(from);
        if (stageIndex.isPresent() && stageFutures.containsKey(stageIndex.get()) && stageIndex.get() < s.index) {
            sourceImage = awaitStage(stageIndex.get());
        } else if (stageIndex.isPresent()) {
            throw new InvalidArgumentException("invalid from flag value " + from + ": stage " + from
                    + " is not built before this one");
        } else {
            sourceImage = baseImage(s, from).id();
        }
        var paths = copy.sources().stream().map(p -> lex.processWord(p, env)).toList();
        String createdBy = String.join(" ", shell(s)) + " #(nop) COPY "
                + chown.map(c -> "--chown=" + c + " ").orElse("") + chmod.map(c -> "--chmod=" + Integer.toOctalString(c) + " ").orElse("")
                + "from:" + sourceImage + ":" + String.join(",", paths) + " in " + copy.dest() + " ";
        if (cached(s, createdBy, s.config, destPath)) {
            return;
        }
        ImageRecord source = store.byId(sourceImage).orElseThrow(() -> NotFoundException.image(sourceImage));
        Path mount = work.resolve("from-" + s.step);
        Path spare = work.resolve("spare-from-" + s.step);
        try {
            Files.createDirectories(mount);
            Files.createDirectories(spare);
            layers.mountReadOnly(mount, ImageStore.chainIds(source), spare);
            try {
                var sources = new ArrayList<Source>();
                for (String p : paths) {
                    for (Path match : imageSources(mount, p)) {
                        sources.add(new Source(match, match.getFileName() == null ? "" : match.getFileName().toString(),
                                false, null));
                    }
                }
                if (sources.isEmpty()) {
                    throw new StepFailure("COPY failed: no source files were specified", 0);
                }
                if (sources.size() > 1 && !destDir) {
                    throw new StepFailure("When using COPY with more than one source file, the destination must be"
                            + " a directory and end with a /", 0);
                }
                Optional<Path> tar = withRootfs(s, rootfs -> Optional.of(copyLayer(s, rootfs, sources, destPath, destDir,
                        chown, chmod, true)));
                commit(s, createdBy, tar, s.config, false);
            } finally {
                LayerStore.unmountPath(mount);
            }
        } catch (IOException e) {
            throw new InternalException("copying from " + from + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> imageSources(Path rootfs, String path) {
        String cleaned = cleanSource(path.startsWith("/") ? path : "/" + path);
        if (!cleaned.matches(".*[*?\\[].*")) {
            Path resolved = RootfsPaths.resolve(rootfs, "/" + cleaned);
            if (!Files.exists(resolved, LinkOption.NOFOLLOW_LINKS)) {
                throw new StepFailure("COPY failed: stat " + "/" + cleaned + ": file does not exist", 0);
            }
            return List.of(resolved);
        }
        int firstWild = cleaned.split("[*?\\[]")[0].lastIndexOf('/');
        String base = firstWild < 0 ? "" : cleaned.substring(0, firstWild);
        Path start = RootfsPaths.resolve(rootfs, "/" + base);
        var regex = new StringBuilder();
        for (String part : cleaned.split("/")) {
            if (!regex.isEmpty()) {
                regex.append('/');
            }
            regex.append(globPart(part));
        }
        var pattern = Pattern.compile(regex.toString());
        var root = rootfs.toAbsolutePath().normalize();
        var matches = new ArrayList<Path>();
        if (!Files.isDirectory(start)) {
            return matches;
        }
        int depth = cleaned.split("/").length - (base.isEmpty() ? 0 : base.split("/").length);
        try (Stream<Path> walk = Files.walk(start, depth)) {
            walk.filter(p -> pattern.matcher(root.relativize(p).toString()).matches()).sorted().forEach(matches::add);
        } catch (IOException e) {
            throw new InternalException("reading an image: " + e.getMessage(), e);
        }
        return matches;
    }

    private Path download(StageState s, String url, Optional<String> checksum) {
        String fileName = URI.create(url).getPath();
        fileName = fileName.substring(fileName.lastIndexOf('/') + 1);
        if (fileName.isEmpty()) {
            fileName = "__unnamed__";
        }
        Path dir = work.resolve("download-" + s.step);
        Path target = dir.resolve(fileName);
        try {
            Files.createDirectories(dir);
            var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
            var response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(10)).GET()
                    .build(), HttpResponse.BodyHandlers.ofFile(target));
            if (response.statusCode() >= 400) {
                throw new StepFailure("ADD failed: failed to GET " + url + " with status " + response.statusCode(), 0);
            }
            if (checksum.isPresent()) {
                Digest actual = Digest.sha256(Files.readAllBytes(target));
                if (!actual.toString().equals(checksum.get())) {
                    throw new StepFailure("ADD failed: digest mismatch " + actual + ": " + checksum.get(), 0);
                }
            }
            io.berth.common.linux.Linux.chmod(target.toString(), 0600);
            response.headers().firstValue("Last-Modified").ifPresent(lm -> {
                try {
                    var time = java.time.ZonedDateTime.parse(lm, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
                    Files.setLastModifiedTime(target, java.nio.file.attribute.FileTime.from(time.toInstant()));
                } catch (RuntimeException | IOException ignored) {
                    // keep the download time
                }
            });
            return target;
        } catch (IOException e) {
            throw new StepFailure("ADD failed: " + url + ": " + e.getMessage(), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InternalException("build interrupted");
        }
    }

    private static boolean isArchive(Path p) {
        try (var in = new java.io.BufferedInputStream(Files.newInputStream(p), 65536)) {
            InputStream d = BuildContext.decompressed(in);
            d.mark(512);
            byte[] head = d.readNBytes(512);
            return org.apache.commons.compress.archivers.tar.TarArchiveInputStream.matches(head, head.length);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Hashes names, types, modes and contents of a source tree (the cache key of a COPY). */
    private static void hashTree(MessageDigest hash, Path root, String name) {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted().toList()) {
                String rel = name + "/" + root.relativize(p);
                int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                hash.update((rel + "\0" + Integer.toOctalString(mode) + "\0").getBytes(StandardCharsets.UTF_8));
                if (Files.isSymbolicLink(p)) {
                    hash.update(Files.readSymbolicLink(p).toString().getBytes(StandardCharsets.UTF_8));
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    try (InputStream in = Files.newInputStream(p)) {
                        byte[] buffer = new byte[65536];
                        int n;
                        while ((n = in.read(buffer)) > 0) {
                            hash.update(buffer, 0, n);
                        }
                    }
                }
                hash.update((byte) 0);
            }
        } catch (IOException e) {
            throw new InternalException("reading the build context: " + e.getMessage(), e);
        }
    }

    // --- images, cache, rootfs ----------------------------------------------------------------

    @FunctionalInterface
    private interface RootfsWork<T> {
        T apply(Path rootfs) throws IOException;
    }

    /** Runs {@code work} with the stage's current image mounted read-only. */
    private <T> T withRootfs(StageState s, RootfsWork<T> action) {
        Path mount = work.resolve("rootfs-" + s.step);
        Path spare = work.resolve("spare-" + s.step);
        try {
            Files.createDirectories(mount);
            Files.createDirectories(spare);
            var chains = s.layers.stream().map(l -> Digest.parse(l.chainId())).toList();
            layers.mountReadOnly(mount, chains, spare);
            try {
                return action.apply(mount);
            } finally {
                LayerStore.unmountPath(mount);
            }
        } catch (IOException e) {
            throw new InternalException("building a layer: " + e.getMessage(), e);
        }
    }

    /** Looks the step up in the cache; on a hit the stage moves to the cached image. */
    private boolean cached(StageState s, String createdBy, ObjectNode config, String extra) {
        String key = cacheKey(s.imageId, createdBy, config, extra);
        s.pendingKey = key;
        if (options.noCache()) {
            return false;
        }
        var hit = state.get(KIND_CACHE, key).map(StateStore.Document::body).filter(id -> store.byId(id).isPresent());
        if (hit.isEmpty()) {
            return false;
        }
        s.out.stream(" ---> Using cache\n");
        CacheUse.hit(state, key);
        load(s, hit.get());
        return true;
    }

    private String cacheKey(String parent, String createdBy, ObjectNode config, String extra) {
        String text = parent + "\n" + createdBy + "\n" + Json.write(config) + "\n" + extra;
        return Digest.sha256(text.getBytes(StandardCharsets.UTF_8)).encoded();
    }

    /** Commits the step's image: the parent's layers plus {@code layerTar}, the new config, one more history line. */
    private void commit(StageState s, String createdBy, Optional<Path> layerTar, ObjectNode config, boolean nop) {
        String parent = s.imageId;
        var blobs = new ArrayList<LayerBlob>();
        var diffIds = new ArrayList<String>();
        for (var l : s.layers) {
            blobs.add(new LayerBlob(Digest.parse(l.blobDigest()), l.mediaType(), l.blobSize()));
            diffIds.add(l.diffId());
        }
        if (layerTar.isPresent()) {
            try (InputStream in = Files.newInputStream(layerTar.get())) {
                var written = store.content().write(in, Optional.empty());
                blobs.add(new LayerBlob(written.digest(), MediaTypes.DOCKER_LAYER, written.size()));
                diffIds.add(written.digest().toString());
            } catch (IOException e) {
                throw new InternalException("storing a layer: " + e.getMessage(), e);
            } finally {
                try {
                    Files.deleteIfExists(layerTar.get());
                } catch (IOException ignored) {
                    // the work directory goes at the end
                }
            }
        }
        String now = Instant.now().toString();
        var history = new ArrayList<>(s.history);
        if (!createdBy.isEmpty()) {
            history.add(new ImageConfigFile.History(now, createdBy, null, null, layerTar.isEmpty() ? Boolean.TRUE : null));
        }
        var configFile = new ImageConfigFile(s.architecture, s.os, s.variant, now, s.author, config,
                new ImageConfigFile.RootFs("layers", diffIds), history, null, null, null, null);
        Digest configDigest = store.content().write(Json.writeBytes(configFile)).digest();
        ImageRecord record = store.add(configDigest, blobs, Optional.empty());
        if (!parent.isEmpty()) {
            store.setParent(record.id(), parent);
        }
        if (!createdBy.isEmpty()) {
            state.put(KIND_CACHE, s.pendingKey, null, record.id());
            CacheUse.reset(state, s.pendingKey);
        }
        load(s, record.id());
    }


    // --- helpers ------------------------------------------------------------------------------

    private Map<String, String> expansionEnv(StageState s) {
        var env = new HashMap<String, String>();
        s.args.forEach((k, v) -> {
            if (v != null) {
                env.put(k, v);
            }
        });
        for (JsonNode e : s.config.path("Env")) {
            String entry = e.asText();
            int eq = entry.indexOf('=');
            if (eq > 0) {
                env.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return env;
    }

    private static List<String> shell(StageState s) {
        JsonNode shell = s.config.path("Shell");
        if (shell.isArray() && !shell.isEmpty()) {
            var out = new ArrayList<String>();
            shell.forEach(n -> out.add(n.asText()));
            return out;
        }
        return DEFAULT_SHELL;
    }

    private static List<String> argv(Instruction.Command command, StageState s) {
        return switch (command) {
            case Instruction.Command.ExecForm exec -> exec.args();
            case Instruction.Command.ShellForm shellForm -> {
                var argv = new ArrayList<>(shell(s));
                argv.add(shellForm.script());
                yield argv;
            }
        };
    }

    private static void setEnv(ObjectNode config, String key, String value) {
        JsonNode existing = config.path("Env");
        ArrayNode env = NODES.arrayNode();
        boolean replaced = false;
        if (existing.isArray()) {
            for (JsonNode e : existing) {
                if (envKey(e.asText()).equals(key)) {
                    env.add(key + "=" + value);
                    replaced = true;
                } else {
                    env.add(e.asText());
                }
            }
        }
        if (!replaced) {
            env.add(key + "=" + value);
        }
        config.set("Env", env);
    }

    private static String envKey(String entry) {
        int eq = entry.indexOf('=');
        return eq < 0 ? entry : entry.substring(0, eq);
    }

    private static ObjectNode object(ObjectNode config, String field) {
        JsonNode node = config.get(field);
        if (node instanceof ObjectNode o) {
            return o;
        }
        return config.putObject(field);
    }

    private static ArrayNode array(List<String> values) {
        ArrayNode array = NODES.arrayNode();
        values.forEach(array::add);
        return array;
    }

    private static List<String> ports(String spec) {
        var m = PORT.matcher(spec);
        if (!m.matches()) {
            throw new InvalidArgumentException("invalid containerPort: " + spec);
        }
        String proto = m.group(3) == null ? "tcp" : m.group(3).toLowerCase(Locale.ROOT);
        int start = Integer.parseInt(m.group(1));
        int end = m.group(2) == null ? start : Integer.parseInt(m.group(2));
        if (end < start || end > 65535) {
            throw new InvalidArgumentException("invalid containerPort: " + spec);
        }
        var out = new ArrayList<String>();
        for (int p = start; p <= end; p++) {
            out.add(p + "/" + proto);
        }
        return out;
    }

    /** Go's {@code %q} of a string slice: {@code ["a" "b"]}. */
    static String goQuote(List<String> values) {
        var out = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append('"').append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
                    .replace("\t", "\\t")).append('"');
        }
        return out.append(']').toString();
    }

    static String shortId(String imageId) {
        if (imageId.isEmpty()) {
            return "";
        }
        String hex = imageId.startsWith("sha256:") ? imageId.substring(7) : imageId;
        return hex.substring(0, Math.min(12, hex.length()));
    }

    /**
     * The build's output as a sequential build writes it while stages run side by side: the first
     * unfinished stage (in build order) writes through, the later ones are held back until it is
     * done. Nothing after a failed stage is shown.
     */
    static final class OrderedOutput {
        private final BuildOutput out;
        private final List<List<java.util.function.Consumer<BuildOutput>>> held = new ArrayList<>();
        private final boolean[] done;
        private int head;
        private int stopAt;

        OrderedOutput(BuildOutput out, int slots) {
            this.out = out;
            this.done = new boolean[slots];
            this.stopAt = slots;
            for (int i = 0; i < slots; i++) {
                held.add(new ArrayList<>());
            }
        }

        BuildOutput slot(int position) {
            return new BuildOutput() {
                @Override
                public void stream(String text) {
                    emit(position, o -> o.stream(text));
                }

                @Override
                public void aux(String imageId) {
                    emit(position, o -> o.aux(imageId));
                }

                @Override
                public void pull(io.berth.image.registry.Progress progress) {
                    emit(position, o -> o.pull(progress));
                }
            };
        }

        private synchronized void emit(int position, java.util.function.Consumer<BuildOutput> line) {
            if (position == head) {
                line.accept(out);
            } else {
                held.get(position).add(line);
            }
        }

        /** A stage is done; {@code ok} is false when its failure is the build's. */
        synchronized void finish(int position, boolean ok) {
            done[position] = true;
            if (!ok) {
                stopAt = Math.min(stopAt, position);
            }
            while (head < done.length && done[head] && head < stopAt) {
                head++;
                if (head < done.length) {
                    held.get(head).forEach(line -> line.accept(out));
                    held.get(head).clear();
                }
            }
        }
    }

    /** Collects container output as UTF-8 text for the stream, never splitting a character. */
    private static final class StreamSink implements OutputSink {
        private final BuildOutput out;
        private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

        StreamSink(BuildOutput out) {
            this.out = out;
        }

        @Override
        public synchronized void write(int stream, byte[] data, int offset, int length) {
            pending.write(data, offset, length);
            byte[] bytes = pending.toByteArray();
            int end = completeUtf8(bytes);
            if (end > 0) {
                out.stream(new String(bytes, 0, end, StandardCharsets.UTF_8));
                pending.reset();
                pending.write(bytes, end, bytes.length - end);
            }
        }

        @Override
        public synchronized void flush() {
            if (pending.size() > 0) {
                out.stream(pending.toString(StandardCharsets.UTF_8));
                pending.reset();
            }
        }

        /** The length of the longest prefix that ends on a character boundary. */
        private static int completeUtf8(byte[] b) {
            int n = b.length;
            for (int back = 1; back <= Math.min(3, n); back++) {
                int c = b[n - back] & 0xff;
                if ((c & 0xc0) == 0x80) {
                    continue; // a continuation byte
                }
                int need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
                return need > back ? n - back : n;
            }
            return n;
        }
    }

    /** Removes the work directory, unmounting whatever a failed step left mounted there. */
    static void cleanUp(Path work) {
        if (!Files.isDirectory(work)) {
            return;
        }
        try (Stream<Path> list = Files.list(work)) {
            for (Path p : list.toList()) {
                LayerStore.unmountPath(p);
            }
        } catch (IOException ignored) {
            // deleted below anyway
        }
        AtomicFiles.deleteTree(work);
    }
}
