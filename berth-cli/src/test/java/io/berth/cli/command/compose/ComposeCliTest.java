package io.berth.cli.command.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.cli.BerthCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth compose} commands that need no daemon, run in-process: config, version, errors. */
class ComposeCliTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    private Result berth(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var root = new BerthCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        // a socket nobody listens on: these commands must not need the daemon
        var argv = new ArrayList<>(List.of("-H", "unix://" + dir.resolve("none.sock")));
        argv.addAll(List.of(args));
        int code = BerthCommand.commandLine(root, argv.toArray(String[]::new)).execute(argv.toArray(String[]::new));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Result compose(String... args) {
        var argv = new ArrayList<>(List.of("compose", "--project-directory", dir.toString()));
        argv.addAll(List.of(args));
        return berth(argv.toArray(String[]::new));
    }

    @Test
    void configPrintsYamlJsonAndLists() throws Exception {
        Files.writeString(dir.resolve("compose.yaml"), """
                name: demo
                services:
                  web:
                    image: busybox
                    profiles: [web]
                  db:
                    image: "busybox:${DB_TAG:-1.36}"
                    volumes: [data:/data]
                volumes:
                  data:
                """);
        var yaml = compose("config");
        assertThat(yaml.code()).as(yaml.err()).isZero();
        assertThat(yaml.out()).isEqualTo("""
                name: demo
                services:
                  db:
                    image: busybox:1.36
                    networks:
                      default: null
                    volumes:
                      - type: volume
                        source: data
                        target: /data
                        volume: {}
                networks:
                  default:
                    name: demo_default
                volumes:
                  data:
                    name: demo_data
                """);
        assertThat(compose("config", "--format", "json").out()).startsWith("{\n  \"name\": \"demo\",\n");
        assertThat(compose("--profile", "web", "config", "--services").out()).isEqualTo("db\nweb\n");
        assertThat(compose("config", "--images").out()).isEqualTo("busybox:1.36\n");
        assertThat(compose("config", "--volumes").out()).isEqualTo("data\n");
        assertThat(compose("config", "--profiles").out()).isEqualTo("web\n");
        assertThat(compose("config", "-q").out()).isEmpty();
        assertThat(compose("-p", "other", "config").out()).startsWith("name: other\n");
        assertThat(compose("config", "--no-interpolate").out()).contains("image: busybox:${DB_TAG:-1.36}");
    }

    @Test
    void fileErrorsArePrintedAsTheyAre() throws Exception {
        Files.writeString(dir.resolve("compose.yaml"), "services: {web: {image: busybox, nope: 1}}\n");
        var r = compose("config");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("validating " + dir.resolve("compose.yaml")
                + ": services.web additional properties 'nope' not allowed\n");
        Files.delete(dir.resolve("compose.yaml"));
        assertThat(compose("config").err()).isEqualTo("no configuration file provided: not found\n");
    }

    @Test
    void severalFilesWithDashF() throws Exception {
        Files.writeString(dir.resolve("a.yml"), "services: {web: {image: busybox, environment: [A=1]}}\n");
        Files.writeString(dir.resolve("b.yml"), "services: {web: {environment: [B=2]}}\n");
        var r = compose("-f", dir.resolve("a.yml").toString(), "-f", dir.resolve("b.yml").toString(), "config");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("    environment:\n      A: \"1\"\n      B: \"2\"\n");
    }

    @Test
    void version() {
        assertThat(compose("version").out()).startsWith("Berth Compose version v");
        assertThat(compose("version", "--short").out()).matches("\\d+\\.\\d+\\.\\d+-berth\\n");
    }

    /** docs/systemd's units run berth commands: each must parse as berth's command line does (verbs and flags exist). */
    @Test
    void systemdUnitsRunCommandsThatExist() throws Exception {
        Path units = Path.of("..", "docs", "systemd");
        var commands = new ArrayList<String[]>();
        try (var files = Files.list(units)) {
            for (Path unit : files.filter(f -> f.toString().endsWith(".service")).sorted().toList()) {
                for (String line : Files.readAllLines(unit)) {
                    var m = java.util.regex.Pattern.compile("^Exec\\w+=-?/usr/local/bin/berth (.*)$").matcher(line);
                    if (m.matches()) {
                        commands.add(m.group(1).trim().split("\\s+"));
                    }
                }
            }
        }
        assertThat(commands).extracting(c -> String.join(" ", c)).contains("compose up -d --remove-orphans",
                "compose down", "compose pull --quiet");
        for (String[] argv : commands) {
            var root = new BerthCommand(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
            var parsed = BerthCommand.commandLine(root, argv).parseArgs(argv);
            assertThat(parsed.unmatched()).as(String.join(" ", argv)).isEmpty();
        }
    }
}
