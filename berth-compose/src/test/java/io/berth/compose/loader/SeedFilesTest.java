package io.berth.compose.loader;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.compose.output.ModelWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's two compose files load and print the config docker compose prints for them. */
class SeedFilesTest {
    @TempDir
    Path tmp;

    @Test
    void primeProject() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("prime"));
        Files.writeString(dir.resolve("docker-compose.yml"), resource("seed/prime.yml"));

        Project project = ProjectLoader.load(LoadOptions.in(dir, Map.of()));

        assertThat(project.name()).isEqualTo("prime");
        assertThat(golden(ModelWriter.yaml(project.model()), dir, "prime.config.yml"))
                .isEqualTo(resource("seed/prime.config.yml"));
        assertThat(project.warnings()).containsExactly(dir.resolve("docker-compose.yml")
                + ": the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion");
    }

    @Test
    void besuProject() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("quorum"));
        Files.writeString(dir.resolve("compose.yaml"), resource("seed/besu.yml"));

        Project project = ProjectLoader.load(LoadOptions.in(dir, Map.of()));

        assertThat(golden(ModelWriter.yaml(project.model()), dir, "besu.config.yml"))
                .isEqualTo(resource("seed/besu.config.yml"));
    }

    @Test
    void besuProjectWithVariablesSet() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("quorum"));
        Files.writeString(dir.resolve("compose.yaml"), resource("seed/besu.yml"));
        Files.writeString(dir.resolve(".env"), "BESU_VERSION=24.1.0\nBESU_CONS_ALGO=qbft\n");

        Project project = ProjectLoader.load(LoadOptions.in(dir, Map.of("BESU_CONS_API", "QBFT")));

        var v2 = project.services().get("validator2");
        assertThat(v2.get("image")).isEqualTo("hyperledger/besu:24.1.0");
        assertThat((List<?>) v2.get("entrypoint")).last().asString()
                .contains("--rpc-http-api=EEA,WEB3,ETH,NET,PERM,QBFT").contains("--p2p-host=$(hostname -i)");
        List<String> sources = ((List<?>) v2.get("volumes")).stream().map(v -> String.valueOf(((Map<?, ?>) v).get("source"))).toList();
        assertThat(sources).contains(dir + "/config/besu/qbftGenesis.json");
    }

    /** The output with the project directory as {@code ${DIR}}; also left in target/ to compare by hand. */
    static String golden(String actual, Path dir, String name) throws IOException {
        String out = actual.replace(dir.toString(), "${DIR}");
        Files.writeString(Path.of("target", name + ".actual"), out);
        return out;
    }

    static String resource(String name) throws IOException {
        try (InputStream in = SeedFilesTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                return "(missing " + name + ")";
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
