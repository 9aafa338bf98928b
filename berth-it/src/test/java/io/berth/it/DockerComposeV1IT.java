package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.api.model.ContainerListOptions;
import io.berth.api.model.ContainerSummary;
import io.berth.common.ExecResult;
import io.berth.testing.BerthdExtension;
import io.berth.testing.DockerCli;
import io.berth.testing.Processes;
import io.berth.testing.RequiresRoot;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's docker-compose 1.29.2 (Python, API 1.38) drives berthd, and {@code berth compose}
 * drives the same project: several services on two user networks with aliases, a named volume
 * shared by two of them, a service built from a Dockerfile, {@code depends_on}, {@code scale},
 * restart policies and a published port. Each is brought {@code up -d}, checked ({@code ps},
 * {@code logs}, DNS by service name and alias, the port answering on 127.0.0.1, the restart
 * policy at work) and taken {@code down -v} with nothing of the project left behind.
 */
@RequiresRoot
class DockerComposeV1IT {
    /** Its shebang names Debian's python3: the first python3 on PATH may not see Debian's packages. */
    private static final String DOCKER_COMPOSE = "/usr/bin/docker-compose";

    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    @TempDir
    Path tmp;

    @BeforeAll
    static void image() {
        berthd.bootstrapBusybox();
    }

    /** The project, with a legacy {@code version:} as v1 files have; {@code flaky} fails once, then stays up. */
    private Path project(String name, int port) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.createDirectories(dir.resolve("web"));
        Files.writeString(dir.resolve("web/Dockerfile"), """
                FROM busybox
                RUN mkdir -p /www && echo hello-from-web > /www/index.html
                CMD ["httpd", "-f", "-p", "80", "-h", "/www"]
                """);
        Files.writeString(dir.resolve("docker-compose.yml"), """
                version: "3.8"
                services:
                  web:
                    build: ./web
                    image: %1$s-web:latest
                    ports:
                      - "127.0.0.1:%2$d:80"
                    networks:
                      front:
                        aliases: [www]
                    restart: unless-stopped
                  worker:
                    image: busybox
                    command: ["sh", "-c", "echo worker-started; exec sleep 3600"]
                    depends_on: [web, db]
                    networks: [front, back]
                    volumes:
                      - data:/data
                    scale: 2
                  db:
                    image: busybox
                    command: ["sh", "-c", "echo db-data > /data/index.html && exec httpd -f -p 5432 -h /data"]
                    volumes:
                      - data:/data
                    networks:
                      back:
                        aliases: [database]
                    restart: always
                  flaky:
                    image: busybox
                    command: ["sh", "-c", "echo run >> /state/runs; [ $$(wc -l < /state/runs) -ge 2 ] && exec sleep 3600; exit 3"]
                    volumes:
                      - state:/state
                    network_mode: none
                    restart: on-failure
                networks:
                  front:
                  back:
                volumes:
                  data:
                  state:
                """.formatted(name, port));
        return dir;
    }

    private static ExecResult dockerCompose(Path dir, String project, String... args) {
        var argv = new ArrayList<String>(List.of(DOCKER_COMPOSE, "--ansi", "never", "-p", project));
        argv.addAll(List.of(args));
        var env = new HashMap<String, String>();
        env.put("DOCKER_HOST", berthd.host());
        env.put("DOCKER_CONFIG", berthd.root().resolve("docker-config").toString());
        // `run` hands over to the docker CLI (docker start --attach), as it does by default
        env.put("PATH", Path.of(DockerCli.path()).getParent() + ":/usr/bin:/bin:/usr/sbin:/sbin");
        env.put("COMPOSE_HTTP_TIMEOUT", "300");
        // build through the API (POST /build, as docker-py sends it), not by running `docker build`
        env.put("COMPOSE_DOCKER_CLI_BUILD", "0");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        return Exec.in(dir, argv, env);
    }

    private static BerthdExtension.CliResult berthCompose(Path dir, String project, String... args) {
        var argv = new ArrayList<String>(List.of("compose", "--project-directory", dir.toString(), "-p", project));
        argv.addAll(List.of(args));
        return berthd.berth(argv.toArray(String[]::new));
    }

    private static String ok(ExecResult r) {
        String out = new String(r.stdout(), StandardCharsets.UTF_8);
        assertThat(r.exitCode()).as("%s\nstdout:\n%s\nstderr:\n%s", r.argv(), out,
                new String(r.stderr(), StandardCharsets.UTF_8)).isZero();
        return out;
    }

    private static String ok(BerthdExtension.CliResult r) {
        assertThat(r.exitCode()).as("exit code; stdout:\n%s\nstderr:\n%s", r.out(), r.err()).isZero();
        return r.out();
    }

    private static List<ContainerSummary> containers(String project) {
        return berthd.client().containers().list(new ContainerListOptions(true, OptionalInt.empty(), false,
                Map.of("label", List.of("com.docker.compose.project=" + project))));
    }

    private static int freePort() throws IOException {
        try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String get(int port) {
        try (var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "unreachable: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** What the project has running once it is up, the same whichever tool brought it up. */
    private static void checkRunning(String project, int port, String separator) {
        var byName = new HashMap<String, ContainerSummary>();
        containers(project).forEach(c -> byName.put(c.names().getFirst().substring(1), c));
        assertThat(byName).containsOnlyKeys(project + separator + "web" + separator + "1",
                project + separator + "worker" + separator + "1", project + separator + "worker" + separator + "2",
                project + separator + "db" + separator + "1", project + separator + "flaky" + separator + "1");
        var worker2 = byName.get(project + separator + "worker" + separator + "2");
        assertThat(worker2.labels()).containsEntry("com.docker.compose.service", "worker")
                .containsEntry("com.docker.compose.container-number", "2")
                .containsEntry("com.docker.compose.oneoff", "False")
                .containsKey("com.docker.compose.config-hash");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(get(port)).isEqualTo("hello-from-web\n"));
        var db = berthd.client().containers().inspect(project + separator + "db" + separator + "1");
        assertThat(db.hostConfig().restartPolicy().name()).isEqualTo("always");
        // on-failure: the first run exits 3, berthd starts it again, the second stays up
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            var flaky = berthd.client().containers().inspect(project + separator + "flaky" + separator + "1");
            assertThat(flaky.restartCount()).isGreaterThanOrEqualTo(1);
            assertThat(flaky.state().running()).isTrue();
        });
    }

    /** Nothing labelled with the project is left: containers, networks, volumes. */
    private static void nothingLeft(String project) {
        String label = "com.docker.compose.project=" + project;
        assertThat(containers(project)).isEmpty();
        assertThat(berthd.client().networks().list(Map.of("label", List.of(label)))).isEmpty();
        assertThat(berthd.client().networks().list(Map.of()).stream().map(n -> n.name()))
                .noneMatch(n -> n.startsWith(project + "_"));
        assertThat(berthd.client().volumes().list(Map.of("label", List.of(label))).volumes()).isEmpty();
        assertThat(berthd.client().volumes().list(Map.of()).volumes().stream().map(v -> v.name()))
                .noneMatch(n -> n.startsWith(project + "_"));
    }

    @Test
    void dockerComposeV1BringsTheProjectUpChecksItAndTakesItDown() throws Exception {
        int port = freePort();
        Path dir = project("dcv", port);

        var up = dockerCompose(dir, "dcv", "up", "-d");
        String built = ok(up);

        assertThat(built).contains("Step 2/3 : RUN mkdir -p /www", "Successfully tagged dcv-web:latest");
        assertThat(new String(up.stderr(), StandardCharsets.UTF_8))
                .contains("Creating network \"dcv_front\" with the default driver",
                        "Creating volume \"dcv_data\" with default driver", "Creating dcv_worker_2 ... done");
        checkRunning("dcv", port, "_");
        String ps = ok(dockerCompose(dir, "dcv", "ps"));
        assertThat(ps).containsPattern("dcv_web_1 +httpd -f -p 80 -h /www +Up +127\\.0\\.0\\.1:" + port + "->80/tcp")
                .containsPattern("dcv_worker_2 +sh -c echo worker-started.* +Up")
                .containsPattern("dcv_db_1 +.* +Up");
        assertThat(ok(dockerCompose(dir, "dcv", "ps", "--services")).lines().sorted().toList())
                .containsExactly("db", "flaky", "web", "worker");
        assertThat(ok(dockerCompose(dir, "dcv", "port", "web", "80")).trim()).isEqualTo("127.0.0.1:" + port);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ok(dockerCompose(dir, "dcv", "logs",
                "--no-color", "worker"))).contains("worker_1  | worker-started", "worker_2  | worker-started"));
        // DNS by service name and by alias on each network; the named volume is shared
        assertThat(ok(dockerCompose(dir, "dcv", "exec", "-T", "worker", "wget", "-qO-", "http://www/")))
                .isEqualTo("hello-from-web\n");
        assertThat(ok(dockerCompose(dir, "dcv", "exec", "-T", "--index", "2", "worker", "wget", "-qO-",
                "http://web/"))).isEqualTo("hello-from-web\n");
        assertThat(ok(dockerCompose(dir, "dcv", "exec", "-T", "worker", "wget", "-qO-", "http://database:5432/")))
                .isEqualTo("db-data\n");
        assertThat(ok(dockerCompose(dir, "dcv", "exec", "-T", "worker", "cat", "/data/index.html")))
                .isEqualTo("db-data\n");
        // a one-off container runs and is removed
        assertThat(ok(dockerCompose(dir, "dcv", "run", "--rm", "-T", "worker", "echo", "one-off"))).contains("one-off");
        // up again changes nothing; restart and scale go through the API as well
        var again = dockerCompose(dir, "dcv", "up", "-d");
        ok(again);
        assertThat(new String(again.stderr(), StandardCharsets.UTF_8)).contains("dcv_web_1 is up-to-date");
        ok(dockerCompose(dir, "dcv", "restart", "db"));
        ok(dockerCompose(dir, "dcv", "up", "-d", "--scale", "worker=3"));
        assertThat(containers("dcv")).hasSize(6);
        // docker compose v2's labels are the same, so berth compose sees v1's project
        assertThat(ok(berthCompose(dir, "dcv", "ps", "--services")).lines().sorted().toList())
                .containsExactly("db", "flaky", "web", "worker");

        var down = dockerCompose(dir, "dcv", "down", "-v", "-t", "1");
        ok(down);

        assertThat(new String(down.stderr(), StandardCharsets.UTF_8))
                .contains("Removing network dcv_front", "Removing volume dcv_data");
        nothingLeft("dcv");
    }

    @Test
    void berthComposeBringsTheSameProjectUpChecksItAndTakesItDown() throws Exception {
        int port = freePort();
        Path dir = project("bcv", port);

        ok(berthCompose(dir, "bcv", "up", "-d"));

        checkRunning("bcv", port, "-");
        assertThat(ok(berthCompose(dir, "bcv", "ps"))).containsPattern("bcv-web-1 .* Up .*127\\.0\\.0\\.1:" + port
                + "->80/tcp");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ok(berthCompose(dir, "bcv", "logs",
                "--no-color", "worker"))).contains("worker-1  | worker-started", "worker-2  | worker-started"));
        assertThat(ok(berthCompose(dir, "bcv", "exec", "-T", "--index", "2", "worker", "wget", "-qO-", "http://www/")))
                .isEqualTo("hello-from-web\n");
        assertThat(ok(berthCompose(dir, "bcv", "exec", "-T", "worker", "wget", "-qO-", "http://database:5432/")))
                .isEqualTo("db-data\n");
        // and docker-compose v1 sees berth compose's project through the same labels
        assertThat(ok(dockerCompose(dir, "bcv", "ps"))).containsPattern("bcv-web-1 .* Up ");

        ok(berthCompose(dir, "bcv", "down", "-v", "-t", "1"));

        nothingLeft("bcv");
    }

    /** Runs a program in a directory (docker-compose finds its file there). */
    private static final class Exec {
        static ExecResult in(Path dir, List<String> argv, Map<String, String> env) {
            var cd = new ArrayList<String>(List.of("/usr/bin/env", "-C", dir.toString()));
            cd.addAll(argv);
            return Processes.run(cd, env, null, Duration.ofMinutes(5));
        }
    }
}
