package io.berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.InvalidArgumentException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildContextTest {
    @TempDir
    Path work;

    private static byte[] tar(Map<String, String> files, boolean gzip) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (OutputStream out = gzip ? new GzipCompressorOutputStream(bytes) : bytes;
             var tar = new TarArchiveOutputStream(out)) {
            for (var f : files.entrySet()) {
                byte[] content = f.getValue().getBytes(StandardCharsets.UTF_8);
                var entry = new TarArchiveEntry(f.getKey());
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void unpacksAGzippedContextAndDropsWhatDockerignoreExcludes() throws IOException {
        var files = new LinkedHashMap<String, String>();
        files.put("build/Dockerfile.dev", "FROM busybox\n");
        files.put(".dockerignore", "*.log\nsecret/\n!secret/public\n");
        files.put("app.log", "l");
        files.put("src/main.c", "int main;");
        files.put("secret/key", "k");
        files.put("secret/public", "p");

        var context = BuildContext.extract(new ByteArrayInputStream(tar(files, true)), "build/Dockerfile.dev", work);

        assertThat(new String(context.dockerfile(), StandardCharsets.UTF_8)).isEqualTo("FROM busybox\n");
        assertThat(context.root().resolve("src/main.c")).hasContent("int main;");
        assertThat(context.root().resolve("app.log")).doesNotExist();
        assertThat(context.root().resolve("secret/key")).doesNotExist();
        assertThat(context.root().resolve("secret/public")).exists();
    }

    @Test
    void aBodyThatIsNoTarIsTheDockerfile() {
        var context = BuildContext.extract(new ByteArrayInputStream("FROM busybox\nRUN true\n"
                .getBytes(StandardCharsets.UTF_8)), "Dockerfile", work);

        assertThat(new String(context.dockerfile(), StandardCharsets.UTF_8)).startsWith("FROM busybox");
    }

    @Test
    void missingDockerfileAndEntriesOutsideAreRefused() throws IOException {
        assertThatThrownBy(() -> BuildContext.extract(new ByteArrayInputStream(tar(Map.of("a", "a"), false)),
                "Dockerfile", work.resolve("one"))).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Cannot locate specified Dockerfile: Dockerfile");
        assertThatThrownBy(() -> BuildContext.extract(new ByteArrayInputStream(tar(Map.of("../evil", "x"), false)),
                "Dockerfile", work.resolve("two"))).hasMessageContaining("is outside of it");
        assertThat(Files.exists(work.resolve("evil"))).isFalse();
    }

    @Test
    void aDockerfileOrDockerignoreLinkedOutsideTheContextIsNotReadFromTheHost() throws IOException {
        Path secret = Files.writeString(work.resolve("host-secret"), "FROM host-secret\n");
        Path repo = Files.createDirectories(work.resolve("checkout"));
        Files.createSymbolicLink(repo.resolve("Dockerfile"), secret);
        Files.createSymbolicLink(repo.resolve(".dockerignore"), secret);
        Files.createDirectories(repo.resolve("docker"));
        Files.writeString(repo.resolve("docker/real"), "FROM inside\n");
        Files.createSymbolicLink(repo.resolve("docker/Dockerfile"), Path.of("/docker/real")); // absolute: in the context

        assertThatThrownBy(() -> BuildContext.fromRoot(repo, "Dockerfile")).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Cannot locate specified Dockerfile: Dockerfile");
        var inside = BuildContext.fromRoot(repo, "docker/Dockerfile");

        assertThat(new String(inside.dockerfile(), StandardCharsets.UTF_8)).isEqualTo("FROM inside\n");
        assertThat(inside.ignore().isEmpty()).isTrue();
    }

    @Test
    void goQuoteAndShortIds() {
        assertThat(Build.goQuote(java.util.List.of("sh", "-c", "echo \"hi\""))).isEqualTo("[\"sh\" \"-c\" \"echo \\\"hi\\\"\"]");
        assertThat(Build.shortId("sha256:0123456789abcdef")).isEqualTo("0123456789ab");
        assertThat(Build.shortId("")).isEmpty();
    }
}
