package io.berth.engine.build;

import io.berth.build.dockerfile.DockerfileParser;
import io.berth.build.dockerfile.Instructions;
import io.berth.common.Ids;
import io.berth.common.InternalException;
import io.berth.common.InvalidArgumentException;
import io.berth.engine.container.ContainerService;
import io.berth.engine.image.ImageService;
import io.berth.image.ref.ImageRef;
import io.berth.store.overlay.LayerStore;
import io.berth.store.state.StateStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * {@code POST /build}: Dockerfile builds with the classic builder's behaviour and output. A build
 * is prepared first (context unpacked, Dockerfile parsed, tags and target checked: errors keep
 * their HTTP status), then run while its output streams.
 *
 * <p>On disk: {@code <data-root>/builds/<random>/} holds one build's context, the read-only mounts
 * of images it looks into and its layer tars; it goes when the build ends, and whatever a crash
 * left there is unmounted and removed at start-up. The cache is the {@code build-cache} kind of
 * the state store (key: parent image, history line, config, destination → image ID), so it
 * survives restarts; an entry whose image was removed is ignored.
 */
public final class BuildService {
    private final ImageService images;
    private final ContainerService containers;
    private final LayerStore layers;
    private final StateStore state;
    private final Path buildsRoot;

    public BuildService(ImageService images, ContainerService containers, LayerStore layers, StateStore state,
                        Path buildsRoot) {
        this.images = images;
        this.containers = containers;
        this.layers = layers;
        this.state = state;
        this.buildsRoot = buildsRoot;
        try {
            Files.createDirectories(buildsRoot);
            try (Stream<Path> leftovers = Files.list(buildsRoot)) {
                leftovers.forEach(Build::cleanUp);
            }
        } catch (IOException e) {
            throw new InternalException("preparing " + buildsRoot + ": " + e.getMessage(), e);
        }
    }

    /** A build that passed the checks made before any output. */
    public static final class PreparedBuild {
        private final BuildOptions options;
        private final BuildContext context;
        private final Instructions.BuildFile file;
        private final Path work;

        private PreparedBuild(BuildOptions options, BuildContext context, Instructions.BuildFile file, Path work) {
            this.options = options;
            this.context = context;
            this.file = file;
            this.work = work;
        }

        public BuildOptions options() {
            return options;
        }
    }

    /** Unpacks the context and parses the Dockerfile; nothing is left behind when it fails. */
    public PreparedBuild prepare(BuildOptions options, InputStream context) {
        return prepare(options, work -> BuildContext.extract(context, options.dockerfile(), work));
    }

    /**
     * {@code POST /build?remote=URL}: the context is fetched by the daemon: a git repository
     * ({@code URL#ref:subdir}), a tar or a Dockerfile over http(s). Nothing is left behind when it fails.
     */
    public PreparedBuild prepareRemote(BuildOptions options, String remote) {
        return prepare(options, work -> RemoteContext.fetch(remote, options.dockerfile(), work));
    }

    private PreparedBuild prepare(BuildOptions options, java.util.function.Function<Path, BuildContext> source) {
        for (String tag : options.tags()) {
            ImageRef.parse(tag);
        }
        if (options.platform().isPresent() && !options.platform().get().isEmpty()) {
            String platform = options.platform().get();
            if (!platform.equals("linux") && !platform.equals("linux/" + hostArchitecture())) {
                throw new InvalidArgumentException("\"" + platform + "\": unsupported platform: this builder runs "
                        + "linux/" + hostArchitecture() + " only");
            }
        }
        Path work = buildsRoot.resolve(Ids.random().substring(0, 16));
        try {
            var extracted = source.apply(work);
            var parsed = DockerfileParser.parse(extracted.dockerfile());
            if (parsed.nodes().isEmpty()) {
                throw new InvalidArgumentException("the Dockerfile (" + extracted.dockerfileName() + ") cannot be empty");
            }
            var file = Instructions.parse(parsed);
            if (file.stages().isEmpty()) {
                throw new InvalidArgumentException("No image was generated. Is your Dockerfile empty?");
            }
            if (options.target().isPresent() && file.stageIndex(options.target().get()).isEmpty()) {
                throw new InvalidArgumentException("failed to reach build target " + options.target().get()
                        + " in Dockerfile");
            }
            return new PreparedBuild(options, extracted, file, work);
        } catch (RuntimeException e) {
            Build.cleanUp(work);
            throw e;
        }
    }

    /** Runs a prepared build, reporting to {@code out}; its work directory goes afterwards. */
    public BuildResult run(PreparedBuild build, BuildOutput out) {
        try {
            return new Build(images, containers, layers, state, build.options, build.context, build.file, build.work,
                    out).run();
        } finally {
            Build.cleanUp(build.work);
        }
    }

    /** Forgets a prepared build that will not run. */
    public void discard(PreparedBuild build) {
        Build.cleanUp(build.work);
    }

    /** {@code POST /build/prune}: forgets the cache; returns how many entries there were. */
    public int pruneCache() {
        var entries = state.list(Build.KIND_CACHE);
        for (var doc : entries) {
            state.delete(Build.KIND_CACHE, doc.id());
        }
        return entries.size();
    }

    static String hostArchitecture() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> arch;
        };
    }
}
