package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.api.model.ContainerListOptions;
import io.berth.api.model.ContainerSummary;
import io.berth.testing.BerthdExtension;
import io.berth.testing.RequiresRoot;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth compose} against berthd: runnable equivalents of the seed's two projects on busybox
 * (DNS by service name and alias, static addresses on a custom IPAM subnet, published ports, named
 * volumes, docker compose's labels), reconciliation by config hash, scaling, orphans, dependency
 * conditions, attached {@code up}, {@code run} and {@code exec}, the other verbs, and bad projects
 * that fail with a clear message and create nothing.
 */
@RequiresRoot
class ComposeIT {
    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    @RegisterExtension
    static final io.berth.testing.LocalRegistry registry = io.berth.testing.LocalRegistry.onTempStorage();

    private static final int OCTET = new SecureRandom().nextInt(200) + 20;

    @TempDir
    Path tmp;

    @BeforeAll
    static void image() {
        berthd.bootstrapBusybox();
    }

    private Path project(String name, String yaml) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve("compose.yaml"), yaml);
        return dir;
    }

    private static BerthdExtension.CliResult compose(Path dir, String... args) {
        var argv = new ArrayList<String>(List.of("compose", "--project-directory", dir.toString(), "-f",
                dir.resolve("compose.yaml").toString()));
        argv.addAll(List.of(args));
        return berthd.berth(argv.toArray(String[]::new));
    }

    private static BerthdExtension.CliResult ok(BerthdExtension.CliResult r) {
        assertThat(r.exitCode()).as("exit code; stdout:\n%s\nstderr:\n%s", r.out(), r.err()).isZero();
        return r;
    }

    private static List<ContainerSummary> containers(String project) {
        return berthd.client().containers().list(new ContainerListOptions(true, OptionalInt.empty(), false,
                Map.of("label", List.of("com.docker.compose.project=" + project))));
    }

    private static String idOf(String name) {
        return berthd.client().containers().inspect(name).id();
    }

    private static int freePort() throws IOException {
        try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String exec(Path dir, String service, String... cmd) {
        var argv = new ArrayList<String>(List.of("exec", "-T", service));
        argv.addAll(List.of(cmd));
        return ok(compose(dir, argv.toArray(String[]::new))).out();
    }

    @Test
    void primeEquivalentComesUpWithDnsPortsVolumesAndLabels() throws Exception {
        int port = freePort();
        Path dir = project("prime", """
                version: "3"
                services:
                  postgres:
                    restart: always
                    container_name: primedb
                    image: busybox
                    command: sh -c 'mkdir -p /www && echo postgres > /www/index.html && exec httpd -f -p 5432 -h /www'
                    environment:
                      POSTGRES_PASSWORD: postgres
                    volumes:
                      - local_postgres_data:/var/lib/postgresql/data
                    networks:
                      - primenet
                  dotnet-webapi:
                    container_name: primeapi
                    restart: always
                    image: busybox
                    command: sh -c 'mkdir -p /www && echo api > /www/index.html && exec httpd -f -p 8080 -h /www'
                    ports:
                      - "127.0.0.1:%d:8080"
                    expose:
                      - "5001"
                    networks:
                      primenet:
                        aliases: [api]
                    depends_on:
                      - postgres
                  backup:
                    image: busybox
                    restart: on-failure
                    command: sleep 3600
                    volumes:
                      - db_backup_data:/opt/backup
                volumes:
                  local_postgres_data:
                  db_backup_data:
                networks:
                  primenet:
                    driver: bridge
                """.formatted(port));

        var up = ok(compose(dir, "up", "-d"));

        assertThat(up.err()).contains(" Network prime_primenet  Created", " Network prime_default  Created",
                " Volume \"prime_local_postgres_data\"  Created", " Container primedb  Started",
                " Container primeapi  Started", " Container prime-backup-1  Started")
                .contains("the attribute `version` is obsolete");
        assertThat(up.err().indexOf("Container primedb  Started")).isLessThan(up.err().indexOf("Container primeapi  Starting"));
        var ps = ok(compose(dir, "ps")).out();
        assertThat(ps.lines().findFirst().orElseThrow()).startsWith("NAME").contains("IMAGE", "COMMAND", "SERVICE",
                "CREATED", "STATUS", "PORTS");
        assertThat(ps).contains("primedb", "primeapi", "prime-backup-1", "127.0.0.1:" + port + "->8080/tcp");

        // DNS by service name, container name and alias on the shared network; the published port from the host
        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(exec(dir, "dotnet-webapi", "wget", "-qO-", "http://postgres:5432/")).isEqualTo("postgres\n");
            assertThat(exec(dir, "dotnet-webapi", "wget", "-qO-", "http://primedb:5432/")).isEqualTo("postgres\n");
            assertThat(exec(dir, "postgres", "wget", "-qO-", "http://api:8080/")).isEqualTo("api\n");
            assertThat(exec(dir, "postgres", "wget", "-qO-", "http://dotnet-webapi:8080/")).isEqualTo("api\n");
            var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.body()).isEqualTo("api\n");
        });
        // backup is on the default network only: primenet's names are not its to see
        assertThat(compose(dir, "exec", "-T", "backup", "wget", "-qO-", "-T", "2", "http://postgres:5432/").exitCode())
                .isNotZero();

        var api = berthd.client().containers().inspectRaw("primeapi", false);
        var labels = api.path("Config").path("Labels");
        assertThat(labels.path("com.docker.compose.project").asText()).isEqualTo("prime");
        assertThat(labels.path("com.docker.compose.service").asText()).isEqualTo("dotnet-webapi");
        assertThat(labels.path("com.docker.compose.container-number").asText()).isEqualTo("1");
        assertThat(labels.path("com.docker.compose.oneoff").asText()).isEqualTo("False");
        assertThat(labels.path("com.docker.compose.config-hash").asText()).hasSize(64);
        assertThat(labels.path("com.docker.compose.project.working_dir").asText()).isEqualTo(dir.toString());
        assertThat(labels.path("com.docker.compose.project.config_files").asText())
                .isEqualTo(dir.resolve("compose.yaml").toString());
        assertThat(labels.path("com.docker.compose.depends_on").asText()).isEqualTo("postgres:service_started:false");
        assertThat(labels.path("com.docker.compose.image").asText()).isEqualTo("busybox");
        assertThat(labels.path("com.docker.compose.version").asText()).isNotEmpty();
        assertThat(api.path("HostConfig").path("RestartPolicy").path("Name").asText()).isEqualTo("always");
        assertThat(api.path("Config").path("ExposedPorts").has("5001/tcp")).isTrue();
        var db = berthd.client().containers().inspectRaw("primedb", false);
        assertThat(db.path("Config").path("Env").toString()).contains("POSTGRES_PASSWORD=postgres");
        assertThat(db.path("Mounts").get(0).path("Name").asText()).isEqualTo("prime_local_postgres_data");
        var network = berthd.client().networks().inspectRaw("prime_primenet");
        assertThat(network.path("Labels").path("com.docker.compose.network").asText()).isEqualTo("primenet");
        assertThat(network.path("Labels").path("com.docker.compose.project").asText()).isEqualTo("prime");
        var volume = berthd.client().volumes().inspect("prime_db_backup_data");
        assertThat(volume.labels()).containsEntry("com.docker.compose.volume", "db_backup_data")
                .containsEntry("com.docker.compose.project", "prime");

        var ls = ok(compose(dir, "ls")).out();
        assertThat(ls).contains("prime", "running(3)", dir.resolve("compose.yaml").toString());
        assertThat(ok(compose(dir, "port", "dotnet-webapi", "8080")).out()).isEqualTo("127.0.0.1:" + port + "\n");
        assertThat(ok(compose(dir, "images")).out()).contains("primeapi", "busybox", "latest");

        // an unrelated network and volume of the same daemon survive down
        berthd.berth("network", "create", "bystander");
        berthd.berth("volume", "create", "prime_bystander");
        var down = ok(compose(dir, "down"));
        assertThat(down.err()).contains(" Container primeapi  Removed", " Network prime_primenet  Removed",
                " Network prime_default  Removed");
        assertThat(containers("prime")).isEmpty();
        assertThat(berthd.client().volumes().inspect("prime_local_postgres_data").name())
                .isEqualTo("prime_local_postgres_data");
        assertThat(berthd.berth("network", "inspect", "prime_primenet").exitCode()).isNotZero();
        assertThat(berthd.berth("network", "inspect", "bystander").exitCode()).isZero();

        ok(compose(dir, "down", "-v"));
        assertThat(berthd.berth("volume", "inspect", "prime_local_postgres_data").exitCode()).isNotZero();
        assertThat(berthd.berth("volume", "inspect", "prime_bystander").exitCode()).isZero();
        berthd.berth("network", "rm", "bystander");
        berthd.berth("volume", "rm", "prime_bystander");
    }

    @Test
    void besuEquivalentGetsStaticAddressesOnItsSubnet() throws Exception {
        String net = "10.238." + OCTET;
        Path dir = project("quorum", """
                version: '3.6'
                x-node-def:
                  &node-def
                  restart: "on-failure"
                  image: busybox:${BUSYBOX_TAG:-latest}
                  environment:
                    - LOG_CONFIG=/config/log-config.xml
                  entrypoint:
                    - /bin/sh
                    - -c
                    - |
                      mkdir -p /www && hostname > /www/index.html
                      echo "ip=$$(hostname -i)"
                      exec httpd -f -p 8545 -h /www
                services:
                  validator1:
                    << : *node-def
                    hostname: validator1
                    volumes:
                      - public-keys:/keys
                    networks:
                      quorum-dev-quickstart:
                        ipv4_address: %1$s.11
                  validator2:
                    << : *node-def
                    hostname: validator2
                    volumes:
                      - public-keys:/keys
                    depends_on:
                      - validator1
                    networks:
                      quorum-dev-quickstart:
                        ipv4_address: %1$s.12
                volumes:
                  public-keys:
                networks:
                  quorum-dev-quickstart:
                    driver: bridge
                    ipam:
                      config:
                        - subnet: %1$s.0/24
                """.formatted(net));

        ok(compose(dir, "up", "-d"));

        var v1 = berthd.client().containers().inspectRaw("quorum-validator1-1", false);
        assertThat(v1.path("NetworkSettings").path("Networks").path("quorum_quorum-dev-quickstart").path("IPAddress")
                .asText()).isEqualTo(net + ".11");
        var v2 = berthd.client().containers().inspectRaw("quorum-validator2-1", false);
        assertThat(v2.path("NetworkSettings").path("Networks").path("quorum_quorum-dev-quickstart").path("IPAddress")
                .asText()).isEqualTo(net + ".12");
        assertThat(berthd.client().networks().inspectRaw("quorum_quorum-dev-quickstart").path("IPAM").path("Config")
                .get(0).path("Subnet").asText()).isEqualTo(net + ".0/24");
        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(exec(dir, "validator2", "wget", "-qO-", "http://validator1:8545/")).isEqualTo("validator1\n");
            assertThat(exec(dir, "validator1", "wget", "-qO-", "http://" + net + ".12:8545/")).isEqualTo("validator2\n");
        });
        // $$ reached the container as a literal $, expanded there by the shell
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(ok(compose(dir, "logs", "validator1")).out()).contains("validator1-1  | ip=" + net + ".11"));

        ok(compose(dir, "down", "-v"));
        assertThat(containers("quorum")).isEmpty();
    }

    @Test
    void upRecreatesOnlyWhatChangedScalesAndHandlesOrphans() throws Exception {
        String base = """
                services:
                  a:
                    image: busybox
                    command: sleep 3600
                    environment: {VERSION: "1"}
                  b:
                    image: busybox
                    command: sleep 3600
                """;
        Path dir = project("recon", base);
        ok(compose(dir, "up", "-d"));
        String a1 = idOf("recon-a-1");
        String b1 = idOf("recon-b-1");

        var again = ok(compose(dir, "up", "-d"));
        assertThat(again.err()).contains(" Container recon-a-1  Running", " Container recon-b-1  Running");
        assertThat(idOf("recon-a-1")).isEqualTo(a1);

        Files.writeString(dir.resolve("compose.yaml"), base.replace("VERSION: \"1\"", "VERSION: \"2\""));
        var changed = ok(compose(dir, "up", "-d"));
        assertThat(changed.err()).contains(" Container recon-a-1  Recreate", " Container recon-a-1  Recreated");
        assertThat(idOf("recon-a-1")).isNotEqualTo(a1);
        assertThat(idOf("recon-b-1")).isEqualTo(b1);
        assertThat(berthd.client().containers().inspectRaw("recon-a-1", false).path("Config").path("Env").toString())
                .contains("VERSION=2");

        ok(compose(dir, "up", "-d", "--no-recreate", "--scale", "b=2"));
        assertThat(idOf("recon-b-1")).isEqualTo(b1);
        assertThat(idOf("recon-b-2")).isNotEmpty();
        ok(compose(dir, "up", "-d", "--force-recreate", "b"));
        assertThat(idOf("recon-b-1")).isNotEqualTo(b1);
        assertThat(berthd.berth("inspect", "recon-b-2").exitCode()).isNotZero();

        Files.writeString(dir.resolve("compose.yaml"), base.replace("VERSION: \"1\"", "VERSION: \"2\"")
                .replace("  b:\n    image: busybox\n    command: sleep 3600\n", ""));
        var orphaned = ok(compose(dir, "up", "-d"));
        assertThat(orphaned.err()).contains("Found orphan containers ([recon-b-1])");
        assertThat(containers("recon")).hasSize(2);
        ok(compose(dir, "up", "-d", "--remove-orphans"));
        assertThat(containers("recon")).extracting(c -> c.names().getFirst()).containsExactly("/recon-a-1");

        ok(compose(dir, "stop"));
        assertThat(berthd.client().containers().inspect("recon-a-1").state().running()).isFalse();
        ok(compose(dir, "start"));
        assertThat(berthd.client().containers().inspect("recon-a-1").state().running()).isTrue();
        ok(compose(dir, "restart", "-t", "1", "a"));
        ok(compose(dir, "kill", "a"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !berthd.client().containers().inspect("recon-a-1").state().running());
        assertThat(ok(compose(dir, "ps")).out()).doesNotContain("recon-a-1");
        assertThat(ok(compose(dir, "ps", "-a")).out()).contains("recon-a-1");
        assertThat(ok(compose(dir, "rm", "-f")).err()).contains(" Container recon-a-1  Removed");
        assertThat(containers("recon")).isEmpty();
        ok(compose(dir, "down"));
    }

    @Test
    void dependsOnConditionsGateTheStart() throws Exception {
        Path dir = project("deps", """
                services:
                  init:
                    image: busybox
                    command: sh -c 'sleep 1; echo ready > /shared/flag'
                    volumes: [shared:/shared]
                  app:
                    image: busybox
                    command: sh -c 'cat /shared/flag; sleep 3600'
                    volumes: [shared:/shared]
                    depends_on:
                      init:
                        condition: service_completed_successfully
                volumes:
                  shared:
                """);
        var up = ok(compose(dir, "up", "-d"));
        assertThat(up.err()).contains(" Container deps-init-1  Exited");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(ok(compose(dir, "logs", "--no-log-prefix", "app")).out()).isEqualTo("ready\n"));
        ok(compose(dir, "down", "-v"));

        Path failing = project("depsfail", """
                services:
                  init: {image: busybox, command: sh -c 'exit 3'}
                  app:
                    image: busybox
                    command: sleep 3600
                    depends_on: {init: {condition: service_completed_successfully}}
                """);
        var failed = compose(failing, "up", "-d");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).contains("service \"init\" didn't complete successfully: exit 3");
        assertThat(containers("depsfail")).extracting(c -> c.names().getFirst()).containsExactly("/depsfail-init-1");
        ok(compose(failing, "down"));
    }

    @Test
    void attachedUpRunAndExec() throws Exception {
        Path dir = project("att", """
                services:
                  one:
                    image: busybox
                    command: sh -c 'echo hello from one'
                  two:
                    image: busybox
                    command: sh -c 'sleep 1; echo bye from two; exit 4'
                """);
        var up = compose(dir, "up");
        assertThat(up.exitCode()).as(up.err()).isZero();
        assertThat(up.out()).contains("Attaching to one-1, two-1", "one-1  | hello from one", "two-1  | bye from two",
                "one-1 exited with code 0", "two-1 exited with code 4");

        Path aborting = project("abort", """
                services:
                  long:
                    image: busybox
                    command: sleep 60
                  short:
                    image: busybox
                    command: sh -c 'sleep 1; echo done; exit 4'
                """);
        var abort = compose(aborting, "up", "--exit-code-from", "short", "-t", "1");
        assertThat(abort.exitCode()).as(abort.err()).isEqualTo(4);
        assertThat(abort.out()).contains("short-1  | done", "short-1 exited with code 4", "Aborting on container exit...",
                "long-1 exited with code 137");
        ok(compose(aborting, "down"));

        var run = compose(dir, "run", "--rm", "-T", "one", "sh", "-c", "exit 7");
        assertThat(run.exitCode()).isEqualTo(7);
        var runEnv = compose(dir, "run", "--rm", "-T", "-e", "GREETING=hi", "one", "sh", "-c", "echo $GREETING");
        assertThat(runEnv.exitCode()).isZero();
        assertThat(runEnv.out()).isEqualTo("hi\n");
        assertThat(containers("att")).noneMatch(c -> "True".equals(c.labels().get("com.docker.compose.oneoff")));

        var detached = ok(compose(dir, "run", "-d", "one", "sleep", "3600"));
        String oneoff = detached.out().strip();
        assertThat(oneoff).startsWith("att-one-run-");
        assertThat(berthd.client().containers().inspectRaw(oneoff, false).path("Config").path("Labels")
                .path("com.docker.compose.oneoff").asText()).isEqualTo("True");

        ok(compose(dir, "down"));
        assertThat(containers("att")).isEmpty();
    }

    @Test
    void configPrintsTheResolvedModel() throws Exception {
        Path dir = project("cfg", """
                services:
                  web:
                    image: "busybox:${TAG:-latest}"
                    ports: ["8080:80"]
                volumes:
                  data:
                """);
        var config = ok(compose(dir, "config"));
        assertThat(config.out()).startsWith("name: cfg\nservices:\n  web:\n    image: busybox:latest\n")
                .contains("        published: \"8080\"\n", "  default:\n    name: cfg_default\n");
        assertThat(ok(compose(dir, "config", "--format", "json")).out()).contains("\"name\": \"cfg\"");
        assertThat(ok(compose(dir, "config", "--services")).out()).isEqualTo("web\n");
        assertThat(ok(compose(dir, "config", "--volumes")).out()).isEqualTo("data\n");
        assertThat(ok(compose(dir, "config", "--images")).out()).isEqualTo("busybox:latest\n");
        assertThat(ok(compose(dir, "config", "-q")).out()).isEmpty();
    }

    @Test
    void badProjectsFailClearlyAndCreateNothing() throws Exception {
        var cases = Map.of(
                "unknownkey", Map.entry("services: {web: {image: busybox, restrat: always}}\n",
                        "services.web additional properties 'restrat' not allowed"),
                "badtype", Map.entry("services: {web: {image: busybox, ports: \"80:80\"}}\n",
                        "services.web.ports must be a list"),
                "cycle", Map.entry("services:\n  a: {image: busybox, depends_on: [b]}\n  b: {image: busybox, depends_on: [a]}\n",
                        "dependency cycle detected: a -> b -> a"),
                "required", Map.entry("services: {web: {image: \"${IMAGE:?set IMAGE}\"}}\nnetworks: {n: {}}\n",
                        "required variable IMAGE is missing a value: set IMAGE"),
                "unknownnet", Map.entry("services: {web: {image: busybox, networks: [nowhere]}}\nvolumes: {v: {}}\n",
                        "service \"web\" refers to undefined network nowhere: invalid compose project"),
                "devices", Map.entry("services: {web: {image: busybox, volumes: [v:/v], devices: [\"/dev/fuse:/dev/fuse\"]}}\n"
                        + "volumes: {v: {}}\n", "services.web.devices: not supported by berth compose"),
                "badmount", Map.entry("services: {web: {image: busybox, volumes: [{type: npipe, source: x, target: /x}]}}\n"
                        + "volumes: {v: {}}\n", "services.web.volumes: unsupported mount type npipe"));
        for (var c : cases.entrySet()) {
            Path dir = project(c.getKey(), c.getValue().getKey());
            var before = berthd.client().networks().list(Map.of()).size();
            var r = compose(dir, "up", "-d");
            assertThat(r.exitCode()).as(c.getKey()).isEqualTo(1);
            assertThat(r.err()).as(c.getKey()).contains(c.getValue().getValue()).doesNotContain("Exception")
                    .doesNotContain("Error response from daemon");
            assertThat(containers(c.getKey())).isEmpty();
            assertThat(berthd.client().networks().list(Map.of())).hasSize(before);
            assertThat(berthd.client().volumes().list(Map.of("label", List.of("com.docker.compose.project=" + c.getKey())))
                    .volumes()).isNullOrEmpty();
        }
        Path external = project("ext", """
                services: {web: {image: busybox, command: sleep 1, networks: [outside]}}
                networks: {outside: {external: true}}
                """);
        var r = compose(external, "up", "-d");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("network outside declared as external, but could not be found");
        assertThat(containers("ext")).isEmpty();
    }

    @Test
    void cpBothWaysLogsOptionsRunFlagsAndDownTimeout() throws Exception {
        int port = freePort();
        Path dir = project("cpl", """
                services:
                  dep:
                    image: busybox
                    command: sleep 3600
                  app:
                    image: busybox
                    command: sh -c 'echo line1; echo line2; echo line3; exec sleep 3600'
                    depends_on: [dep]
                    scale: 2
                  once:
                    image: busybox
                    command: sh -c 'echo first; sleep 1; echo second'
                  pub:
                    image: busybox
                    command: sh -c 'mkdir -p /www && echo published > /www/index.html && exec httpd -f -p 80 -h /www'
                    ports: ["127.0.0.1:%d:80"]
                """.formatted(port));

        // up --no-deps: the service alone, not what it depends on
        ok(compose(dir, "up", "-d", "--no-deps", "app"));
        assertThat(containers("cpl")).extracting(c -> c.labels().get("com.docker.compose.service"))
                .containsOnly("app").hasSize(2);

        // cp to a service reaches each of its containers; from a service, its first (or --index's)
        Path local = Files.writeString(tmp.resolve("note.txt"), "copied in\n");
        ok(compose(dir, "cp", local.toString(), "app:/tmp/"));
        assertThat(exec(dir, "app", "cat", "/tmp/note.txt")).isEqualTo("copied in\n");
        assertThat(ok(compose(dir, "exec", "-T", "--index", "2", "app", "cat", "/tmp/note.txt")).out())
                .isEqualTo("copied in\n");
        exec(dir, "app", "sh", "-c", "mkdir -p /srv/site && echo one > /srv/site/a && echo two > /srv/site/b");
        Path out = Files.createDirectories(tmp.resolve("out"));
        ok(compose(dir, "cp", "app:/srv/site", out.toString()));
        assertThat(out.resolve("site/a")).hasContent("one");
        assertThat(out.resolve("site/b")).hasContent("two");
        ok(compose(dir, "cp", "--index", "2", "app:/tmp/note.txt", out.resolve("second.txt").toString()));
        assertThat(out.resolve("second.txt")).hasContent("copied in");
        var between = compose(dir, "cp", "app:/tmp/note.txt", "dep:/tmp/");
        assertThat(between.exitCode()).isEqualTo(1);
        assertThat(between.err()).contains("copying between services is not supported");
        var missing = compose(dir, "cp", "dep:/etc/hostname", out.toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("no container found for service \"dep\"");

        // logs: --tail, -t, --since, and -f that ends with the container
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ok(compose(dir, "logs", "--no-color",
                "--index", "1", "app")).out()).isEqualTo("app-1  | line1\napp-1  | line2\napp-1  | line3\n"));
        assertThat(ok(compose(dir, "logs", "--no-color", "--tail", "1", "--index", "1", "app")).out())
                .isEqualTo("app-1  | line3\n");
        assertThat(ok(compose(dir, "logs", "--no-color", "--no-log-prefix", "-t", "--index", "1", "app")).out())
                .matches("(?s)(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+Z line\\d\n){3}");
        assertThat(ok(compose(dir, "logs", "--no-color", "--since", "1h", "--index", "1", "app")).out()).contains("line1");
        assertThat(ok(compose(dir, "logs", "--no-color", "--since", "2099-01-01T00:00:00Z", "app")).out()).isEmpty();
        ok(compose(dir, "up", "-d", "once"));
        assertThat(ok(compose(dir, "logs", "-f", "--no-color", "once")).out())
                .isEqualTo("once-1  | first\nonce-1  | second\n");

        // run: --no-deps leaves the dependency alone; --service-ports publishes the service's ports
        var run = compose(dir, "run", "--rm", "-T", "--no-deps", "app", "echo", "alone");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("alone\n");
        assertThat(containers("cpl")).noneMatch(c -> "dep".equals(c.labels().get("com.docker.compose.service")));
        String plain = ok(compose(dir, "run", "-d", "--no-deps", "pub")).out().strip();
        assertThat(berthd.client().containers().inspectRaw(plain, false).path("HostConfig").path("PortBindings")
                .isEmpty()).isTrue();
        String published = ok(compose(dir, "run", "-d", "--service-ports", "pub")).out().strip();
        assertThat(berthd.client().containers().inspectRaw(published, false).path("HostConfig").path("PortBindings")
                .path("80/tcp").path(0).path("HostPort").asText()).isEqualTo(Integer.toString(port));
        try (var http = HttpClient.newHttpClient()) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("published\n"));
        }

        ok(compose(dir, "down", "-t", "1"));
        assertThat(containers("cpl")).isEmpty();
    }

    @Test
    void buildTopWaitPauseEventsAndDownRmi() throws Exception {
        Path dir = project("vrb", """
                services:
                  sleeper:
                    image: busybox
                    command: sleep 3600
                  job:
                    image: busybox
                    command: sh -c 'sleep 1; exit 5'
                  built:
                    build:
                      context: .
                      dockerfile_inline: |
                        FROM busybox
                        ARG FLAVOUR
                        RUN echo baked-$$FLAVOUR > /baked
                        CMD ["sleep", "3600"]
                      args: {FLAVOUR: rye}
                      labels: {made.by: compose}
                """);
        String since = Long.toString(java.time.Instant.now().getEpochSecond() - 1);

        ok(compose(dir, "build", "built"));
        assertThat(berthd.client().images().inspect("vrb-built").config().labels()).containsEntry("made.by", "compose");
        ok(compose(dir, "up", "-d"));

        assertThat(exec(dir, "built", "cat", "/baked")).isEqualTo("baked-rye\n");
        assertThat(ok(compose(dir, "top", "sleeper")).out()).startsWith("vrb-sleeper-1\n").contains("sleep 3600");
        var wait = compose(dir, "wait", "job");
        assertThat(wait.exitCode()).isEqualTo(5);
        assertThat(wait.out()).isEqualTo("5\n");
        ok(compose(dir, "pause", "sleeper"));
        assertThat(berthd.client().containers().inspect("vrb-sleeper-1").state().paused()).isTrue();
        ok(compose(dir, "unpause", "sleeper"));
        assertThat(berthd.client().containers().inspect("vrb-sleeper-1").state().paused()).isFalse();
        String until = Long.toString(java.time.Instant.now().getEpochSecond() + 1);
        var events = ok(compose(dir, "events", "--json", "--since", since, "--until", until)).out();
        assertThat(events).contains("\"action\":\"start\"", "\"service\":\"sleeper\"", "\"action\":\"pause\"",
                "\"action\":\"unpause\"", "\"service\":\"job\"");

        ok(compose(dir, "down", "-t", "1", "--rmi", "local"));
        assertThat(containers("vrb")).isEmpty();
        assertThat(berthd.berth("image", "inspect", "vrb-built").exitCode()).isEqualTo(1);
        assertThat(berthd.berth("image", "inspect", "busybox").exitCode()).isZero();
    }

    @Test
    void healthGatedStartWaitAndKeysSeenInsideTheContainers() throws Exception {
        Path dir = project("hg", """
                services:
                  db:
                    image: busybox
                    command: sh -c 'sleep 2; touch /tmp/ready; exec sleep 3600'
                    healthcheck:
                      test: ["CMD", "test", "-f", "/tmp/ready"]
                      interval: 1s
                      timeout: 2s
                      retries: 60
                    tmpfs: ["/scratch"]
                    volumes: [shared:/shared]
                  app:
                    image: busybox
                    command: sh -c 'cat /run/secrets/token; cat /cfg; exec sleep 3600'
                    depends_on:
                      db: {condition: service_healthy}
                    extra_hosts: ["gw.example:10.1.2.3"]
                    secrets: [token]
                    configs:
                      - source: cfg
                        target: /cfg
                    volumes_from: [db]
                  side:
                    image: busybox
                    command: sleep 3600
                    network_mode: "service:app"
                    depends_on: [app]
                secrets:
                  token: {file: ./token.txt}
                configs:
                  cfg: {file: ./app.cfg}
                volumes:
                  shared:
                """);
        Files.writeString(dir.resolve("token.txt"), "s3cret\n");
        Files.writeString(dir.resolve("app.cfg"), "mode=test\n");

        var up = ok(compose(dir, "up", "-d", "--wait"));

        // app starts only once db is healthy; --wait returns with everything running (db healthy)
        String err = up.err();
        assertThat(err).contains(" Container hg-db-1  Healthy", " Container hg-app-1  Started");
        assertThat(err.indexOf(" Container hg-db-1  Healthy")).isLessThan(err.indexOf(" Container hg-app-1  Started"));
        assertThat(berthd.client().containers().inspect("hg-db-1").state().health().status()).isEqualTo("healthy");
        assertThat(berthd.client().containers().inspect("hg-side-1").state().running()).isTrue();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(ok(compose(dir, "logs", "--no-log-prefix", "app")).out()).isEqualTo("s3cret\nmode=test\n"));
        assertThat(exec(dir, "app", "cat", "/etc/hosts")).containsPattern("10\\.1\\.2\\.3\\s+gw\\.example");
        exec(dir, "db", "sh", "-c", "echo from-db > /shared/x");
        assertThat(exec(dir, "app", "cat", "/shared/x")).isEqualTo("from-db\n");
        assertThat(exec(dir, "db", "grep", " /scratch ", "/proc/mounts")).startsWith("tmpfs /scratch tmpfs");
        assertThat(berthd.client().containers().inspect("hg-side-1").hostConfig().networkMode())
                .isIn("container:hg-app-1", "container:" + idOf("hg-app-1"));
        assertThat(exec(dir, "side", "ip", "-o", "-4", "addr", "show", "eth0"))
                .isEqualTo(exec(dir, "app", "ip", "-o", "-4", "addr", "show", "eth0"));

        ok(compose(dir, "down", "-v", "-t", "1"));
        assertThat(containers("hg")).isEmpty();
    }

    @Test
    void buildPushAndPullThroughALocalRegistry() throws Exception {
        String image = registry.host() + "/compose/baked:1";
        Path dir = project("reg", """
                services:
                  baked:
                    image: %s
                    build:
                      context: .
                      dockerfile_inline: |
                        FROM busybox
                        RUN echo pushed > /pushed
                    command: cat /pushed
                """.formatted(image));

        ok(compose(dir, "build"));
        var push = ok(compose(dir, "push"));
        assertThat(push.err()).contains(" baked Pushed");
        assertThat(berthd.berth("rmi", image).exitCode()).isZero();
        assertThat(berthd.berth("image", "inspect", image).exitCode()).isEqualTo(1);
        ok(compose(dir, "pull", "--quiet"));

        assertThat(berthd.berth("image", "inspect", image).exitCode()).isZero();
        // up with --no-build runs what was pulled
        var run = compose(dir, "run", "--rm", "-T", "baked");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("pushed\n");
        ok(compose(dir, "up", "-d", "--no-build"));
        ok(compose(dir, "down", "--rmi", "all"));
        assertThat(berthd.berth("image", "inspect", image).exitCode()).isEqualTo(1);
    }
}
