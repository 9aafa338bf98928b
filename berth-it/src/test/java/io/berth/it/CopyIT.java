package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.model.ArchiveOptions;
import io.berth.api.model.RemoveOptions;
import io.berth.api.model.StopOptions;
import io.berth.api.model.WaitCondition;
import io.berth.client.BerthClient;
import io.berth.common.InternalException;
import io.berth.common.InvalidArgumentException;
import io.berth.common.NotFoundException;
import io.berth.testing.BerthdExtension;
import io.berth.testing.RequiresRoot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code cp} and {@code /containers/{id}/archive} with real containers: both ways, running and
 * stopped, volumes and read-only places, and a container that does its best to make Berth read or
 * write the host's files: links to {@code /} and up the tree, and one swapping a directory for such
 * a link while copies run.
 */
@RequiresRoot
class CopyIT {
    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    static Path canaryDir;

    @BeforeAll
    static void setUp() throws IOException {
        berthd.bootstrapBusybox();
        // a host directory with a secret a container must never reach through Berth
        canaryDir = Files.createDirectories(berthd.root().resolve("canary"));
        Files.writeString(canaryDir.resolve("secret"), "host secret\n");
    }

    private static BerthClient client() {
        return berthd.client();
    }

    private static String running(String name, String script) {
        String id = Containers.create(client(), name, "sh", "-c", script + "; touch /ready; exec sleep 1000");
        client().containers().start(id);
        org.awaitility.Awaitility.await().ignoreExceptions().until(() -> client().files().stat(id, "/ready") != null);
        return id;
    }

    private static void remove(String id) {
        client().containers().remove(id, new RemoveOptions(true, true));
    }

    private static String exec(String id, String... cmd) {
        var args = new ArrayList<>(List.of("exec", id));
        args.addAll(List.of(cmd));
        var result = berthd.berth(args.toArray(String[]::new));
        return result.out() + result.err();
    }

    /** The entries of a tar (name, or name -> link), and the content of the regular files. */
    private static List<String> entries(byte[] tar) throws IOException {
        var out = new ArrayList<String>();
        try (var in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                out.add(e.getName() + (e.isSymbolicLink() ? " -> " + e.getLinkName()
                        : e.isFile() && !e.isLink() ? " = " + new String(in.readAllBytes(), StandardCharsets.UTF_8).strip()
                        : ""));
            }
        }
        return out;
    }

    private static byte[] get(String id, String path) throws IOException {
        try (var archive = client().files().archive(id, path)) {
            return archive.tar().readAllBytes();
        }
    }

    private static byte[] tarOf(String name, String content) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var out = new TarArchiveOutputStream(bytes)) {
            var e = new TarArchiveEntry(name);
            e.setSize(content.length());
            out.putArchiveEntry(e);
            out.write(content.getBytes(StandardCharsets.UTF_8));
            out.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    private static void put(String id, String path, byte[] tar) {
        client().files().extract(id, new ArchiveOptions(path, true, false), out -> out.write(tar));
    }

    @Test
    void anUploadedTarMayBeCompressedWithGzipBzip2OrXz() throws IOException {
        String id = running("cp-compressed", "mkdir -p /in/gz /in/bzip2 /in/xz");
        byte[] tar = tarOf("packed.txt", "unpacked\n");
        var compressed = new java.util.LinkedHashMap<String, byte[]>();
        for (String format : List.of("gz", "bzip2", "xz")) {
            var bytes = new ByteArrayOutputStream();
            try (var out = new org.apache.commons.compress.compressors.CompressorStreamFactory()
                    .createCompressorOutputStream(format, bytes)) {
                out.write(tar);
            } catch (org.apache.commons.compress.compressors.CompressorException e) {
                throw new IOException(e);
            }
            compressed.put(format, bytes.toByteArray());
        }

        for (var entry : compressed.entrySet()) {
            client().files().extract(id, new ArchiveOptions("/in/" + entry.getKey(), true, false), out -> out.write(entry.getValue()));
        }

        for (String format : compressed.keySet()) {
            assertThat(exec(id, "cat", "/in/" + format + "/packed.txt")).as(format).isEqualTo("unpacked\n");
        }
        remove(id);
    }

    @Test
    void cpCopiesFilesAndDirectoriesBothWaysWithDockersPathRules() throws IOException {
        String id = running("cp-both", "mkdir -p /srv/tree/sub && echo one > /srv/tree/one && echo two > /srv/tree/sub/two"
                + " && ln -s one /srv/tree/link");
        Path local = Files.createDirectories(berthd.root().resolve("cp-both"));
        Path upload = Files.createDirectories(local.resolve("upload/inner"));
        Files.writeString(upload.resolve("../top.txt"), "top\n");
        Files.writeString(upload.resolve("deep.txt"), "deep\n");

        var dirOut = berthd.berth("cp", "cp-both:/srv/tree", local.resolve("tree-copy").toString());
        var contentsOut = berthd.berth("cp", "cp-both:/srv/tree/.", local.resolve("contents").toString());
        var fileOut = berthd.berth("cp", "cp-both:/srv/tree/sub/two", local.toString());
        var linkOut = berthd.berth("cp", "cp-both:/srv/tree/link", local.resolve("as-link").toString());
        var followed = berthd.berth("cp", "-L", "cp-both:/srv/tree/link", local.resolve("followed").toString());
        var dirIn = berthd.berth("cp", local.resolve("upload").toString(), "cp-both:/srv/up");
        var fileIn = berthd.berth("cp", upload.resolve("../top.txt").toString(), "cp-both:/srv/renamed.txt");
        var intoDir = berthd.berth("cp", upload.resolve("../top.txt").toString(), "cp-both:/srv/tree/");
        var missingParent = berthd.berth("cp", upload.resolve("../top.txt").toString(), "cp-both:/nope/x");
        var missingSource = berthd.berth("cp", "cp-both:/nope", local.toString());
        var noContainer = berthd.berth("cp", "nosuch:/etc", local.toString());
        var both = berthd.berth("cp", "cp-both:/a", "cp-both:/b");
        var neither = berthd.berth("cp", "a", "b");
        var dirOverFile = berthd.berth("cp", local.resolve("upload").toString(), "cp-both:/srv/renamed.txt");

        assertThat(dirOut.exitCode()).as(dirOut.err()).isZero();
        assertThat(local.resolve("tree-copy/one")).hasContent("one");
        assertThat(local.resolve("tree-copy/sub/two")).hasContent("two");
        assertThat(Files.readSymbolicLink(local.resolve("tree-copy/link"))).isEqualTo(Path.of("one"));
        assertThat(contentsOut.exitCode()).as(contentsOut.err()).isZero();
        assertThat(local.resolve("contents/one")).hasContent("one");
        assertThat(local.resolve("two")).hasContent("two");
        assertThat(Files.isSymbolicLink(local.resolve("as-link"))).isTrue();
        assertThat(followed.exitCode()).as(followed.err()).isZero();
        assertThat(local.resolve("followed")).isRegularFile().hasContent("one");
        assertThat(dirIn.exitCode()).as(dirIn.err()).isZero();
        assertThat(exec(id, "cat", "/srv/up/top.txt", "/srv/up/inner/deep.txt")).isEqualTo("top\ndeep\n");
        assertThat(fileIn.exitCode()).as(fileIn.err()).isZero();
        assertThat(exec(id, "cat", "/srv/renamed.txt")).isEqualTo("top\n");
        assertThat(exec(id, "cat", "/srv/tree/top.txt")).isEqualTo("top\n");
        assertThat(intoDir.exitCode()).isZero();
        assertThat(missingParent.exitCode()).isEqualTo(1);
        assertThat(missingParent.err()).isEqualTo("Error response from daemon: Could not find the file /nope in container cp-both\n");
        assertThat(missingSource.err()).isEqualTo("Error response from daemon: Could not find the file /nope in container cp-both\n");
        assertThat(noContainer.err()).isEqualTo("Error response from daemon: No such container: nosuch\n");
        assertThat(both.err()).isEqualTo("copying between containers is not supported\n");
        assertThat(neither.err()).isEqualTo("must specify at least one container source\n");
        assertThat(dirOverFile.err()).isEqualTo("cannot copy directory\n");
        remove(id);
    }

    @Test
    void theArchiveApiNamesEntriesAsDockerAndStatsPaths() throws IOException {
        String id = running("cp-api", "mkdir -p /d/s && echo x > /d/f && ln -s /d /dl");

        var dir = entries(get(id, "/d"));
        var contents = entries(get(id, "/d/."));
        var viaLink = entries(get(id, "/dl/"));
        var link = entries(get(id, "/dl"));
        var stat = client().files().stat(id, "/dl");
        var dirStat = client().files().stat(id, "/d/");

        assertThat(dir).containsExactly("d/", "d/f = x", "d/s/");
        assertThat(contents).containsExactly("./", "./f = x", "./s/");
        assertThat(viaLink).containsExactly("dl/", "dl/f = x", "dl/s/");
        assertThat(link).containsExactly("dl -> /d");
        assertThat(stat.isSymlink()).isTrue();
        assertThat(stat.linkTarget()).isEqualTo("/d");
        assertThat(stat.name()).isEqualTo("dl");
        assertThat(dirStat.isDirectory()).isTrue();
        assertThat(dirStat.name()).isEqualTo("d");
        assertThat(dirStat.mode() & 0777).isEqualTo(0755);
        assertThatThrownBy(() -> client().files().stat(id, "/missing")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> put(id, "/d/f", tarOf("x", "y"))).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("extraction point is not a directory");
        assertThatThrownBy(() -> put(id, "/d", tarOf("s", "file over dir"))).isInstanceOf(InternalException.class)
                .hasMessage("cannot overwrite directory \"/d/s\" with non-directory \"/d\"");
        remove(id);
    }

    @Test
    void stoppedContainersAreCopiedToAndFromAndLeaveNothingMounted() throws IOException {
        String created = Containers.create(client(), "cp-created", "cat", "/copied-in");
        String exited = Containers.create(client(), "cp-exited", "sh", "-c", "echo made > /made");
        client().containers().start(exited);
        client().containers().await(exited, WaitCondition.NOT_RUNNING);

        put(created, "/", tarOf("copied-in", "before start\n"));
        var fromExited = entries(get(exited, "/made"));
        client().containers().start(created);
        client().containers().await(created, WaitCondition.NOT_RUNNING);

        assertThat(Containers.logs(client(), created).stdout()).isEqualTo("before start\n");
        assertThat(fromExited).containsExactly("made = made");
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(created).doesNotContain(exited);
        remove(created);
        remove(exited);
    }

    @Test
    void volumesAndBindsAreSeenWhereTheyAreMountedAndReadOnlyPlacesRefuseWrites() throws IOException {
        Path bind = Files.createDirectories(berthd.root().resolve("cp-bind"));
        Files.writeString(bind.resolve("from-host"), "bound\n");
        String id = client().containers().create(Optional.of("cp-vol"), Containers.request("busybox",
                List.of("sleep", "1000"), h -> h.binds(List.of("cpvol:/vol", bind + ":/bound:ro"))
                        .readonlyRootfs(true))).id();
        client().containers().start(id);

        put(id, "/vol", tarOf("in-volume", "v\n"));
        var fromBind = entries(get(id, "/bound/from-host"));
        var hosts = entries(get(id, "/etc/hosts"));

        assertThat(berthd.dataRoot().resolve("volumes/cpvol/_data/in-volume")).hasContent("v");
        assertThat(fromBind).containsExactly("from-host = bound");
        assertThat(hosts.getFirst()).startsWith("hosts = ").contains("127.0.0.1");
        assertThatThrownBy(() -> put(id, "/bound", tarOf("x", "y"))).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("mounted volume is marked read-only");
        assertThatThrownBy(() -> put(id, "/tmp", tarOf("x", "y"))).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("container rootfs is marked read-only");
        assertThat(bind.resolve("x")).doesNotExist();
        remove(id);
        client().volumes().remove("cpvol", false);
    }

    @Test
    void linksToTheRootOrUpTheTreeNeverReachTheHost() throws IOException {
        String canary = canaryDir.toString();
        String id = running("cp-escape", "ln -s / /escape && ln -s ../../../../../../.. /up && mkdir -p /deep/a"
                + " && ln -s ../../../../../../../.. /deep/a/up && ln -s " + canary + "/secret /hostlink"
                + " && ln -s /proc/self/root /procroot");

        for (String path : List.of("/escape" + canary + "/secret", "/up" + canary + "/secret",
                "/deep/a/up" + canary + "/secret", "/hostlink/", "/procroot" + canary + "/secret")) {
            assertThatThrownBy(() -> get(id, path)).as(path).isInstanceOf(NotFoundException.class)
                    .hasMessage("Could not find the file " + path + " in container " + id);
        }
        for (String dir : List.of("/escape" + canary, "/up" + canary, "/procroot" + canary)) {
            assertThatThrownBy(() -> put(id, dir, tarOf("planted", "bad"))).as(dir)
                    .isInstanceOf(NotFoundException.class);
        }
        // an archive that brings its own link to / and writes through it stays in the container
        var bytes = new ByteArrayOutputStream();
        try (var out = new TarArchiveOutputStream(bytes)) {
            var link = new TarArchiveEntry("to-root", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("/");
            out.putArchiveEntry(link);
            out.closeArchiveEntry();
            var through = new TarArchiveEntry("to-root" + canary + "/planted");
            through.setSize(3);
            out.putArchiveEntry(through);
            out.write("bad".getBytes());
            out.closeArchiveEntry();
        }
        put(id, "/tmp", bytes.toByteArray());
        var stat = client().files().stat(id, "/up");

        try (var files = Files.list(canaryDir)) {
            assertThat(files).containsExactly(canaryDir.resolve("secret"));
        }
        assertThat(exec(id, "cat", canary + "/planted")).isEqualTo("bad");
        assertThat(stat.linkTarget()).isEqualTo("/");
        remove(id);
    }

    @Test
    void aContainerSwappingADirectoryForALinkToTheRootWhileCopiesRunNeverReachesTheHost() throws Exception {
        String canary = canaryDir.toString();
        // the container flips /race/d between a real tree (with the canary's path inside) and a link to /
        String id = running("cp-race", "mkdir -p /race && while true; do rm -rf /race/d; mkdir -p /race/d" + canary
                + " && echo inside > /race/d" + canary + "/secret; rm -rf /race/d; ln -s / /race/d; done &"
                + " true");
        var seen = new ArrayList<String>();
        var wrote = new AtomicInteger();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int rounds = 0;
        while (rounds < 300 && System.nanoTime() < deadline) {
            rounds++;
            try {
                for (String entry : entries(get(id, "/race/d" + canary))) {
                    seen.add(entry);
                }
            } catch (NotFoundException | InternalException | IOException e) {
                // the tree was not there at that moment: fine
            }
            try {
                put(id, "/race/d" + canary, tarOf("planted-" + rounds, "bad"));
                wrote.incrementAndGet();
            } catch (NotFoundException | InternalException | InvalidArgumentException e) {
                // idem
            }
        }

        assertThat(seen).as("what the copies read").noneMatch(e -> e.contains("host secret"));
        assertThat(Files.readString(canaryDir.resolve("secret"))).isEqualTo("host secret\n");
        try (var files = Files.list(canaryDir)) {
            assertThat(files).containsExactly(canaryDir.resolve("secret"));
        }
        assertThat(rounds).isPositive();
        // the race was run: some copies met the container's real tree (else this test would prove nothing)
        assertThat(seen.stream().anyMatch(e -> e.endsWith("= inside")) || wrote.get() > 0)
                .as("read %s, wrote %d times in %d rounds", seen, wrote.get(), rounds).isTrue();
        client().containers().stop(id, new StopOptions(Optional.of(Duration.ofSeconds(1)), Optional.empty()));
        remove(id);
    }
}
