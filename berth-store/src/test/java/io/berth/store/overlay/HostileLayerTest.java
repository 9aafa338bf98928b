package io.berth.store.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of hostile layer tars: each is unpacked into {@code sandbox/layer} next to
 * {@code sandbox/outside/sentinel}; whatever the unpacker does with it (refuse it, or keep it inside
 * the layer), nothing outside the layer directory may be created, changed or removed.
 */
class HostileLayerTest {
    @TempDir
    Path sandbox;

    private Path layer;
    private Path outside;

    @BeforeEach
    void prepare() throws IOException {
        layer = Files.createDirectories(sandbox.resolve("layer"));
        outside = Files.createDirectories(sandbox.resolve("outside"));
        Files.writeString(outside.resolve("sentinel"), "untouched\n");
    }

    /** One hostile archive: a name and its entries. */
    record Case(String name, List<Entry> entries) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A tar entry: type 'f' file, 'd' directory, 'l' symlink, 'h' hard link, 'b'/'c' device. */
    record Entry(char type, String name, String target) {
        static Entry file(String name) {
            return new Entry('f', name, "pwned\n");
        }

        static Entry dir(String name) {
            return new Entry('d', name, null);
        }

        static Entry symlink(String name, String target) {
            return new Entry('l', name, target);
        }

        static Entry hardlink(String name, String target) {
            return new Entry('h', name, target);
        }

        static Entry device(char type, String name) {
            return new Entry(type, name, null);
        }
    }

    static Stream<Case> corpus() {
        String out = "../outside";
        return Stream.of(
                new Case("dot-dot file", List.of(Entry.file("../escaped"))),
                new Case("dot-dot deep", List.of(Entry.file("a/b/../../../outside/sentinel"))),
                new Case("dot-dot directory", List.of(Entry.dir("../newdir/"), Entry.file("../newdir/f"))),
                new Case("absolute path", List.of(Entry.file("/outside/sentinel"), Entry.file("/etc/passwd"))),
                new Case("symlink to parent then file through it",
                        List.of(Entry.symlink("link", out), Entry.file("link/sentinel"))),
                new Case("absolute symlink then file through it",
                        List.of(Entry.symlink("link", "OUTSIDE"), Entry.file("link/pwned"))),
                new Case("symlink then directory through it",
                        List.of(Entry.symlink("link", "OUTSIDE"), Entry.dir("link/sub/"), Entry.file("link/sub/f"))),
                new Case("symlink to a file, then the file rewritten",
                        List.of(Entry.symlink("evil", "OUTSIDE/sentinel"), Entry.file("evil"))),
                new Case("symlink chain", List.of(Entry.dir("d/"), Entry.symlink("d/up", ".."),
                        Entry.symlink("d/up2", "up/.."), Entry.file("d/up2/outside/sentinel"))),
                new Case("hard link outside", List.of(Entry.hardlink("hl", out + "/sentinel"), Entry.file("hl"))),
                new Case("hard link to an absolute path", List.of(Entry.hardlink("hl", "OUTSIDE/sentinel"))),
                new Case("hard link through a symlink",
                        List.of(Entry.symlink("link", "OUTSIDE"), Entry.hardlink("hl", "link/sentinel"), Entry.file("hl"))),
                new Case("hard link to a symlink to outside",
                        List.of(Entry.symlink("evil", "OUTSIDE/sentinel"), Entry.hardlink("hl", "evil"), Entry.file("hl"))),
                new Case("whiteout of the parent", List.of(Entry.file(".wh...")) ),
                new Case("whiteout of dot", List.of(Entry.dir("sub/"), Entry.file("sub/.wh.."))),
                new Case("whiteout of the layer's parent", List.of(Entry.file("./.wh...")) ),
                new Case("whiteout through a symlink", List.of(Entry.symlink("link", "OUTSIDE"),
                        Entry.file("link/.wh.sentinel"))),
                new Case("opaque through a symlink", List.of(Entry.symlink("link", "OUTSIDE"),
                        Entry.file("link/.wh..wh..opq"))),
                new Case("device node through a symlink", List.of(Entry.symlink("link", "OUTSIDE"),
                        Entry.device('b', "link/sda"))),
                new Case("device nodes outside", List.of(Entry.device('c', "../null"), Entry.device('b', "../../sda"))),
                new Case("directory replaced by a symlink, then written", List.of(Entry.dir("etc/"),
                        Entry.symlink("etc", "OUTSIDE"), Entry.file("etc/sentinel"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void aHostileLayerNeverWritesOutsideItsDirectory(Case hostile) throws Exception {
        var before = snapshotOutsideLayer();
        byte[] tar = tar(hostile.entries());

        try {
            new TarUnpacker(layer).unpack(new ByteArrayInputStream(tar));
        } catch (io.berth.common.InvalidArgumentException | IOException e) {
            // refusing is fine; writing outside is not
        }

        assertThat(Files.readString(outside.resolve("sentinel"))).isEqualTo("untouched\n");
        assertThat(snapshotOutsideLayer()).isEqualTo(before);
        assertThat(Files.isDirectory(layer, LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hugeHeaders")
    void hugeOrLyingHeadersAreRefused(String name, byte[] tar) throws Exception {
        var before = snapshotOutsideLayer();

        Throwable thrown = null;
        try {
            new TarUnpacker(layer).unpack(new ByteArrayInputStream(tar));
        } catch (io.berth.common.InvalidArgumentException | IOException e) {
            thrown = e;
        }

        assertThat(thrown).as("a truncated or lying header is an error").isNotNull();
        assertThat(snapshotOutsideLayer()).isEqualTo(before);
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> hugeHeaders() throws IOException {
        return Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("pax record claiming 2 GB",
                        rawEntry(TarConstants.LF_PAX_EXTENDED_HEADER_LC, "PaxHeaders/x", 1 << 20,
                                "2000000000 path=" + "a".repeat(100) + "\n")),
                org.junit.jupiter.params.provider.Arguments.of("pax header claiming 8 GB of records",
                        rawEntry(TarConstants.LF_PAX_EXTENDED_HEADER_LC, "PaxHeaders/x", 077777777777L,
                                "30 path=aaaaaaaaaaaaaaaaaaaaa\n")),
                org.junit.jupiter.params.provider.Arguments.of("GNU long name claiming 8 GB",
                        rawEntry(TarConstants.LF_GNUTYPE_LONGNAME, "././@LongLink", 077777777777L, "x".repeat(1000))),
                org.junit.jupiter.params.provider.Arguments.of("file claiming more bytes than there are",
                        rawEntry(TarConstants.LF_NORMAL, "big", 077777777777L, "short")));
    }

    /** A tar of one header block (ustar, checksum right) declaring {@code size}, followed by {@code data} and EOF. */
    private static byte[] rawEntry(byte type, String name, long size, String data) {
        byte[] header = new byte[512];
        put(header, 0, name);
        put(header, 100, "0000644\0");
        put(header, 108, "0000000\0");
        put(header, 116, "0000000\0");
        put(header, 124, String.format("%011o\0", size));
        put(header, 136, "00000000000\0");
        header[156] = type;
        put(header, 257, "ustar\0");
        put(header, 263, "00");
        java.util.Arrays.fill(header, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o\0 ", sum));
        var out = new ByteArrayOutputStream();
        out.writeBytes(header);
        out.writeBytes(data.getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static void put(byte[] block, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, block, offset, bytes.length);
    }

    private byte[] tar(List<Entry> entries) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry e : entries) {
                String target = e.target() == null ? null : e.target().replace("OUTSIDE", outside.toString());
                switch (e.type()) {
                    case 'f' -> {
                        var entry = new TarArchiveEntry(e.name(), true);
                        byte[] content = target.getBytes(StandardCharsets.UTF_8);
                        entry.setSize(content.length);
                        entry.setMode(0100644);
                        tar.putArchiveEntry(entry);
                        tar.write(content);
                    }
                    case 'd' -> {
                        var entry = new TarArchiveEntry(e.name(), TarConstants.LF_DIR, true);
                        entry.setMode(040755);
                        tar.putArchiveEntry(entry);
                    }
                    case 'l' -> {
                        var entry = new TarArchiveEntry(e.name(), TarConstants.LF_SYMLINK, true);
                        entry.setLinkName(target);
                        tar.putArchiveEntry(entry);
                    }
                    case 'h' -> {
                        var entry = new TarArchiveEntry(e.name(), TarConstants.LF_LINK, true);
                        entry.setLinkName(target);
                        tar.putArchiveEntry(entry);
                    }
                    default -> {
                        var entry = new TarArchiveEntry(e.name(), e.type() == 'b' ? TarConstants.LF_BLK : TarConstants.LF_CHR, true);
                        entry.setDevMajor(e.type() == 'b' ? 8 : 1);
                        entry.setDevMinor(e.type() == 'b' ? 0 : 3);
                        entry.setMode(0600);
                        tar.putArchiveEntry(entry);
                    }
                }
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** Every path of the sandbox outside the layer directory, with its kind and content. */
    private Map<String, String> snapshotOutsideLayer() throws IOException {
        var map = new TreeMap<String, String>();
        var parent = sandbox.getParent();
        try (Stream<Path> siblings = Files.list(parent)) {
            map.put("(siblings of the sandbox)", String.valueOf(siblings.filter(p -> p.getFileName().toString()
                    .startsWith(sandbox.getFileName().toString().substring(0, 5))).count()));
        }
        try (Stream<Path> walk = Files.walk(sandbox)) {
            for (Path p : walk.filter(p -> !p.startsWith(layer)).toList()) {
                String kind = Files.isSymbolicLink(p) ? "link:" + Files.readSymbolicLink(p)
                        : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir"
                        : Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? "file:" + Files.readString(p) + ":"
                                + Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS)
                        : "other";
                map.put(sandbox.relativize(p).toString(), kind);
            }
        }
        var list = new ArrayList<String>();
        map.forEach((k, v) -> list.add(k + "=" + v));
        return map;
    }
}
