package io.berth.api.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exec records against what a Docker 20.10 daemon sent ({@code shared/specs/docker-api-samples/exec-*}). */
class ExecSamplesTest {
    @Test
    void execInspectIsWrittenByteForByteAsDockerWroteIt() {
        String sample = sample("exec-inspect.json").strip();

        var inspect = Json.read(sample, ExecInspectResponse.class);

        assertThat(inspect.id()).startsWith("2ea40da0544c");
        assertThat(inspect.running()).isFalse();
        assertThat(inspect.exitCode()).isZero();
        assertThat(inspect.processConfig().entrypoint()).isEqualTo("echo");
        assertThat(inspect.processConfig().arguments()).containsExactly("from-exec");
        assertThat(inspect.processConfig().user()).isNull();
        assertThat(inspect.pid()).isEqualTo(24583L);
        assertThat(Json.write(inspect)).isEqualTo(sample);
    }

    @Test
    void aRunningExecHasANullExitCodeAndAUserWhenOneWasGiven() {
        var inspect = ExecInspectResponse.builder().id("x").running(true)
                .processConfig(new ExecProcessConfig(true, "id", List.of(), false, "nobody")).build();

        String json = Json.write(inspect);

        assertThat(json).contains("\"ExitCode\":null")
                .contains("\"ProcessConfig\":{\"tty\":true,\"entrypoint\":\"id\",\"arguments\":[],\"privileged\":false,"
                        + "\"user\":\"nobody\"}");
    }

    @Test
    void execCreateAnswersWithAnIdResponse() {
        String sample = sample("exec-create.json").strip();

        var created = Json.read(sample, IDResponse.class);

        assertThat(Json.write(created)).isEqualTo(sample);
    }

    @Test
    void execConfigReadsWhatTheDockerCliSends() {
        String body = "{\"User\":\"\",\"Privileged\":false,\"Tty\":false,\"ConsoleSize\":[0,0],\"AttachStdin\":false,"
                + "\"AttachStderr\":true,\"AttachStdout\":true,\"Detach\":false,\"DetachKeys\":\"\",\"Env\":null,"
                + "\"WorkingDir\":\"\",\"Cmd\":[\"echo\",\"hi\"]}";

        var config = Json.read(body, ExecConfig.class);

        assertThat(config.cmd()).containsExactly("echo", "hi");
        assertThat(config.attachStdout()).isTrue();
        assertThat(config.attachStdin()).isFalse();
        assertThat(config.env()).isNull();
        assertThat(config.consoleSize()).containsExactly(0L, 0L);
    }

    private static String sample(String name) {
        try (InputStream in = ExecSamplesTest.class.getResourceAsStream("/docker-api-samples/" + name)) {
            assertThat(in).as("test resource docker-api-samples/" + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
