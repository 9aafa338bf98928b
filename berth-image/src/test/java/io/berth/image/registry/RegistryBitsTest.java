package io.berth.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.InvalidArgumentException;
import io.berth.image.oci.Descriptor;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryBitsTest {
    @Test
    void loopbackAndConfiguredRegistriesAreInsecure() {
        var hosts = new RegistryHosts(List.of("10.1.0.0/16", "registry.lan:5000"));

        assertThat(hosts.base("127.0.0.1:5000").toString()).isEqualTo("http://127.0.0.1:5000");
        assertThat(hosts.base("127.9.9.9").toString()).isEqualTo("http://127.9.9.9");
        assertThat(hosts.base("localhost:5000").toString()).isEqualTo("http://localhost:5000");
        assertThat(hosts.base("10.1.2.3:443").toString()).isEqualTo("http://10.1.2.3:443");
        assertThat(hosts.base("registry.lan:5000").toString()).isEqualTo("http://registry.lan:5000");
        assertThat(hosts.base("10.2.0.1").toString()).isEqualTo("https://10.2.0.1");
        assertThat(hosts.base("quay.io").toString()).isEqualTo("https://quay.io");
        assertThat(hosts.base("docker.io").toString()).isEqualTo("https://registry-1.docker.io");
        assertThatThrownBy(() -> new RegistryHosts(List.of("http://x"))).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void aLoopbackOnlyDaemonRefusesOtherRegistriesBeforeAnyLookup() {
        var hosts = new RegistryHosts(List.of(), true);

        assertThat(hosts.base("127.0.0.1:5000").toString()).isEqualTo("http://127.0.0.1:5000");
        assertThat(hosts.base("localhost").toString()).isEqualTo("http://localhost");
        assertThatThrownBy(() -> hosts.base("docker.io")).isInstanceOf(io.berth.common.ForbiddenException.class)
                .hasMessageContaining("registry docker.io is not reachable");
        assertThatThrownBy(() -> hosts.base("10.0.0.1:5000")).isInstanceOf(io.berth.common.ForbiddenException.class);
    }

    @Test
    void xRegistryAuthIsBase64UrlJson() {
        String header = Base64.getUrlEncoder().encodeToString(
                "{\"username\":\"bob\",\"password\":\"p+/w\",\"serveraddress\":\"r\"}".getBytes(StandardCharsets.UTF_8));

        var auth = RegistryAuth.fromHeader(Optional.of(header));

        assertThat(auth.username()).isEqualTo("bob");
        assertThat(auth.password()).isEqualTo("p+/w");
        assertThat(auth.toString()).doesNotContain("p+/w");
        assertThat(RegistryAuth.fromHeader(Optional.of("e30=")).isAnonymous()).isTrue();
        assertThat(RegistryAuth.fromHeader(Optional.empty()).isAnonymous()).isTrue();
        assertThat(RegistryAuth.fromHeader(Optional.of(auth.toHeader()))).isEqualTo(auth);
        assertThatThrownBy(() -> RegistryAuth.fromHeader(Optional.of("!!!"))).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void platformsParseAndMatchAsDockerDoes() {
        assertThat(Platform.parse("linux/arm64/v8")).isEqualTo(new Platform("linux", "arm64", Optional.empty()));
        assertThat(Platform.parse("linux/arm/v7").toString()).isEqualTo("linux/arm/v7");
        assertThat(Platform.parse("linux/x86_64").architecture()).isEqualTo("amd64");
        assertThat(Platform.parse("linux/arm/v7").matches(new Descriptor.Platform("arm", "linux", "v6"))).isFalse();
        assertThat(Platform.parse("linux/arm64").matches(new Descriptor.Platform("arm64", "linux", "v8"))).isTrue();
        assertThat(Platform.parse("linux/amd64").matches(new Descriptor.Platform("amd64", "windows", null))).isFalse();
        assertThatThrownBy(() -> Platform.parse("linux//")).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void registryErrorsReadAsDockerPrintsThem() {
        byte[] body = "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"repository name not known to registry\"}]}"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(RegistryClient.errorText(body)).contains("name unknown: repository name not known to registry");
        assertThat(RegistryClient.errorText("not json".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void mirrorsAndCertsDirectories(@org.junit.jupiter.api.io.TempDir java.nio.file.Path certs) throws Exception {
        var hosts = new RegistryHosts(List.of(), true, java.util.Map.of("docker.io", List.of("http://127.0.0.1:5001/"),
                "127.0.0.1:5000", List.of("https://10.0.0.9", "http://127.0.0.2:80")), certs);
        java.nio.file.Files.createDirectories(certs.resolve("127.0.0.1:6000"));

        assertThat(hosts.mirrors("docker.io")).extracting(Object::toString).containsExactly("http://127.0.0.1:5001");
        // loopback-only: the off-machine mirror is dropped
        assertThat(hosts.mirrors("127.0.0.1:5000")).extracting(Object::toString).containsExactly("http://127.0.0.2:80");
        assertThat(hosts.mirrors("quay.io")).isEmpty();
        // a certs.d directory asks for TLS, verified, even on loopback
        assertThat(hosts.base("127.0.0.1:6000").toString()).isEqualTo("https://127.0.0.1:6000");
        assertThat(hosts.skipVerify("127.0.0.1:6000")).isFalse();
        assertThat(hosts.base("127.0.0.1:5000").toString()).isEqualTo("http://127.0.0.1:5000");
        assertThat(hosts.skipVerify("127.0.0.1:5000")).isTrue();
        assertThatThrownBy(() -> new RegistryHosts(List.of(), false, java.util.Map.of("docker.io", List.of("ftp://m")), certs))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("unsupported scheme");
        assertThat(RegistryClient.loginDomain("https://index.docker.io/v1/")).isEqualTo("docker.io");
        assertThat(RegistryClient.loginDomain("")).isEqualTo("docker.io");
        assertThat(RegistryClient.loginDomain("https://Registry.LAN:5000/v2/")).isEqualTo("registry.lan:5000");
    }
}
