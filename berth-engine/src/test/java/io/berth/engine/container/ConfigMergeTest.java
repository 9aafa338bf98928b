package io.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.model.ContainerConfig;
import io.berth.api.model.HealthConfig;
import io.berth.api.model.ImageConfig;
import io.berth.common.InvalidArgumentException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigMergeTest {
    private static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static final ImageConfig BUSYBOX = ImageConfig.builder()
            .env(List.of(PATH))
            .cmd(List.of("sh"))
            .build();

    private static final ImageConfig NGINX = ImageConfig.builder()
            .env(List.of(PATH, "NGINX_VERSION=1.25.3"))
            .entrypoint(List.of("/docker-entrypoint.sh"))
            .cmd(List.of("nginx", "-g", "daemon off;"))
            .workingDir("/usr/share/nginx")
            .user("nginx")
            .stopSignal("SIGQUIT")
            .exposedPorts(Map.of("80/tcp", Map.of()))
            .labels(Map.of("maintainer", "NGINX", "tier", "image"))
            .build();

    @Test
    void anEmptyRequestTakesTheImageDefaults() {
        var merged = ConfigMerge.merge(ContainerConfig.builder().image("nginx").build(), NGINX, "e91ad77b7637");

        assertThat(merged.env()).containsExactly(PATH, "NGINX_VERSION=1.25.3");
        assertThat(merged.entrypoint()).containsExactly("/docker-entrypoint.sh");
        assertThat(merged.cmd()).containsExactly("nginx", "-g", "daemon off;");
        assertThat(merged.workingDir()).isEqualTo("/usr/share/nginx");
        assertThat(merged.user()).isEqualTo("nginx");
        assertThat(merged.stopSignal()).isEqualTo("SIGQUIT");
        assertThat(merged.exposedPorts()).containsOnlyKeys("80/tcp");
        assertThat(merged.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("maintainer", "NGINX", "tier", "image"));
        assertThat(merged.hostname()).isEqualTo("e91ad77b7637");
        assertThat(merged.domainname()).isEmpty();
        assertThat(merged.image()).isEqualTo("nginx");
    }

    @Test
    void imageEnvIsMergedByKeyWithTheRequestFirstAsDockerOrdersIt() {
        var request = ContainerConfig.builder().env(List.of("NGINX_VERSION=custom", "A=b")).build();

        var merged = ConfigMerge.merge(request, NGINX, "h");

        assertThat(merged.env()).containsExactly("NGINX_VERSION=custom", "A=b", PATH);
    }

    @Test
    void aRepeatedRequestVariableKeepsItsPlaceAndItsLastValue() {
        var request = ContainerConfig.builder().env(List.of("A=1", "B=2", "A=3")).build();

        var merged = ConfigMerge.merge(request, BUSYBOX, "h");

        assertThat(merged.env()).containsExactly("A=3", "B=2", PATH);
    }

    @Test
    void aVariableWithoutValueStillOverridesByKey() {
        var request = ContainerConfig.builder().env(List.of("PATH")).build();

        var merged = ConfigMerge.merge(request, BUSYBOX, "h");

        assertThat(merged.env()).containsExactly("PATH");
    }

    @Test
    void noEnvAnywhereIsAnEmptyList() {
        var merged = ConfigMerge.merge(ContainerConfig.builder().build(), ImageConfig.builder().cmd(List.of("x")).build(),
                "h");

        assertThat(merged.env()).isEmpty();
    }

    @Test
    void anEnvEntryWithoutAKeyIsInvalid() {
        var request = ContainerConfig.builder().env(List.of("=oops")).build();

        assertThatThrownBy(() -> ConfigMerge.merge(request, BUSYBOX, "h"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid environment variable: =oops");
    }

    @Test
    void aRequestCmdOverridesTheImageCmdAndKeepsTheImageEntrypoint() {
        var request = ContainerConfig.builder().cmd(List.of("nginx-debug")).build();

        var merged = ConfigMerge.merge(request, NGINX, "h");

        assertThat(merged.entrypoint()).containsExactly("/docker-entrypoint.sh");
        assertThat(merged.cmd()).containsExactly("nginx-debug");
        assertThat(ConfigMerge.argv(merged)).containsExactly("/docker-entrypoint.sh", "nginx-debug");
    }

    @Test
    void anEmptyRequestCmdTakesTheImageCmd() {
        var request = ContainerConfig.builder().cmd(List.of()).build();

        var merged = ConfigMerge.merge(request, BUSYBOX, "h");

        assertThat(merged.cmd()).containsExactly("sh");
    }

    @Test
    void aRequestEntrypointClearsTheImageCmd() {
        var request = ContainerConfig.builder().entrypoint(List.of("/bin/echo")).build();

        var merged = ConfigMerge.merge(request, NGINX, "h");

        assertThat(merged.entrypoint()).containsExactly("/bin/echo");
        assertThat(merged.cmd()).isNull();
        assertThat(ConfigMerge.argv(merged)).containsExactly("/bin/echo");
    }

    @Test
    void aRequestEntrypointAndCmdAreBothUsed() {
        var request = ContainerConfig.builder().entrypoint(List.of("/bin/echo")).cmd(List.of("hi", "there")).build();

        var merged = ConfigMerge.merge(request, NGINX, "h");

        assertThat(ConfigMerge.argv(merged)).containsExactly("/bin/echo", "hi", "there");
    }

    @Test
    void entrypointOfAnEmptyStringClearsTheImageEntrypointAndCmd() {
        var request = ContainerConfig.builder().entrypoint(List.of("")).cmd(List.of("nginx", "-v")).build();

        var merged = ConfigMerge.merge(request, NGINX, "h");

        assertThat(merged.entrypoint()).isNull();
        assertThat(ConfigMerge.argv(merged)).containsExactly("nginx", "-v");
    }

    @Test
    void entrypointOfAnEmptyStringWithoutCmdLeavesNoCommand() {
        var request = ContainerConfig.builder().entrypoint(List.of("")).build();

        var merged = ConfigMerge.merge(request, NGINX, "h");

        assertThat(merged.entrypoint()).isNull();
        assertThat(merged.cmd()).isNull();
        assertThatThrownBy(() -> ConfigMerge.argv(merged))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("no command specified");
    }

    @Test
    void anEmptyEntrypointListDropsTheImageEntrypointButKeepsItsCmd() {
        var request = ContainerConfig.builder().entrypoint(List.of()).build();

        var merged = ConfigMerge.merge(request, NGINX, "h");

        assertThat(merged.entrypoint()).isNull();
        assertThat(ConfigMerge.argv(merged)).containsExactly("nginx", "-g", "daemon off;");
    }

    @Test
    void argvWithNothingToRunIsNoCommandSpecified() {
        var merged = ConfigMerge.merge(ContainerConfig.builder().build(), ImageConfig.builder().build(), "h");

        assertThatThrownBy(() -> ConfigMerge.argv(merged))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("no command specified");
    }

    @Test
    void labelsAreMergedWithTheRequestWinning() {
        var request = ContainerConfig.builder().labels(Map.of("tier", "web", "team", "a")).build();

        var merged = ConfigMerge.merge(request, NGINX, "h");

        assertThat(merged.labels()).containsExactlyInAnyOrderEntriesOf(
                Map.of("maintainer", "NGINX", "tier", "web", "team", "a"));
    }

    @Test
    void labelsAreNeverNull() {
        var merged = ConfigMerge.merge(ContainerConfig.builder().build(), BUSYBOX, "h");

        assertThat(merged.labels()).isNotNull().isEmpty();
    }

    @Test
    void exposedPortsAndVolumesAreUnited() {
        var request = ContainerConfig.builder()
                .exposedPorts(Map.of("443/tcp", Map.of()))
                .volumes(Map.of("/data", Map.of()))
                .build();

        var merged = ConfigMerge.merge(request, NGINX, "h");

        assertThat(merged.exposedPorts()).containsOnlyKeys("80/tcp", "443/tcp");
        assertThat(merged.volumes()).containsOnlyKeys("/data");
    }

    @Test
    void noPortsOrVolumesAnywhereStayNull() {
        var merged = ConfigMerge.merge(ContainerConfig.builder().build(), BUSYBOX, "h");

        assertThat(merged.exposedPorts()).isNull();
        assertThat(merged.volumes()).isNull();
    }

    @Test
    void requestValuesWinOverImageValues() {
        var request = ContainerConfig.builder()
                .workingDir("/tmp").user("1000:1000").stopSignal("SIGTERM").hostname("web").domainname("example.com")
                .build();

        var merged = ConfigMerge.merge(request, NGINX, "e91ad77b7637");

        assertThat(merged.workingDir()).isEqualTo("/tmp");
        assertThat(merged.user()).isEqualTo("1000:1000");
        assertThat(merged.stopSignal()).isEqualTo("SIGTERM");
        assertThat(merged.hostname()).isEqualTo("web");
        assertThat(merged.domainname()).isEqualTo("example.com");
    }

    @Test
    void missingUserAndWorkingDirAreEmptyStrings() {
        var merged = ConfigMerge.merge(ContainerConfig.builder().build(), BUSYBOX, "h");

        assertThat(merged.user()).isEmpty();
        assertThat(merged.workingDir()).isEmpty();
        assertThat(merged.stopSignal()).isNull();
    }

    @Test
    void theImageHealthcheckIsUsedUnlessTheRequestHasOne() {
        var imageCheck = HealthConfig.builder().test(List.of("CMD", "true")).build();
        var requestCheck = HealthConfig.builder().test(List.of("NONE")).build();
        var image = BUSYBOX.toBuilder().healthcheck(imageCheck).build();

        var inherited = ConfigMerge.merge(ContainerConfig.builder().build(), image, "h");
        var overridden = ConfigMerge.merge(ContainerConfig.builder().healthcheck(requestCheck).build(), image, "h");

        assertThat(inherited.healthcheck()).isEqualTo(imageCheck);
        assertThat(overridden.healthcheck()).isEqualTo(requestCheck);
    }

    @Test
    void streamFlagsDefaultToFalse() {
        var merged = ConfigMerge.merge(ContainerConfig.builder().attachStdout(true).tty(true).build(), BUSYBOX, "h");

        assertThat(merged.attachStdout()).isTrue();
        assertThat(merged.tty()).isTrue();
        assertThat(merged.attachStdin()).isFalse();
        assertThat(merged.attachStderr()).isFalse();
        assertThat(merged.openStdin()).isFalse();
        assertThat(merged.stdinOnce()).isFalse();
    }
}
