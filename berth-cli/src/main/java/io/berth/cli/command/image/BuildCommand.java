package io.berth.cli.command.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.build.dockerfile.DockerIgnore;
import io.berth.cli.command.container.BerthCommands;
import io.berth.cli.command.container.Sizes;
import io.berth.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth build [OPTIONS] PATH | URL | -}: the context directory (as a tar, without what
 * {@code .dockerignore} leaves out), or a tar or a Dockerfile on stdin; {@code -f -} reads the
 * Dockerfile from stdin; a URL (git repository, tar, Dockerfile) is fetched by the daemon. Shows
 * the daemon's step-by-step output; a failed {@code RUN} makes the command exit with its code, as
 * docker does.
 */
@Command(name = "build", description = "Build an image from a Dockerfile")
public final class BuildCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-t", "--tag"}, description = "Name and optionally a tag in the \"name:tag\" format")
    List<String> tags = new ArrayList<>();

    @Option(names = {"-f", "--file"}, description = "Name of the Dockerfile (Default is \"PATH/Dockerfile\")")
    String file;

    @Option(names = "--build-arg", description = "Set build-time variables")
    List<String> buildArgs = new ArrayList<>();

    @Option(names = "--target", description = "Set the target build stage to build.")
    String target;

    @Option(names = "--label", description = "Set metadata for an image")
    List<String> labels = new ArrayList<>();

    @Option(names = "--no-cache", description = "Do not use cache when building the image")
    boolean noCache;

    @Option(names = "--pull", description = "Always attempt to pull a newer version of the image")
    boolean pull;

    @Option(names = {"-q", "--quiet"}, description = "Suppress the build output and print image ID on success")
    boolean quiet;

    @Option(names = "--iidfile", description = "Write the image ID to the file")
    Path iidFile;

    @Option(names = "--network", description = "Set the networking mode for the RUN instructions during build")
    String network;

    @Option(names = "--add-host", description = "Add a custom host-to-IP mapping (\"host:ip\")")
    List<String> addHosts = new ArrayList<>();

    @Option(names = "--rm", arity = "0..1", defaultValue = "true", fallbackValue = "true",
            description = "Remove intermediate containers after a successful build")
    boolean rm;

    @Option(names = "--force-rm", description = "Always remove intermediate containers")
    boolean forceRm;

    @Option(names = "--shm-size", description = "Size of \"/dev/shm\"")
    String shmSize;

    @Option(names = {"-m", "--memory"}, description = "Memory limit")
    String memory;

    @Option(names = "--memory-swap", description = "Swap limit equal to memory plus swap: -1 to enable unlimited swap")
    String memorySwap;

    @Option(names = {"-c", "--cpu-shares"}, description = "CPU shares (relative weight)")
    Long cpuShares;

    @Option(names = "--cpuset-cpus", description = "CPUs in which to allow execution (0-3, 0,1)")
    String cpusetCpus;

    @Option(names = "--cpuset-mems", description = "MEMs in which to allow execution (0-3, 0,1)")
    String cpusetMems;

    @Option(names = "--cpu-period", description = "Limit the CPU CFS (Completely Fair Scheduler) period")
    Long cpuPeriod;

    @Option(names = "--cpu-quota", description = "Limit the CPU CFS (Completely Fair Scheduler) quota")
    Long cpuQuota;

    @Option(names = "--platform", description = "Set platform if server is multi-platform capable")
    String platform;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(index = "0", paramLabel = "PATH | URL | -")
    String context;

    /** A failure on this side, printed as the docker CLI prints it (no "Error response from daemon"), exit 1. */
    static final class LocalFailure extends RuntimeException {
        LocalFailure(String message) {
            super(message);
        }
    }

    static String describe(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException denied) {
            return "no permission to read from '" + Path.of(denied.getFile()).toAbsolutePath().normalize() + "'";
        }
        if (e instanceof java.nio.file.NoSuchFileException gone) {
            return "can't stat '" + Path.of(gone.getFile()).toAbsolutePath().normalize() + "'";
        }
        return e.getMessage();
    }

    @Override
    public Integer call() throws Exception {
        try {
            return build();
        } catch (LocalFailure e) {
            var err = spec.commandLine().getErr();
            err.println(e.getMessage());
            err.flush();
            return 1;
        }
    }

    private Integer build() throws Exception {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        var params = new ArrayList<Map.Entry<String, String>>();
        tags.forEach(t -> params.add(param("t", t)));
        InputStream body;
        Thread writer = null;
        var writeFailure = new AtomicReference<Exception>();
        if (context.matches("(?i)(https?|git|file)://.*|git@.*|github\\.com/.*")) {
            // as podman does: the daemon fetches the URL (a git repository, a tar, a Dockerfile)
            if (file != null && file.equals("-")) {
                throw new LocalFailure("invalid argument: can't use stdin for the Dockerfile of a remote context");
            }
            params.add(param("remote", context));
            if (file != null) {
                params.add(param("dockerfile", file));
            }
            body = InputStream.nullInputStream();
        } else if (context.equals("-")) {
            if (file != null && file.equals("-")) {
                throw new LocalFailure("invalid argument: can't use stdin for both build context and dockerfile");
            }
            body = System.in;
            if (file != null) {
                params.add(param("dockerfile", file));
            }
        } else {
            Path dir = Path.of(context);
            if (!Files.isDirectory(dir)) {
                throw new LocalFailure("unable to prepare context: path \"" + context + "\" not found");
            }
            byte[] extraDockerfile = null;
            String dockerfileName = "Dockerfile";
            if (file != null && file.equals("-")) {
                extraDockerfile = System.in.readAllBytes();
                dockerfileName = ".dockerfile." + Long.toHexString(System.nanoTime());
            } else if (file != null) {
                Path f = Path.of(file).toAbsolutePath().normalize();
                Path root = dir.toAbsolutePath().normalize();
                if (!Files.isRegularFile(f)) {
                    throw new LocalFailure("unable to prepare context: the Dockerfile (" + file
                            + ") cannot be found");
                }
                if (f.startsWith(root)) {
                    dockerfileName = root.relativize(f).toString();
                } else {
                    extraDockerfile = Files.readAllBytes(f);
                    dockerfileName = ".dockerfile." + Long.toHexString(System.nanoTime());
                }
            } else if (!Files.isRegularFile(dir.resolve("Dockerfile")) && !Files.isRegularFile(dir.resolve("dockerfile"))) {
                throw new LocalFailure("unable to prepare context: unable to evaluate symlinks in Dockerfile"
                        + " path: lstat " + dir.toAbsolutePath().normalize().resolve("Dockerfile")
                        + ": no such file or directory");
            }
            params.add(param("dockerfile", dockerfileName));
            var pipeIn = new PipedInputStream(1 << 16);
            var pipeOut = new PipedOutputStream(pipeIn);
            byte[] extra = extraDockerfile;
            String keep = dockerfileName;
            writer = Thread.ofVirtual().name("build-context").start(() -> {
                try {
                    writeContext(dir, keep, extra, pipeOut);
                } catch (IOException | RuntimeException e) {
                    writeFailure.set(e);
                } finally {
                    try {
                        pipeOut.close();
                    } catch (IOException ignored) {
                        // the reader sees the end either way
                    }
                }
            });
            body = new FailingAtEnd(pipeIn, writeFailure);
        }
        var args = new LinkedHashMap<String, String>();
        for (String arg : buildArgs) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                args.put(arg, System.getenv(arg));
            } else {
                args.put(arg.substring(0, eq), arg.substring(eq + 1));
            }
        }
        if (!args.isEmpty()) {
            params.add(param("buildargs", Json.write(args)));
        }
        var labelMap = new LinkedHashMap<String, String>();
        for (String label : labels) {
            int eq = label.indexOf('=');
            labelMap.put(eq < 0 ? label : label.substring(0, eq), eq < 0 ? "" : label.substring(eq + 1));
        }
        if (!labelMap.isEmpty()) {
            params.add(param("labels", Json.write(labelMap)));
        }
        if (target != null) {
            params.add(param("target", target));
        }
        if (noCache) {
            params.add(param("nocache", "1"));
        }
        if (pull) {
            params.add(param("pull", "1"));
        }
        if (quiet) {
            params.add(param("q", "1"));
        }
        params.add(param("rm", rm ? "1" : "0"));
        if (forceRm) {
            params.add(param("forcerm", "1"));
        }
        if (network != null) {
            params.add(param("networkmode", network));
        }
        if (!addHosts.isEmpty()) {
            params.add(param("extrahosts", String.join(",", addHosts)));
        }
        if (shmSize != null) {
            params.add(param("shmsize", Long.toString(Sizes.ramInBytes(shmSize, "--shm-size"))));
        }
        if (memory != null) {
            params.add(param("memory", Long.toString(Sizes.ramInBytes(memory, "--memory"))));
        }
        if (memorySwap != null) {
            params.add(param("memswap", memorySwap.equals("-1") ? "-1" : Long.toString(Sizes.ramInBytes(memorySwap,
                    "--memory-swap"))));
        }
        if (cpuShares != null) {
            params.add(param("cpushares", cpuShares.toString()));
        }
        if (cpusetCpus != null) {
            params.add(param("cpusetcpus", cpusetCpus));
        }
        if (cpusetMems != null) {
            params.add(param("cpusetmems", cpusetMems));
        }
        if (cpuPeriod != null) {
            params.add(param("cpuperiod", cpuPeriod.toString()));
        }
        if (cpuQuota != null) {
            params.add(param("cpuquota", cpuQuota.toString()));
        }
        if (platform != null) {
            params.add(param("platform", platform));
        }
        var imageId = new AtomicReference<String>();
        var failure = new AtomicReference<JsonNode>();
        try {
            build(body, params, out, imageId, failure);
        } catch (RuntimeException e) {
            if (writeFailure.get() != null) {
                throw new LocalFailure("error sending the build context: " + describe(writeFailure.get()));
            }
            throw e;
        }
        if (writer != null) {
            writer.join();
        }
        if (failure.get() != null) {
            JsonNode f = failure.get();
            String message = f.path("errorDetail").path("message").asText(f.path("error").asText());
            err.println(message);
            err.flush();
            int code = f.path("errorDetail").path("code").asInt(0);
            return code == 0 ? 1 : code;
        }
        if (writeFailure.get() != null) {
            throw new LocalFailure("error sending the build context: " + describe(writeFailure.get()));
        }
        if (imageId.get() == null) {
            err.println("the daemon did not report an image ID");
            return 1;
        }
        if (quiet) {
            out.println(imageId.get());
            out.flush();
        }
        if (iidFile != null) {
            Files.writeString(iidFile, imageId.get());
        }
        return 0;
    }

    private void build(InputStream body, List<Map.Entry<String, String>> params, java.io.PrintWriter out,
                       AtomicReference<String> imageId, AtomicReference<JsonNode> failure) {
        BerthCommands.root(spec).client().images().build(body, params, line -> {
            if (line.hasNonNull("errorDetail") || line.hasNonNull("error")) {
                failure.set(line);
            } else if (line.has("aux") && line.get("aux").hasNonNull("ID")) {
                imageId.set(line.get("aux").get("ID").asText());
            } else if (line.hasNonNull("stream")) {
                if (!quiet) {
                    out.print(line.get("stream").asText());
                    out.flush();
                }
            } else if (line.hasNonNull("status") && !quiet) {
                String id = line.path("id").asText("");
                JsonNode detail = line.path("progressDetail");
                if (detail.path("current").asLong(0) == 0 && detail.path("total").asLong(0) == 0) {
                    out.println((id.isEmpty() ? "" : id + ": ") + line.get("status").asText());
                    out.flush();
                }
            }
        });
    }

    /** The context's pipe, failing at its end when writing the context failed (so the upload is cut, not ended). */
    static final class FailingAtEnd extends java.io.FilterInputStream {
        private final AtomicReference<? extends Exception> failure;

        FailingAtEnd(InputStream in, AtomicReference<? extends Exception> failure) {
            super(in);
            this.failure = failure;
        }

        @Override
        public int read() throws IOException {
            return check(super.read());
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return check(super.read(b, off, len));
        }

        private int check(int n) throws IOException {
            if (n < 0 && failure.get() != null) {
                throw new IOException("error sending the build context: " + describe(failure.get()), failure.get());
            }
            return n;
        }
    }

    private static Map.Entry<String, String> param(String name, String value) {
        return new AbstractMap.SimpleImmutableEntry<>(name, value);
    }

    /**
     * The context as the docker CLI sends it: entries relative to the directory, owned by root,
     * without what {@code .dockerignore} excludes (the Dockerfile and {@code .dockerignore} always
     * go, the daemon drops them again if excluded); a Dockerfile from elsewhere is added as {@code extraName}.
     */
    static void writeContext(Path dir, String dockerfileName, byte[] extra, OutputStream out) throws IOException {
        Path ignoreFile = dir.resolve(".dockerignore");
        DockerIgnore ignore = Files.isRegularFile(ignoreFile) ? DockerIgnore.parse(Files.readAllBytes(ignoreFile))
                : DockerIgnore.none();
        var tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        walk(dir, dir, ignore, dockerfileName, tar);
        if (extra != null) {
            var entry = new TarArchiveEntry(dockerfileName, TarConstants.LF_NORMAL);
            entry.setMode(0100644);
            entry.setSize(extra.length);
            entry.setModTime(System.currentTimeMillis());
            tar.putArchiveEntry(entry);
            tar.write(extra);
            tar.closeArchiveEntry();
        }
        tar.finish();
    }

    private static void walk(Path root, Path dir, DockerIgnore ignore, String dockerfileName, TarArchiveOutputStream tar)
            throws IOException {
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = list.sorted().toList();
        }
        for (Path child : children) {
            String rel = root.relativize(child).toString();
            boolean always = rel.equals(dockerfileName) || rel.equals(".dockerignore");
            boolean directory = Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS);
            boolean excluded = !always && ignore.excludes(rel);
            if (excluded && !(directory && ignore.hasExceptionsUnder(rel))) {
                continue;
            }
            Map<String, Object> attrs = Files.readAttributes(child, "unix:mode,lastModifiedTime,size",
                    LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) attrs.get("mode");
            long time = ((java.nio.file.attribute.FileTime) attrs.get("lastModifiedTime")).toMillis();
            TarArchiveEntry entry;
            if (Files.isSymbolicLink(child)) {
                entry = new TarArchiveEntry(rel, TarConstants.LF_SYMLINK);
                entry.setLinkName(Files.readSymbolicLink(child).toString());
            } else if (directory) {
                entry = new TarArchiveEntry(rel + "/", TarConstants.LF_DIR);
            } else if (Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS)) {
                entry = new TarArchiveEntry(rel, TarConstants.LF_NORMAL);
                entry.setSize((Long) attrs.get("size"));
            } else {
                continue; // sockets, FIFOs and devices are not sent
            }
            entry.setMode(mode);
            entry.setModTime(time);
            entry.setUserId(0);
            entry.setGroupId(0);
            if (!excluded) {
                tar.putArchiveEntry(entry);
                if (entry.isFile() && !entry.isSymbolicLink()) { // a link's target is never read
                    Files.copy(child, tar);
                }
                tar.closeArchiveEntry();
            }
            if (directory) {
                walk(root, child, ignore, dockerfileName, tar);
            }
        }
    }
}
