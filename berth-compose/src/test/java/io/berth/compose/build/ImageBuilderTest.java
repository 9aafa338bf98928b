package io.berth.compose.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.compose.loader.LoadOptions;
import io.berth.compose.loader.ProjectLoader;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code POST /build} is sent for a service: the query and the context tar. */
class ImageBuilderTest {
    @TempDir
    Path dir;

    @Test
    void queryCarriesTheBuildSection() throws Exception {
        Files.writeString(dir.resolve("compose.yaml"), """
                services:
                  api:
                    build:
                      context: ./app
                      dockerfile: docker/Dockerfile.prod
                      args: {VERSION: "1.2", FROM_ENV: null}
                      labels: [team=core]
                      target: runtime
                      tags: [registry.local/api:1.2]
                      shm_size: 64m
                      extra_hosts: ["db=10.0.0.2"]
                """);
        var project = ProjectLoader.load(LoadOptions.in(dir, Map.of("FROM_ENV", "yes")));

        String target = ImageBuilder.target(project, "api", "app-api", new ImageBuilder.Options(true, false,
                Map.of("EXTRA", "x")));

        assertThat(target).startsWith("/build?");
        List<String> params = Arrays.stream(target.substring("/build?".length()).split("&"))
                .map(p -> URLDecoder.decode(p, StandardCharsets.UTF_8)).toList();
        assertThat(params).containsExactly("dockerfile=docker/Dockerfile.prod", "t=app-api", "t=registry.local/api:1.2",
                "buildargs={\"FROM_ENV\":\"yes\",\"VERSION\":\"1.2\",\"EXTRA\":\"x\"}", "labels={\"team\":\"core\"}",
                "target=runtime", "shmsize=67108864", "extrahosts=db:10.0.0.2", "nocache=1", "rm=1");
    }

    @Test
    void inlineDockerfileIsAddedToTheContext() throws Exception {
        Files.writeString(dir.resolve("compose.yaml"), """
                services:
                  api:
                    build:
                      context: .
                      dockerfile_inline: |
                        FROM busybox
                        RUN echo hi
                """);
        var project = ProjectLoader.load(LoadOptions.in(dir, Map.of()));
        String target = ImageBuilder.target(project, "api", "x", ImageBuilder.Options.defaults());
        assertThat(target).contains("dockerfile=" + ImageBuilder.INLINE_DOCKERFILE);
    }

    @Test
    void contextTarHonoursDockerignore() throws Exception {
        Files.createDirectories(dir.resolve("src/deep"));
        Files.createDirectories(dir.resolve("node_modules/x"));
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\n");
        Files.writeString(dir.resolve("src/main.sh"), "echo hi\n");
        Files.writeString(dir.resolve("src/deep/notes.md"), "notes\n");
        Files.writeString(dir.resolve("src/keep.md"), "keep\n");
        Files.writeString(dir.resolve("node_modules/x/index.js"), "x\n");
        Files.writeString(dir.resolve("secret.env"), "x\n");
        Files.writeString(dir.resolve(".dockerignore"), "# comment\nnode_modules\n**/*.md\n!src/keep.md\n*.env\nDockerfile\n");
        Files.createSymbolicLink(dir.resolve("link"), Path.of("src/main.sh"));
        Files.writeString(dir.resolve("a".repeat(120)), "long\n");

        var out = new ByteArrayOutputStream();
        var names = ContextTar.write(dir, DockerIgnore.of(dir, "Dockerfile"), Map.of("extra", "e".getBytes()), out);

        assertThat(names).containsExactly(".dockerignore", "Dockerfile", "a".repeat(120), "link", "src", "src/deep", "src/keep.md",
                "src/main.sh", "extra");
        byte[] tar = out.toByteArray();
        assertThat(tar.length % 512).isZero();
        String text = new String(tar, StandardCharsets.ISO_8859_1);
        assertThat(text).contains("ustar", "path=" + "a".repeat(120), "echo hi", "src/main.sh");
        Path extracted = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-x"));
        var tarCmd = new ProcessBuilder("tar", "-xf", "-", "-C", extracted.toString()).redirectErrorStream(true).start();
        tarCmd.getOutputStream().write(tar);
        tarCmd.getOutputStream().close();
        String tarOutput = new String(tarCmd.getInputStream().readAllBytes());
        assertThat(tarCmd.waitFor()).as(tarOutput).isZero();
        assertThat(Files.readString(extracted.resolve("src/main.sh"))).isEqualTo("echo hi\n");
        assertThat(Files.readString(extracted.resolve("a".repeat(120)))).isEqualTo("long\n");
        assertThat(Files.readSymbolicLink(extracted.resolve("link"))).isEqualTo(Path.of("src/main.sh"));
        assertThat(Files.exists(extracted.resolve("node_modules"))).isFalse();
        assertThat(Files.readString(extracted.resolve("extra"))).isEqualTo("e");
    }
}
