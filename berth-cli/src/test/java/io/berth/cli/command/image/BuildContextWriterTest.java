package io.berth.cli.command.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildContextWriterTest {
    @TempDir
    Path dir;

    @Test
    void symbolicLinksGoAsLinksWithoutTheirTargetsAndIgnoredFilesStayBehind() throws IOException {
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\n");
        Files.writeString(dir.resolve("a.txt"), "a\n");
        Files.writeString(dir.resolve("debug.log"), "log\n");
        Files.writeString(dir.resolve(".dockerignore"), "*.log\n");
        Path outside = Files.writeString(dir.resolveSibling(dir.getFileName() + "-secret"), "secret\n");
        Files.createSymbolicLink(dir.resolve("link"), outside);
        Files.createDirectories(dir.resolve("sub"));
        Files.createSymbolicLink(dir.resolve("sub/rel"), Path.of("../a.txt"));

        var bytes = new ByteArrayOutputStream();
        BuildCommand.writeContext(dir, "Dockerfile", null, bytes);

        var entries = new LinkedHashMap<String, String>();
        try (var tar = new TarArchiveInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                entries.put(e.getName(), e.isSymbolicLink() ? "-> " + e.getLinkName()
                        : new String(tar.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(entries).containsExactlyInAnyOrderEntriesOf(Map.of(
                ".dockerignore", "*.log\n",
                "Dockerfile", "FROM busybox\n",
                "a.txt", "a\n",
                "link", "-> " + outside,
                "sub/", "",
                "sub/rel", "-> ../a.txt"));
        Files.delete(outside);
    }

    @Test
    void aContextThatFailedToWriteCutsTheUploadInsteadOfEndingIt() throws IOException {
        var failure = new java.util.concurrent.atomic.AtomicReference<IOException>();
        var fine = new BuildCommand.FailingAtEnd(new ByteArrayInputStream(new byte[] {1, 2}), failure);
        assertThat(fine.readAllBytes()).containsExactly(1, 2);

        failure.set(new java.nio.file.AccessDeniedException("/ctx/secret"));
        var cut = new BuildCommand.FailingAtEnd(new ByteArrayInputStream(new byte[] {1, 2}), failure);
        assertThat(cut.read()).isEqualTo(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(cut::readAllBytes).isInstanceOf(IOException.class)
                .hasMessage("error sending the build context: no permission to read from '/ctx/secret'");
    }
}
