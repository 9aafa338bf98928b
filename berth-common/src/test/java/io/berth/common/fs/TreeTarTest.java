package io.berth.common.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.InternalException;
import io.berth.common.InvalidArgumentException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tar writer and the extractor: Docker's names and rules, and no way out of the destination. */
class TreeTarTest {
    private static final TreeUntar.Options PLAIN = new TreeUntar.Options(true, new TreeUntar.Owners.Unchanged(), _ -> { });

    @TempDir
    Path tmp;

    private Path sample() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src/dir/sub"));
        Files.writeString(src.resolve("../file.txt"), "hello");
        Files.createLink(src.resolve("../hard.txt"), src.resolve("../file.txt"));
        Files.createSymbolicLink(src.resolve("../link"), Path.of("file.txt"));
        Files.setPosixFilePermissions(src.resolve("../file.txt"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.setLastModifiedTime(src.resolve("../file.txt"), FileTime.from(Instant.parse("2020-01-02T03:04:05.678Z")));
        return tmp.resolve("src");
    }

    private static byte[] tar(RootedFs fs, String path, String name) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var node = fs.resolve(path, false)) {
            TreeTar.write(fs, node, name, out);
        }
        return out.toByteArray();
    }

    private static List<String> names(byte[] tar) throws IOException {
        var names = new ArrayList<String>();
        try (var in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                names.add(e.getName() + (e.isSymbolicLink() ? " -> " + e.getLinkName()
                        : e.isLink() ? " link " + e.getLinkName() : ""));
            }
        }
        return names;
    }

    @Test
    void aDirectoryIsArchivedUnderTheGivenNameAsDockerNamesIt() throws IOException {
        Path src = sample();
        try (var fs = RootedFs.open(src, List.of())) {
            assertThat(names(tar(fs, "/dir", "dir"))).containsExactly("dir/", "dir/file.txt", "dir/hard.txt link dir/file.txt",
                    "dir/link -> file.txt", "dir/sub/");
            assertThat(names(tar(fs, "/dir/.", "."))).startsWith("./", "./file.txt");
            assertThat(names(tar(fs, "/dir/file.txt", "renamed"))).containsExactly("renamed");
            assertThat(names(tar(fs, "/", "/"))).startsWith("/", "/dir/");
        }
    }

    @Test
    void headersKeepModesTimesInWholeSecondsAndContent() throws IOException {
        Path src = sample();
        byte[] tar;
        try (var fs = RootedFs.open(src, List.of())) {
            tar = tar(fs, "/dir/file.txt", "file.txt");
        }
        try (var in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            var entry = in.getNextEntry();
            assertThat(entry.getMode() & 07777).isEqualTo(0750);
            assertThat(entry.getModTime().toInstant()).isEqualTo(Instant.parse("2020-01-02T03:04:05Z"));
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
        }
    }

    @Test
    void aRoundTripRebuildsTheTree() throws IOException {
        Path src = sample();
        Path dst = Files.createDirectories(tmp.resolve("dst"));
        try (var fs = RootedFs.open(src, List.of()); var out = RootedFs.open(dst, List.of())) {
            TreeUntar.extract(out, "/", new ByteArrayInputStream(tar(fs, "/dir", "copy")), PLAIN);
        }
        assertThat(dst.resolve("copy/file.txt")).hasContent("hello");
        assertThat(Files.readSymbolicLink(dst.resolve("copy/link"))).isEqualTo(Path.of("file.txt"));
        assertThat(Files.isSameFile(dst.resolve("copy/file.txt"), dst.resolve("copy/hard.txt"))).isTrue();
        assertThat(Files.getPosixFilePermissions(dst.resolve("copy/file.txt")))
                .isEqualTo(PosixFilePermissions.fromString("rwxr-x---"));
        assertThat(Files.getLastModifiedTime(dst.resolve("copy/file.txt")).toInstant())
                .isEqualTo(Instant.parse("2020-01-02T03:04:05Z"));
        assertThat(dst.resolve("copy/sub")).isDirectory();
    }

    @Test
    void rebaseRenamesTheTopEntryAsDockerDoes() {
        assertThat(TreeUntar.rebase("dir", "new").apply("dir/file")).isEqualTo("new/file");
        assertThat(TreeUntar.rebase("/", "out").apply("/bin/sh")).isEqualTo("out/bin/sh");
        assertThat(TreeUntar.rebase(".", "x").apply("./a")).isEqualTo("x/a");
    }

    /** A hostile archive: a link to / and entries through it, a link up, names and hard links climbing out. */
    private static byte[] hostile(String... spec) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (String s : spec) {
                String[] parts = s.split(" ", 3);
                TarArchiveEntry e;
                switch (parts[0]) {
                    case "sym" -> {
                        e = new TarArchiveEntry(parts[1], TarArchiveEntry.LF_SYMLINK);
                        e.setLinkName(parts[2]);
                    }
                    case "hard" -> {
                        e = new TarArchiveEntry(parts[1], TarArchiveEntry.LF_LINK);
                        e.setLinkName(parts[2]);
                    }
                    case "dir" -> e = new TarArchiveEntry(parts[1] + "/");
                    default -> {
                        e = new TarArchiveEntry(parts[1], true);
                        e.setSize(parts[2].length());
                    }
                }
                out.putArchiveEntry(e);
                if (parts[0].equals("file")) {
                    out.write(parts[2].getBytes(StandardCharsets.UTF_8));
                }
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void entriesThroughAnArchivedLinkToTheRootLandInsideTheDestinationRoot() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root/dest"));
        Path rootDir = tmp.resolve("root");
        // the container made a link climbing out before the copy; the archive brings one to "/"
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../../../../../.."));
        byte[] tar = hostile("sym escape /", "file escape/" + tmp.getFileName() + "/pwned x", "file up/pwned2 y",
                "file /abs/pwned3 z");
        try (var fs = RootedFs.open(rootDir, List.of())) {
            TreeUntar.extract(fs, "/dest", new ByteArrayInputStream(tar), PLAIN);
        }
        assertThat(tmp.resolve("pwned2")).doesNotExist();
        assertThat(rootDir.getParent().resolve("pwned2")).doesNotExist();
        assertThat(rootDir.resolve("pwned2")).hasContent("y");
        assertThat(rootDir.resolve(tmp.getFileName() + "/pwned")).hasContent("x");
        assertThat(rootDir.resolve("dest/abs/pwned3")).hasContent("z");
        assertThat(Files.exists(Path.of("/" + tmp.getFileName() + "/pwned"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void namesAndLinksLeavingTheDestinationAreRefusedInDockersWords() throws IOException {
        Path dst = Files.createDirectories(tmp.resolve("d"));
        try (var fs = RootedFs.open(dst, List.of())) {
            assertThatThrownBy(() -> TreeUntar.extract(fs, "/", new ByteArrayInputStream(hostile("file ../x y")), PLAIN))
                    .isInstanceOf(InvalidArgumentException.class).hasMessage("\"../x\" is outside of \"/\"");
            Files.createDirectories(dst.resolve("in"));
            assertThatThrownBy(() -> TreeUntar.extract(fs, "/in", new ByteArrayInputStream(hostile("sym l ../../x")),
                    PLAIN)).isInstanceOf(InvalidArgumentException.class)
                    .hasMessage("invalid symlink \"/in/l\" -> \"../../x\"");
            assertThatThrownBy(() -> TreeUntar.extract(fs, "/in", new ByteArrayInputStream(hostile("hard h ../x")),
                    PLAIN)).isInstanceOf(InvalidArgumentException.class)
                    .hasMessage("invalid hardlink \"/x\" -> \"../x\"");
        }
    }

    @Test
    void noOverwriteDirNonDirRefusesToSwapAFileAndADirectory() throws IOException {
        Path dst = Files.createDirectories(tmp.resolve("d"));
        Files.createDirectories(dst.resolve("isdir"));
        Files.writeString(dst.resolve("isfile"), "f");
        try (var fs = RootedFs.open(dst, List.of())) {
            assertThatThrownBy(() -> TreeUntar.extract(fs, "/", new ByteArrayInputStream(hostile("file isdir x")), PLAIN))
                    .isInstanceOf(InternalException.class)
                    .hasMessage("cannot overwrite directory \"/isdir\" with non-directory \"/\"");
            assertThatThrownBy(() -> TreeUntar.extract(fs, "/", new ByteArrayInputStream(hostile("dir isfile")), PLAIN))
                    .isInstanceOf(InternalException.class)
                    .hasMessage("cannot overwrite non-directory \"/isfile\" with directory \"/\"");
            var overwrite = new TreeUntar.Options(false, new TreeUntar.Owners.Unchanged(), _ -> { });
            TreeUntar.extract(fs, "/", new ByteArrayInputStream(hostile("file isdir x", "file isfile new")), overwrite);
        }
        assertThat(dst.resolve("isdir")).hasContent("x");
        assertThat(dst.resolve("isfile")).hasContent("new");
    }

    @Test
    void aReadOnlyCheckStopsTheExtraction() throws IOException {
        Path dst = Files.createDirectories(tmp.resolve("d"));
        var refuse = new TreeUntar.Options(true, new TreeUntar.Owners.Unchanged(), _ -> {
            throw new InvalidArgumentException("mounted volume is marked read-only");
        });
        try (var fs = RootedFs.open(dst, List.of())) {
            assertThatThrownBy(() -> TreeUntar.extract(fs, "/", new ByteArrayInputStream(hostile("file a b")), refuse))
                    .hasMessage("mounted volume is marked read-only");
        }
        assertThat(dst.resolve("a")).doesNotExist();
    }
}
