package io.berth.compose.project;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.common.Json;
import io.berth.compose.loader.LoadOptions;
import io.berth.compose.loader.Project;
import io.berth.compose.loader.ProjectLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service's keys as the create request docker compose sends. */
class ContainerSpecsTest {
    @TempDir
    Path dir;

    private Project load(String yaml) throws Exception {
        Path p = Files.createDirectories(dir.resolve("shop"));
        Files.writeString(p.resolve("compose.yaml"), yaml);
        Files.writeString(p.resolve("token.txt"), "s3cret");
        return ProjectLoader.load(LoadOptions.in(p, Map.of()));
    }

    private static JsonNode request(Project project, String service) {
        var r = new ContainerSpecs(project).request(service, 1, false, "hash", s -> "shop-" + s + "-1");
        var node = Json.mapper().createObjectNode();
        node.set("Config", Json.mapper().valueToTree(r.config()));
        node.set("HostConfig", Json.mapper().valueToTree(r.hostConfig()));
        node.set("NetworkingConfig", Json.mapper().valueToTree(r.networkingConfig()));
        return node;
    }

    @Test
    void serviceKeysMapToTheCreateApi() throws Exception {
        var project = load("""
                services:
                  db:
                    image: busybox
                  web:
                    image: busybox:1.36
                    command: httpd -f -p 80
                    entrypoint: [/bin/sh, -c]
                    environment: {A: "1", UNSET: null}
                    labels: {tier: front}
                    hostname: web1
                    domainname: example.org
                    user: "1000:1000"
                    working_dir: /srv
                    tty: true
                    stdin_open: true
                    stop_signal: SIGQUIT
                    stop_grace_period: 1m30s
                    ports: ["127.0.0.1:8080:80", "9000/udp"]
                    expose: ["5001"]
                    volumes: [data:/data:ro, ./conf:/etc/conf, {type: tmpfs, target: /cache, tmpfs: {size: 1m}}]
                    tmpfs: ["/run:size=64k"]
                    restart: on-failure:3
                    healthcheck: {test: wget -q localhost, interval: 10s, timeout: 2s, retries: 3, start_period: 1m}
                    dns: [1.1.1.1]
                    dns_search: [example.org]
                    extra_hosts: ["gw:10.0.0.1"]
                    cap_add: [NET_ADMIN]
                    cap_drop: [MKNOD]
                    security_opt: [no-new-privileges:true]
                    privileged: false
                    read_only: true
                    init: true
                    shm_size: 64m
                    mem_limit: 256m
                    cpus: 0.5
                    pids_limit: 100
                    ulimits: {nofile: {soft: 1024, hard: 2048}, nproc: 64}
                    sysctls: {net.core.somaxconn: 1024}
                    logging: {driver: json-file, options: {max-size: 10m}}
                    secrets: [token]
                    volumes_from: [db:ro]
                    links: [db:database]
                    depends_on: {db: {condition: service_healthy, restart: true}}
                    networks:
                      front: {aliases: [www], ipv4_address: 10.5.0.10, priority: 10}
                      back: {}
                networks: {front: {}, back: {}}
                volumes: {data: {}}
                secrets: {token: {file: ./token.txt}}
                """);
        JsonNode r = request(project, "web");
        JsonNode c = r.path("Config");
        JsonNode h = r.path("HostConfig");
        assertThat(c.path("Image").asText()).isEqualTo("busybox:1.36");
        assertThat(c.path("Cmd").toString()).isEqualTo("[\"httpd\",\"-f\",\"-p\",\"80\"]");
        assertThat(c.path("Entrypoint").toString()).isEqualTo("[\"/bin/sh\",\"-c\"]");
        assertThat(c.path("Env").toString()).isEqualTo("[\"A=1\"]");
        assertThat(c.path("Hostname").asText()).isEqualTo("web1");
        assertThat(c.path("Domainname").asText()).isEqualTo("example.org");
        assertThat(c.path("User").asText()).isEqualTo("1000:1000");
        assertThat(c.path("WorkingDir").asText()).isEqualTo("/srv");
        assertThat(c.path("Tty").asBoolean()).isTrue();
        assertThat(c.path("OpenStdin").asBoolean()).isTrue();
        assertThat(c.path("StopSignal").asText()).isEqualTo("SIGQUIT");
        assertThat(c.path("StopTimeout").asLong()).isEqualTo(90);
        assertThat(c.path("ExposedPorts").has("80/tcp")).isTrue();
        assertThat(c.path("ExposedPorts").has("9000/udp")).isTrue();
        assertThat(c.path("ExposedPorts").has("5001/tcp")).isTrue();
        assertThat(c.path("Healthcheck").toString()).isEqualTo("{\"Test\":[\"CMD-SHELL\",\"wget -q localhost\"],"
                + "\"Interval\":10000000000,\"Timeout\":2000000000,\"Retries\":3,\"StartPeriod\":60000000000,"
                + "\"StartInterval\":null}");
        JsonNode labels = c.path("Labels");
        assertThat(labels.path("tier").asText()).isEqualTo("front");
        assertThat(labels.path(Labels.PROJECT).asText()).isEqualTo("shop");
        assertThat(labels.path(Labels.SERVICE).asText()).isEqualTo("web");
        assertThat(labels.path(Labels.CONTAINER_NUMBER).asText()).isEqualTo("1");
        assertThat(labels.path(Labels.ONEOFF).asText()).isEqualTo("False");
        assertThat(labels.path(Labels.CONFIG_HASH).asText()).isEqualTo("hash");
        assertThat(labels.path(Labels.DEPENDS_ON).asText()).isEqualTo("db:service_healthy:true");
        assertThat(labels.path(Labels.IMAGE).asText()).isEqualTo("busybox:1.36");

        assertThat(h.path("PortBindings").toString()).isEqualTo(
                "{\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"8080\"}],\"9000/udp\":[{\"HostIp\":\"\",\"HostPort\":\"\"}]}");
        assertThat(h.path("Binds").toString()).isEqualTo("[\"" + dir.resolve("shop/conf") + ":/etc/conf:rw\",\""
                + dir.resolve("shop/token.txt") + ":/run/secrets/token:ro\"]");
        assertThat(h.path("Mounts").get(0).path("Type").asText()).isEqualTo("volume");
        assertThat(h.path("Mounts").get(0).path("Source").asText()).isEqualTo("shop_data");
        assertThat(h.path("Mounts").get(0).path("ReadOnly").asBoolean()).isTrue();
        assertThat(h.path("Mounts").get(1).path("Type").asText()).isEqualTo("tmpfs");
        assertThat(h.path("Mounts").get(1).path("TmpfsOptions").path("SizeBytes").asLong()).isEqualTo(1048576);
        assertThat(h.path("Tmpfs").toString()).isEqualTo("{\"/run\":\"size=64k\"}");
        assertThat(h.path("RestartPolicy").toString()).isEqualTo("{\"Name\":\"on-failure\",\"MaximumRetryCount\":3}");
        assertThat(h.path("Dns").toString()).isEqualTo("[\"1.1.1.1\"]");
        assertThat(h.path("DnsSearch").toString()).isEqualTo("[\"example.org\"]");
        assertThat(h.path("ExtraHosts").toString()).isEqualTo("[\"gw:10.0.0.1\"]");
        assertThat(h.path("CapAdd").toString()).isEqualTo("[\"NET_ADMIN\"]");
        assertThat(h.path("CapDrop").toString()).isEqualTo("[\"MKNOD\"]");
        assertThat(h.path("SecurityOpt").toString()).isEqualTo("[\"no-new-privileges:true\"]");
        assertThat(h.path("ReadonlyRootfs").asBoolean()).isTrue();
        assertThat(h.path("Init").asBoolean()).isTrue();
        assertThat(h.path("ShmSize").asLong()).isEqualTo(64L << 20);
        assertThat(h.path("Memory").asLong()).isEqualTo(256L << 20);
        assertThat(h.path("NanoCpus").asLong()).isEqualTo(500_000_000L);
        assertThat(h.path("PidsLimit").asLong()).isEqualTo(100);
        assertThat(h.path("Ulimits").toString()).isEqualTo("[{\"Name\":\"nofile\",\"Soft\":1024,\"Hard\":2048},"
                + "{\"Name\":\"nproc\",\"Soft\":64,\"Hard\":64}]");
        assertThat(h.path("Sysctls").toString()).isEqualTo("{\"net.core.somaxconn\":\"1024\"}");
        assertThat(h.path("LogConfig").toString()).isEqualTo("{\"Type\":\"json-file\",\"Config\":{\"max-size\":\"10m\"}}");
        assertThat(h.path("VolumesFrom").toString()).isEqualTo("[\"shop-db-1:ro\"]");
        assertThat(h.path("Links").toString()).isEqualTo("[\"shop-db-1:database\"]");
        assertThat(h.path("NetworkMode").asText()).isEqualTo("shop_front");
        JsonNode endpoints = r.path("NetworkingConfig").path("EndpointsConfig");
        assertThat(endpoints.path("shop_front").path("Aliases").toString()).isEqualTo("[\"web\",\"www\"]");
        assertThat(endpoints.path("shop_front").path("IPAMConfig").path("IPv4Address").asText()).isEqualTo("10.5.0.10");
        assertThat(endpoints.path("shop_back").path("Aliases").toString()).isEqualTo("[\"web\"]");
        // db is reached as "database" through the link: an alias on db's own endpoint
        assertThat(request(project, "db").path("NetworkingConfig").path("EndpointsConfig").path("shop_default")
                .path("Aliases").toString()).isEqualTo("[\"db\",\"database\"]");
    }

    @Test
    void networkModeAndServiceReferences() throws Exception {
        var project = load("""
                services:
                  a: {image: busybox}
                  b: {image: busybox, network_mode: "service:a"}
                  c: {image: busybox, network_mode: host}
                """);
        assertThat(request(project, "b").path("HostConfig").path("NetworkMode").asText()).isEqualTo("container:shop-a-1");
        assertThat(request(project, "c").path("HostConfig").path("NetworkMode").asText()).isEqualTo("host");
        assertThat(request(project, "c").path("NetworkingConfig").path("EndpointsConfig").size()).isZero();
    }

    @Test
    void configHashFollowsTheContainerConfigOnly() throws Exception {
        var project = load("services: {web: {image: busybox, environment: {A: \"1\"}, scale: 2, pull_policy: always}}\n");
        var svc = project.services().get("web");
        String hash = ConfigHash.of(svc, Map.of());
        var rescaled = new LinkedHashMap<>(svc);
        rescaled.put("scale", 5L);
        rescaled.remove("pull_policy");
        assertThat(ConfigHash.of(rescaled, Map.of())).isEqualTo(hash);
        var changed = new LinkedHashMap<>(svc);
        changed.put("environment", Map.of("A", "2"));
        assertThat(ConfigHash.of(changed, Map.of())).isNotEqualTo(hash);
        assertThat(ConfigHash.of(svc, Map.of("network:default", "other_default"))).isNotEqualTo(hash);
    }

    @Test
    void cpuPeriodQuotaAndAnnotationsReachTheHostConfig() throws Exception {
        var project = load("""
                services:
                  web:
                    image: busybox
                    cpu_period: 100000
                    cpu_quota: 50000
                    annotations: {io.berth.health-on-failure: kill}
                """);
        var host = request(project, "web").get("HostConfig");
        assertThat(host.get("CpuPeriod").asLong()).isEqualTo(100000);
        assertThat(host.get("CpuQuota").asLong()).isEqualTo(50000);
        assertThat(host.get("Annotations").get("io.berth.health-on-failure").asText()).isEqualTo("kill");
    }

    @Test
    void keysBerthCannotHonourAreRefusedWithTheirReason() throws Exception {
        var project = load("""
                services:
                  web:
                    image: busybox
                    devices: ["/dev/fuse:/dev/fuse"]
                  ok:
                    image: busybox
                """);
        var specs = new ContainerSpecs(project);
        specs.validate(java.util.List.of("ok"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> specs.validate(java.util.List.of("ok", "web")))
                .isInstanceOf(io.berth.compose.ComposeException.class)
                .hasMessage("services.web.devices: not supported by berth compose "
                        + "(berthd passes no host devices to containers yet)");
        assertThat(ContainerSpecs.UNSUPPORTED).containsKeys("gpus", "blkio_config", "storage_opt")
                .doesNotContainKeys("cpus", "mem_limit", "pids_limit", "ulimits", "sysctls");
    }
}
