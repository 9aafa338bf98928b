package io.berth.cli.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.common.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {
    @TempDir
    Path dir;

    @Test
    void loginsAreKeptInConfigJsonAsTheDockerCliKeepsThem() throws Exception {
        Files.writeString(dir.resolve("config.json"), """
                {"auths": {"https://legacy.lan:5000/v1/": {"auth": "%s"}}, "psFormat": "table {{.ID}}"}
                """.formatted(Base64.getEncoder().encodeToString("old:pw".getBytes(StandardCharsets.UTF_8))));
        var credentials = new Credentials(dir);

        credentials.store(new Credentials.Login("me", "secret", "", "127.0.0.1:5000"));
        credentials.store(new Credentials.Login("hub", "pw", "", "docker.io"));
        var written = Json.tree(Files.readAllBytes(dir.resolve("config.json")));

        assertThat(written.path("auths").path("127.0.0.1:5000").path("auth").asText())
                .isEqualTo(Base64.getEncoder().encodeToString("me:secret".getBytes(StandardCharsets.UTF_8)));
        assertThat(written.path("auths").has(Credentials.DOCKER_HUB)).isTrue();
        assertThat(written.path("psFormat").asText()).isEqualTo("table {{.ID}}");
        assertThat(credentials.get("legacy.lan:5000")).get().extracting(Credentials.Login::username).isEqualTo("old");
        assertThat(credentials.get("https://127.0.0.1:5000")).get().extracting(Credentials.Login::password)
                .isEqualTo("secret");
        assertThat(credentials.get("quay.io")).isEmpty();
        var header = Json.tree(Base64.getUrlDecoder().decode(credentials.headerFor("busybox")));
        assertThat(header.path("username").asText()).isEqualTo("hub");
        assertThat(header.path("serveraddress").asText()).isEqualTo(Credentials.DOCKER_HUB);
        assertThat(credentials.headerFor("127.0.0.1:5000/app")).isNotEmpty();
        assertThat(credentials.headerFor("quay.io/app")).isEmpty();

        assertThat(credentials.erase("127.0.0.1:5000")).isTrue();
        assertThat(credentials.erase("127.0.0.1:5000")).isFalse();
        credentials.erase("docker.io");
        credentials.erase("legacy.lan:5000");
        assertThat(Files.readString(dir.resolve("config.json")))
                .isEqualTo("{\n\t\"auths\": {},\n\t\"psFormat\": \"table {{.ID}}\"\n}");
        assertThat(credentials.get("127.0.0.1:5000")).isEmpty();
    }

    @Test
    void registriesAreNamedAsDockerNamesThem() {
        assertThat(Credentials.key("docker.io")).isEqualTo(Credentials.DOCKER_HUB);
        assertThat(Credentials.key("https://index.docker.io/v1/")).isEqualTo(Credentials.DOCKER_HUB);
        assertThat(Credentials.key("http://Registry.lan:5000/v2/")).isEqualTo("registry.lan:5000");
        assertThat(Credentials.registryOf("busybox")).isEqualTo("docker.io");
        assertThat(Credentials.registryOf("library/busybox")).isEqualTo("docker.io");
        assertThat(Credentials.registryOf("localhost/app")).isEqualTo("localhost");
        assertThat(Credentials.registryOf("127.0.0.1:5000/a/b")).isEqualTo("127.0.0.1:5000");
    }
}
