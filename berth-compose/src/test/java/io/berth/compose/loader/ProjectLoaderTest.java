package io.berth.compose.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.InvalidArgumentException;
import io.berth.compose.output.ModelWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectLoaderTest {
    @TempDir
    Path tmp;
    Path dir;

    @BeforeEach
    void project() throws IOException {
        dir = Files.createDirectories(tmp.resolve("My_App.1"));
    }

    private void write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private Project load() {
        return ProjectLoader.load(LoadOptions.in(dir, Map.of()));
    }

    private Project load(LoadOptions options) {
        return ProjectLoader.load(options);
    }

    private static List<String> field(Object list, String key) {
        return ((List<?>) list).stream().map(x -> String.valueOf(((Map<?, ?>) x).get(key))).toList();
    }

    private static Map<String, Object> svc(Project p, String name) {
        return p.services().get(name);
    }

    @Test
    void discoveryPrefersComposeYamlAndTakesItsOverride() throws IOException {
        write("docker-compose.yml", "services: {old: {image: busybox}}\n");
        write("compose.yaml", "services: {web: {image: busybox}}\n");
        write("compose.override.yaml", "services: {web: {command: echo hi}}\n");

        Project p = load();

        assertThat(p.services()).containsOnlyKeys("web");
        assertThat(svc(p, "web").get("command")).isEqualTo(List.of("echo", "hi"));
        assertThat(p.configFiles()).containsExactly(dir.resolve("compose.yaml"), dir.resolve("compose.override.yaml"));
        assertThat(p.warnings()).anyMatch(w -> w.startsWith("Found multiple config files with supported names"));
    }

    @Test
    void discoveryLooksInParentDirectories() throws IOException {
        write("docker-compose.yaml", "services: {web: {image: busybox}}\n");
        Path sub = Files.createDirectories(dir.resolve("a/b"));

        Project p = ProjectLoader.load(LoadOptions.in(sub, Map.of()));

        assertThat(p.workingDirectory()).isEqualTo(dir);
        assertThat(p.name()).isEqualTo("my_app1");
    }

    @Test
    void noFile() {
        assertThatThrownBy(this::load).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("no configuration file provided: not found");
    }

    @Test
    void projectNamePrecedence() throws IOException {
        write("compose.yaml", "name: from-file\nservices: {web: {image: busybox}}\n");
        assertThat(load().name()).isEqualTo("from-file");
        write(".env", "COMPOSE_PROJECT_NAME=from-dotenv\n");
        assertThat(load().name()).isEqualTo("from-dotenv");
        assertThat(load(LoadOptions.in(dir, Map.of("COMPOSE_PROJECT_NAME", "from-env"))).name()).isEqualTo("from-env");
        assertThat(load(LoadOptions.in(dir, Map.of("COMPOSE_PROJECT_NAME", "from-env")).withProjectName("flag")).name())
                .isEqualTo("flag");
        assertThatThrownBy(() -> load(LoadOptions.in(dir, Map.of()).withProjectName("Bad Name")))
                .hasMessage("invalid project name \"Bad Name\": must consist only of lowercase alphanumeric characters, "
                        + "hyphens, and underscores as well as start with a letter or number");
    }

    @Test
    void nameIsInterpolated() throws IOException {
        write("compose.yaml", "name: app-${STAGE:-dev}\nservices: {web: {image: busybox}}\n");
        assertThat(load(LoadOptions.in(dir, Map.of("STAGE", "prod"))).name()).isEqualTo("app-prod");
    }

    @Test
    void dotEnvFeedsInterpolationAndTheHostWins() throws IOException {
        write("compose.yaml", "services: {web: {image: \"busybox:${TAG}\", environment: [A=$A, B]}}\n");
        write(".env", "TAG=1.36\nA=from-dotenv\nB=b-from-dotenv\n");

        Project p = load(LoadOptions.in(dir, Map.of("A", "from-host")));

        assertThat(svc(p, "web").get("image")).isEqualTo("busybox:1.36");
        assertThat(svc(p, "web").get("environment")).isEqualTo(Map.of("A", "from-host", "B", "b-from-dotenv"));
    }

    @Test
    void envFileFlagReplacesDotEnv() throws IOException {
        write("compose.yaml", "services: {web: {image: \"busybox:${TAG:-latest}\"}}\n");
        write(".env", "TAG=dotenv\n");
        write("prod.env", "TAG=prod\n");

        Project p = load(LoadOptions.in(dir, Map.of()).withEnvFiles(List.of(dir.resolve("prod.env"))));

        assertThat(svc(p, "web").get("image")).isEqualTo("busybox:prod");
        assertThatThrownBy(() -> load(LoadOptions.in(dir, Map.of()).withEnvFiles(List.of(dir.resolve("nope.env")))))
                .hasMessageContaining("Couldn't find env file: " + dir.resolve("nope.env"));
    }

    @Test
    void requiredVariableMissing() throws IOException {
        write("compose.yaml", "services: {web: {image: \"${IMAGE:?set IMAGE to the image to run}\"}}\n");
        assertThatThrownBy(this::load).hasMessage("error while interpolating services.web.image: required variable "
                + "IMAGE is missing a value: set IMAGE to the image to run");
    }

    @Test
    void unsetVariablesWarn() throws IOException {
        write("compose.yaml", "services: {web: {image: busybox, command: \"echo $GREETING\"}}\n");
        Project p = load();
        assertThat(svc(p, "web").get("command")).isEqualTo(List.of("echo"));
        assertThat(p.warnings()).containsExactly("The \"GREETING\" variable is not set. Defaulting to a blank string.");
    }

    @Test
    void overrideFilesMergeAsComposeDoes() throws IOException {
        write("base.yml", """
                services:
                  web:
                    image: busybox
                    command: [httpd, -f]
                    environment: [A=1, B=2]
                    labels: {x: "1"}
                    ports: ["8080:80", "9090:90"]
                    volumes: [./a:/a, data:/data]
                    dns: 1.1.1.1
                    cap_add: [NET_ADMIN]
                    depends_on: [db]
                    networks: [front]
                  db:
                    image: busybox
                networks: {front: {}}
                volumes: {data: {}}
                """);
        write("over.yml", """
                services:
                  web:
                    command: sleep 1
                    environment: {B: "3", C: "4"}
                    labels: [y=2]
                    ports: ["8080:80", "7070:70"]
                    volumes: [./b:/a]
                    dns: [8.8.8.8]
                    cap_add: [SYS_ADMIN, NET_ADMIN]
                    depends_on: {db: {condition: service_healthy}}
                    networks: {back: {aliases: [api]}}
                networks: {back: {}}
                """);

        Project p = load(LoadOptions.in(dir, Map.of()).withFiles(List.of(Path.of("base.yml"), Path.of("over.yml"))));
        var web = svc(p, "web");

        assertThat(web.get("command")).isEqualTo(List.of("sleep", "1"));
        assertThat(web.get("environment")).isEqualTo(Map.of("A", "1", "B", "3", "C", "4"));
        assertThat(web.get("labels")).isEqualTo(Map.of("x", "1", "y", "2"));
        assertThat(field(web.get("ports"), "published")).containsExactly("8080", "9090", "7070");
        assertThat(field(web.get("volumes"), "source")).containsExactly(dir.resolve("b").toString(), "data");
        assertThat(web.get("dns")).isEqualTo(List.of("8.8.8.8"));
        assertThat(web.get("cap_add")).isEqualTo(List.of("NET_ADMIN", "SYS_ADMIN"));
        assertThat(web.get("depends_on")).isEqualTo(Map.of("db", Map.of("condition", "service_healthy", "required", true)));
        assertThat(((Map<?, ?>) web.get("networks")).keySet().stream().map(String::valueOf).toList())
                .containsExactly("back", "front");
        assertThat(((Map<?, ?>) web.get("networks")).get("back")).isEqualTo(Map.of("aliases", List.of("api")));
    }

    @Test
    void resetAndOverrideTags() throws IOException {
        write("compose.yaml", "services: {web: {image: busybox, ports: [\"80:80\"], environment: {A: \"1\", B: \"2\"}}}\n");
        write("compose.override.yaml", """
                services:
                  web:
                    ports: !reset []
                    environment: !override
                      C: "3"
                """);
        var web = svc(load(), "web");
        assertThat(web).doesNotContainKey("ports");
        assertThat(web.get("environment")).isEqualTo(Map.of("C", "3"));
    }

    @Test
    void anchorsAliasesMergeKeysAndExtensions() throws IOException {
        write("compose.yaml", """
                x-common: &common
                  image: busybox
                  restart: unless-stopped
                  labels: {tier: back}
                x-env: &env
                  environment: {A: "1"}
                services:
                  one:
                    <<: [*common, *env]
                    restart: "no"
                    x-note: kept
                  two:
                    <<: *common
                """);
        Project p = load();
        assertThat(svc(p, "one")).containsEntry("image", "busybox").containsEntry("restart", "no")
                .containsEntry("environment", Map.of("A", "1")).containsEntry("x-note", "kept");
        assertThat(svc(p, "two")).containsEntry("restart", "unless-stopped");
        assertThat(p.model()).containsKey("x-common");
    }

    @Test
    void yaml12Scalars() throws IOException {
        write("compose.yaml", """
                services:
                  web:
                    image: busybox
                    environment: {A: yes, B: on, C: 0x1F, D: 1.50, E: true}
                    ports: [22:22]
                """);
        var web = svc(load(), "web");
        assertThat(web.get("environment")).isEqualTo(Map.of("A", "yes", "B", "on", "C", "31", "D", "1.5", "E", "true"));
        assertThat(((Map<?, ?>) ((List<?>) web.get("ports")).getFirst()).get("published")).isEqualTo("22");
    }

    @Test
    void extendsInTheSameFileAndAnother() throws IOException {
        write("common/base.yml", """
                services:
                  base:
                    image: busybox
                    env_file: base.env
                    volumes: [./data:/data]
                    environment: {FROM: base, KEEP: "1"}
                """);
        write("common/base.env", "FROM_FILE=yes\n");
        write("compose.yaml", """
                services:
                  tmpl:
                    image: busybox:old
                    command: [sleep, "10"]
                  a:
                    extends: tmpl
                    image: busybox:new
                  b:
                    extends: {file: common/base.yml, service: base}
                    environment: {FROM: b}
                """);
        Project p = load();
        assertThat(svc(p, "a")).containsEntry("image", "busybox:new").containsEntry("command", List.of("sleep", "10"));
        assertThat(svc(p, "b").get("environment")).isEqualTo(Map.of("FROM", "b", "KEEP", "1", "FROM_FILE", "yes"));
        assertThat(((Map<?, ?>) ((List<?>) svc(p, "b").get("volumes")).getFirst()).get("source"))
                .isEqualTo(dir.resolve("common/data").toString());
    }

    @Test
    void circularExtends() throws IOException {
        write("compose.yaml", "services: {a: {image: x, extends: b}, b: {image: x, extends: a}}\n");
        assertThatThrownBy(this::load).hasMessageStartingWith("Circular reference with extends");
    }

    @Test
    void include() throws IOException {
        write("db/compose.yaml", """
                services:
                  db:
                    image: "busybox:${DB_TAG}"
                    volumes: [./init:/init, dbdata:/var/lib/db]
                volumes: {dbdata: {}}
                """);
        write("db/.env", "DB_TAG=db\n");
        write("compose.yaml", """
                include:
                  - db/compose.yaml
                services:
                  web: {image: busybox, depends_on: [db]}
                """);
        Project p = load();
        assertThat(p.services()).containsOnlyKeys("db", "web");
        assertThat(svc(p, "db").get("image")).isEqualTo("busybox:db");
        assertThat(((Map<?, ?>) ((List<?>) svc(p, "db").get("volumes")).getFirst()).get("source"))
                .isEqualTo(dir.resolve("db/init").toString());
        assertThat(p.volumes().get("dbdata")).containsEntry("name", "my_app1_dbdata");
    }

    @Test
    void includeConflict() throws IOException {
        write("other.yaml", "services: {web: {image: other}}\n");
        write("compose.yaml", "include: [other.yaml]\nservices: {web: {image: busybox}}\n");
        assertThatThrownBy(this::load).hasMessage("services.web conflicts with imported resource");
    }

    @Test
    void profiles() throws IOException {
        write("compose.yaml", """
                services:
                  web: {image: busybox}
                  debug: {image: busybox, profiles: [debug]}
                  tools: {image: busybox, profiles: [tools, debug]}
                """);
        assertThat(load().services()).containsOnlyKeys("web");
        assertThat(load(LoadOptions.in(dir, Map.of()).withProfiles(List.of("tools"))).services())
                .containsOnlyKeys("web", "tools");
        assertThat(load(LoadOptions.in(dir, Map.of("COMPOSE_PROFILES", "debug"))).services())
                .containsOnlyKeys("web", "debug", "tools");
        assertThat(load(LoadOptions.in(dir, Map.of()).withProfiles(List.of("*"))).services()).hasSize(3);
        assertThat(load(LoadOptions.in(dir, Map.of()).withServices(List.of("debug"))).services())
                .containsOnlyKeys("web", "debug");
    }

    @Test
    void legacyVersionIsIgnored() throws IOException {
        write("compose.yaml", "version: \"2.4\"\nservices: {web: {image: busybox}}\n");
        Project p = load();
        assertThat(p.model()).doesNotContainKey("version");
        assertThat(p.warnings()).singleElement().asString().contains("the attribute `version` is obsolete");
    }

    @Test
    void unknownKeyNamesFileAndPath() throws IOException {
        write("compose.yaml", "services: {web: {image: busybox, imagee: x}}\n");
        assertThatThrownBy(this::load).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("validating " + dir.resolve("compose.yaml") + ": services.web additional properties 'imagee' not allowed");
        write("compose.yaml", "servces: {}\n");
        assertThatThrownBy(this::load)
                .hasMessage("validating " + dir.resolve("compose.yaml") + ": (root) additional properties 'servces' not allowed");
    }

    @Test
    void badTypesNameFileAndPath() throws IOException {
        write("compose.yaml", "services: {web: {image: busybox, ports: 8080}}\n");
        assertThatThrownBy(this::load).hasMessage("validating " + dir.resolve("compose.yaml")
                + ": services.web.ports must be a list");
        write("compose.yaml", "services: {web: {image: busybox, read_only: [true]}}\n");
        assertThatThrownBy(this::load).hasMessageStartingWith("validating " + dir.resolve("compose.yaml")
                + ": services.web.read_only must be a");
        write("compose.yaml", "services: {web: {image: busybox, depends_on: {db: {condition: maybe}}}, db: {image: x}}\n");
        assertThatThrownBy(this::load).hasMessageStartingWith("validating " + dir.resolve("compose.yaml")
                + ": services.web.depends_on");
    }

    @Test
    void yamlErrors() throws IOException {
        write("compose.yaml", "services:\n  web:\n    image: a\n    image: b\n");
        assertThatThrownBy(this::load).hasMessage(dir.resolve("compose.yaml")
                + ": yaml: line 4: mapping key \"image\" already defined");
        write("compose.yaml", "services:\n  web: [\n");
        assertThatThrownBy(this::load).hasMessageStartingWith(dir.resolve("compose.yaml") + ": yaml: line");
        write("compose.yaml", "- a\n- b\n");
        assertThatThrownBy(this::load).hasMessage(dir.resolve("compose.yaml") + ": Top-level object must be a mapping");
    }

    @Test
    void consistencyErrors() throws IOException {
        write("compose.yaml", "services: {web: {image: busybox, networks: [nope]}}\n");
        assertThatThrownBy(this::load).hasMessage("service \"web\" refers to undefined network nope: invalid compose project");
        write("compose.yaml", "services: {web: {image: busybox, volumes: [\"data:/data\"]}}\n");
        assertThatThrownBy(this::load).hasMessage("service \"web\" refers to undefined volume data: invalid compose project");
        write("compose.yaml", "services: {web: {image: busybox, depends_on: [db]}}\n");
        assertThatThrownBy(this::load).hasMessage("service \"web\" depends on undefined service \"db\": invalid compose project");
        write("compose.yaml", "services: {web: {command: x}}\n");
        assertThatThrownBy(this::load).hasMessage("service \"web\" has neither an image nor a build context specified: invalid compose project");
        write("compose.yaml", "services: {web: {image: busybox, container_name: web1, scale: 2}}\n");
        assertThatThrownBy(this::load).hasMessage("services.web: can't set container_name and web as container name must be unique: invalid compose project");
    }

    @Test
    void dependencyCycle() throws IOException {
        write("compose.yaml", """
                services:
                  a: {image: x, depends_on: [b]}
                  b: {image: x, depends_on: {c: {condition: service_healthy}}}
                  c: {image: x, depends_on: [a]}
                """);
        assertThatThrownBy(this::load).hasMessage("dependency cycle detected: a -> b -> c -> a");
    }

    @Test
    void canonicalForms() throws IOException {
        write("compose.yaml", """
                services:
                  web:
                    build: ./app
                    ports:
                      - 80
                      - "127.0.0.1:8001:8001/udp"
                      - "127.0.0.1::5000"
                      - "9090-9091:8080-8081"
                      - target: 443
                        published: 8443
                    volumes:
                      - /anon
                      - data:/data:ro,nocopy
                      - ~/cfg:/cfg:ro
                      - type: tmpfs
                        target: /run
                    tmpfs: /tmp
                    extra_hosts: ["db:10.0.0.2"]
                    healthcheck: {test: "wget -q localhost", retries: 3}
                    mem_limit: 512m
                    shm_size: 1gb
                    env_file: app.env
                    environment: [FROM_ENV_FILE=overridden]
                volumes: {data: {}, ext: {external: true}}
                networks: {legacy: {external: {name: real}}}
                """);
        write("app.env", "FROM_ENV_FILE=1\nONLY_FILE=2\n");
        Project p = load(LoadOptions.in(dir, Map.of("HOME", "/home/u")));
        String yaml = ModelWriter.yaml(p.model()).replace(dir.toString(), "${DIR}");
        assertThat(yaml).isEqualTo("""
                name: my_app1
                services:
                  web:
                    build:
                      context: ${DIR}/app
                      dockerfile: Dockerfile
                    environment:
                      FROM_ENV_FILE: overridden
                      ONLY_FILE: "2"
                    extra_hosts:
                      - db=10.0.0.2
                    healthcheck:
                      retries: 3
                      test:
                        - CMD-SHELL
                        - wget -q localhost
                    mem_limit: "536870912"
                    networks:
                      default: null
                    ports:
                      - mode: ingress
                        target: 80
                        protocol: tcp
                      - mode: ingress
                        host_ip: 127.0.0.1
                        target: 8001
                        published: "8001"
                        protocol: udp
                      - mode: ingress
                        host_ip: 127.0.0.1
                        target: 5000
                        protocol: tcp
                      - mode: ingress
                        target: 8080
                        published: "9090"
                        protocol: tcp
                      - mode: ingress
                        target: 8081
                        published: "9091"
                        protocol: tcp
                      - mode: ingress
                        target: 443
                        published: "8443"
                        protocol: tcp
                    shm_size: "1073741824"
                    tmpfs:
                      - /tmp
                    volumes:
                      - type: volume
                        target: /anon
                        volume: {}
                      - type: volume
                        source: data
                        target: /data
                        read_only: true
                        volume:
                          nocopy: true
                      - type: bind
                        source: /home/u/cfg
                        target: /cfg
                        read_only: true
                        bind:
                          create_host_path: true
                      - type: tmpfs
                        target: /run
                networks:
                  default:
                    name: my_app1_default
                  legacy:
                    name: real
                    external: true
                volumes:
                  data:
                    name: my_app1_data
                  ext:
                    name: ext
                    external: true
                """);
        assertThat(ModelWriter.json(p.model())).startsWith("{\n  \"name\": \"my_app1\",\n  \"services\": {\n    \"web\": {\n");
    }
}
