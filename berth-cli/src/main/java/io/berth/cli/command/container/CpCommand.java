package io.berth.cli.command.container;

import io.berth.api.model.ArchiveOptions;
import io.berth.api.model.ContainerPathStat;
import io.berth.cli.Terminal;
import io.berth.client.ContainerFilesClient;
import io.berth.common.BerthException;
import io.berth.common.fs.RootedFs;
import io.berth.common.fs.SlashPaths;
import io.berth.common.fs.TreeTar;
import io.berth.common.fs.TreeUntar;
import io.berth.common.linux.ErrnoException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth cp [-a] [-L] CONTAINER:SRC_PATH DEST_PATH|-} and {@code SRC_PATH|- CONTAINER:DEST_PATH},
 * with docker's path rules ({@link CopyPaths}). What comes out of a container is extracted with
 * {@link TreeUntar} rooted at the destination directory, so an archive cannot place anything
 * outside it, through links or otherwise.
 */
@Command(name = "cp", description = "Copy files/folders between a container and the local filesystem")
public final class CpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-a", "--archive"}, description = "Archive mode (copy all uid/gid information)")
    boolean archive;

    @Option(names = {"-L", "--follow-link"}, description = "Always follow symbol link in SRC_PATH")
    boolean followLink;

    @Option(names = {"-q", "--quiet"}, description = "Suppress progress output during copy")
    Boolean quiet;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(index = "0", paramLabel = "SRC_PATH")
    String source;

    @Parameters(index = "1", paramLabel = "DEST_PATH")
    String destination;

    @Override
    public Integer call() throws IOException {
        var err = spec.commandLine().getErr();
        try {
            if (source.isEmpty()) {
                throw new CopyPaths.CopyException("source can not be empty");
            }
            if (destination.isEmpty()) {
                throw new CopyPaths.CopyException("destination can not be empty");
            }
            String[] src = CopyPaths.split(source);
            String[] dst = CopyPaths.split(destination);
            boolean fromContainer = !src[0].isEmpty();
            boolean toContainer = !dst[0].isEmpty();
            if (fromContainer && toContainer) {
                throw new CopyPaths.CopyException("copying between containers is not supported");
            }
            if (!fromContainer && !toContainer) {
                throw new CopyPaths.CopyException("must specify at least one container source");
            }
            var files = BerthCommands.root(spec).client().files();
            if (fromContainer) {
                copyFrom(files, src[0], src[1], dst[1]);
            } else {
                copyTo(files, dst[0], src[1], dst[1]);
            }
            return 0;
        } catch (CopyPaths.CopyException e) {
            err.println(e.getMessage());
            err.flush();
            return 1;
        }
    }

    private void copyFrom(ContainerFilesClient files, String container, String srcPath, String dstPath)
            throws IOException {
        if (!dstPath.equals("-")) {
            dstPath = CopyPaths.resolveLocal(dstPath);
            validateOutputPath(dstPath);
        }
        String rebaseName = "";
        if (followLink) {
            try {
                ContainerPathStat stat = files.stat(container, srcPath);
                if (stat.isSymlink()) {
                    String target = stat.linkTarget();
                    if (!target.startsWith("/")) {
                        target = SlashPaths.clean(CopyPaths.splitPathDirEntry(srcPath)[0] + "/" + target);
                    }
                    String[] r = CopyPaths.rebaseName(srcPath, target);
                    srcPath = r[0];
                    rebaseName = r[1];
                }
            } catch (BerthException e) {
                // as docker: the GET below reports what is wrong
            }
        }
        try (var tar = files.archive(container, srcPath)) {
            if (dstPath.equals("-")) {
                OutputStream out = BerthCommands.stdout(spec);
                tar.tar().transferTo(out);
                out.flush();
                return;
            }
            var srcInfo = new CopyPaths.Info(srcPath, true, tar.stat().isDirectory(), rebaseName);
            var dstInfo = CopyPaths.localDestination(dstPath);
            var prepared = CopyPaths.prepare(srcInfo, dstInfo);
            String archiveTop = CopyPaths.splitPathDirEntry(srcPath)[1];
            var rename = archiveTop.equals(prepared.toBase()) ? java.util.function.UnaryOperator.<String>identity()
                    : TreeUntar.rebase(archiveTop, prepared.toBase());
            try (var fs = RootedFs.open(Path.of(prepared.dstDir()), List.of())) {
                TreeUntar.extract(fs, "/", tar.tar(), new TreeUntar.Options(true, new TreeUntar.Owners.Unchanged(),
                        dir -> { }, rename));
            } catch (ErrnoException e) {
                throw new CopyPaths.CopyException(e.getMessage());
            }
            summary(tar.stat().isDirectory() ? -1 : tar.stat().size(), dstPath);
        }
    }

    private void copyTo(ContainerFilesClient files, String container, String srcPath, String dstPath)
            throws IOException {
        if (!srcPath.equals("-")) {
            srcPath = CopyPaths.resolveLocal(srcPath);
        }
        var dstInfo = CopyPaths.Info.missing(dstPath);
        try {
            ContainerPathStat stat = files.stat(container, dstPath);
            if (stat.isSymlink()) {
                String target = stat.linkTarget();
                if (!target.startsWith("/")) {
                    target = SlashPaths.clean(CopyPaths.splitPathDirEntry(dstPath)[0] + "/" + target);
                }
                dstInfo = CopyPaths.Info.missing(target);
                stat = files.stat(container, target);
            }
            if (!stat.isDirectory() && !stat.isRegular()) {
                throw new CopyPaths.CopyException("destination \"" + container + ":" + dstPath
                        + "\" must be a directory or a regular file");
            }
            dstInfo = new CopyPaths.Info(dstInfo.path(), true, stat.isDirectory(), "");
        } catch (BerthException e) {
            // as docker: assume the parent exists; the extraction says otherwise
        }
        var options = new ArchiveOptions(dstInfo.path(), true, archive);
        if (srcPath.equals("-")) {
            if (!dstInfo.isDir()) {
                throw new CopyPaths.CopyException("destination \"" + container + ":" + dstPath + "\" must be a directory");
            }
            InputStream in = System.in;
            files.extract(container, options, out -> in.transferTo(out));
            return;
        }
        var srcInfo = CopyPaths.localSource(srcPath, followLink);
        var prepared = CopyPaths.prepare(srcInfo, dstInfo);
        String[] parts = CopyPaths.splitPathDirEntry(srcInfo.path());
        String top = prepared.toBase();
        try (var fs = RootedFs.open(Path.of(parts[0]), List.of()); var node = fs.resolve(parts[1], false)) {
            files.extract(container, new ArchiveOptions(prepared.dstDir(), true, archive),
                    out -> TreeTar.write(fs, node, top, out));
        } catch (ErrnoException e) {
            throw new CopyPaths.CopyException(e.getMessage());
        }
        summary(sizeOf(Path.of(srcInfo.path())), container + ":" + dstInfo.path());
    }

    /** docker's ValidateOutputPath: the parent must exist; an existing path must be a directory or a regular file. */
    private static void validateOutputPath(String path) {
        String dir = CopyPaths.dir(SlashPaths.clean(path));
        if (!dir.equals(".") && !Files.exists(Path.of(dir))) {
            throw new CopyPaths.CopyException("invalid output path: directory \"" + dir + "\" does not exist");
        }
        Path p = Path.of(path);
        if (Files.exists(p) && !Files.isDirectory(p) && !Files.isRegularFile(p)) {
            throw new CopyPaths.CopyException("invalid output path: \"" + path
                    + "\" must be a directory or a regular file");
        }
    }

    /** "Successfully copied 1.2kB to DEST" on a terminal, as docker prints it (never with -q). */
    private void summary(long size, String destination) {
        boolean silent = quiet != null ? quiet : !Terminal.stdoutIsTerminal();
        if (silent) {
            return;
        }
        var err = spec.commandLine().getErr();
        err.println("Successfully copied " + (size < 0 ? "" : Sizes.human(size) + " ") + "to " + destination);
        err.flush();
    }

    private static long sizeOf(Path path) throws IOException {
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) ? Files.size(path) : 0;
        }
        try (var walk = Files.walk(path)) {
            return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }
}
