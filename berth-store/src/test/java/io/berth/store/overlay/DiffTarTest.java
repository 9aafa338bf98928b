package io.berth.store.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiffTarTest {
    @TempDir
    Path upper;

    private Map<String, TarArchiveEntry> entries(byte[] tar) throws IOException {
        var out = new LinkedHashMap<String, TarArchiveEntry>();
        try (var in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                out.put(e.getName(), e);
            }
        }
        return out;
    }

    @Test
    void writesTheTreeInNameOrderWithLinksAndModes() throws IOException {
        Files.createDirectories(upper.resolve("b/sub"));
        Files.writeString(upper.resolve("b/sub/file"), "data");
        Files.writeString(upper.resolve("a"), "x");
        Files.createLink(upper.resolve("c-hard"), upper.resolve("a"));
        Files.createSymbolicLink(upper.resolve("d-link"), Path.of("/target"));
        io.berth.common.linux.Linux.chmod(upper.resolve("a").toString(), 04755);
        var bytes = new ByteArrayOutputStream();

        int count = DiffTar.write(upper, bytes, _ -> false, _ -> false);

        var entries = entries(bytes.toByteArray());
        assertThat(entries.keySet()).containsExactly("a", "b/", "b/sub/", "b/sub/file", "c-hard", "d-link");
        assertThat(count).isEqualTo(6);
        assertThat(entries.get("a").getMode() & 07777).isEqualTo(04755);
        assertThat(entries.get("b/sub/file").getSize()).isEqualTo(4);
        assertThat(entries.get("c-hard").isLink()).isTrue();
        assertThat(entries.get("c-hard").getLinkName()).isEqualTo("a");
        assertThat(entries.get("d-link").isSymbolicLink()).isTrue();
        assertThat(entries.get("d-link").getLinkName()).isEqualTo("/target");
    }

    @Test
    void leavesOutSkippedPathsAndCopyUpsMadeOnlyForThem() throws IOException {
        Files.createDirectories(upper.resolve("etc"));
        Files.writeString(upper.resolve("etc/hosts"), "");
        Files.createDirectories(upper.resolve("new/empty"));
        Files.createDirectories(upper.resolve("tmp"));
        Files.writeString(upper.resolve("tmp/kept"), "k");
        var bytes = new ByteArrayOutputStream();
        List<String> lower = new ArrayList<>(List.of("etc", "tmp"));

        DiffTar.write(upper, bytes, name -> name.equals("etc/hosts"), lower::contains);

        assertThat(entries(bytes.toByteArray()).keySet()).containsExactly("new/", "new/empty/", "tmp/", "tmp/kept");
    }

    @Test
    void anEmptyUpperDirectoryIsAnEmptyTar() throws IOException {
        var bytes = new ByteArrayOutputStream();

        assertThat(DiffTar.write(upper, bytes, _ -> false, _ -> false)).isZero();
        assertThat(new String(bytes.toByteArray(), StandardCharsets.ISO_8859_1).replace("\0", "")).isEmpty();
    }
}
