package io.berth.image.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigChangesTest {
    private static ObjectNode apply(String... changes) {
        return ConfigChanges.apply(null, List.of(changes));
    }

    private static List<String> texts(JsonNode array) {
        var out = new java.util.ArrayList<String>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void cmdAndEntrypointTakeJsonOrShellForm() {
        var config = apply("CMD [\"sh\", \"-c\", \"echo hi\"]", "ENTRYPOINT /init --verbose");

        assertThat(texts(config.get("Cmd"))).containsExactly("sh", "-c", "echo hi");
        assertThat(texts(config.get("Entrypoint"))).containsExactly("/bin/sh", "-c", "/init --verbose");
    }

    @Test
    void anEntrypointClearsACmdTheChangesDidNotSet() {
        var base = (ObjectNode) Json.tree("{\"Cmd\":[\"sh\"]}".getBytes());

        assertThat(ConfigChanges.apply(base, List.of("ENTRYPOINT [\"top\"]")).get("Cmd").isNull()).isTrue();
        assertThat(texts(ConfigChanges.apply(base, List.of("CMD [\"-b\"]", "ENTRYPOINT [\"top\"]")).get("Cmd")))
                .containsExactly("-b");
        assertThat(texts(base.get("Cmd"))).as("the input is not changed").containsExactly("sh");
    }

    @Test
    void envTakesPairsOrTheOldForm() {
        var config = apply("ENV A=1 B=\"two words\" C=x\\ y", "ENV D the rest of the line", "ENV A=one");

        assertThat(texts(config.get("Env"))).containsExactly("A=one", "B=two words", "C=x y", "D=the rest of the line");
    }

    @Test
    void variablesAreReplacedFromTheEnvironment() {
        var config = apply("ENV BASE=/opt/app PORT=8080", "WORKDIR $BASE", "WORKDIR sub/../bin", "EXPOSE ${PORT}/udp",
                "LABEL home=${BASE} missing=${NOPE:-fallback} literal='$BASE'", "USER ${U:-nobody}");

        assertThat(config.get("WorkingDir").asText()).isEqualTo("/opt/app/bin");
        assertThat(config.get("ExposedPorts").has("8080/udp")).isTrue();
        assertThat(config.get("Labels").get("home").asText()).isEqualTo("/opt/app");
        assertThat(config.get("Labels").get("missing").asText()).isEqualTo("fallback");
        assertThat(config.get("Labels").get("literal").asText()).isEqualTo("$BASE");
        assertThat(config.get("User").asText()).isEqualTo("nobody");
    }

    @Test
    void exposeAcceptsProtocolsAndRanges() {
        var ports = apply("EXPOSE 80 443/udp", "expose 7000-7002/sctp").get("ExposedPorts");

        assertThat(ports.fieldNames()).toIterable()
                .containsExactly("80/tcp", "443/udp", "7000/sctp", "7001/sctp", "7002/sctp");
        assertThatThrownBy(() -> apply("EXPOSE 80/bogus")).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> apply("EXPOSE 70000")).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> apply("EXPOSE")).hasMessage("EXPOSE requires at least one argument");
    }

    @Test
    void labelsKeepQuotedKeys() {
        var labels = apply("LABEL a=b \"c d\"=e", "LABEL version 1.0 beta").get("Labels");

        assertThat(labels.get("a").asText()).isEqualTo("b");
        assertThat(labels.get("c d").asText()).isEqualTo("e");
        assertThat(labels.get("version").asText()).isEqualTo("1.0 beta");
        assertThatThrownBy(() -> apply("LABEL a=b c")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("can't find = in \"c\"");
    }

    @Test
    void volumesTakeJsonOrWords() {
        var volumes = apply("VOLUME [\"/data\", \"/logs\"]", "VOLUME /cache /tmp/x").get("Volumes");

        assertThat(volumes.fieldNames()).toIterable().containsExactly("/data", "/logs", "/cache", "/tmp/x");
    }

    @Test
    void theRemainingInstructions() {
        var config = apply("USER 1000:1000", "STOPSIGNAL SIGINT", "ONBUILD RUN make", "# a comment", "",
                "CMD echo \\\n  continued");

        assertThat(config.get("User").asText()).isEqualTo("1000:1000");
        assertThat(config.get("StopSignal").asText()).isEqualTo("SIGINT");
        assertThat(texts(config.get("OnBuild"))).containsExactly("RUN make");
        assertThat(texts(config.get("Cmd"))).containsExactly("/bin/sh", "-c", "echo  continued");
        assertThatThrownBy(() -> apply("USER a b")).hasMessage("USER requires exactly one argument");
        assertThatThrownBy(() -> apply("ONBUILD FROM x")).hasMessage("FROM isn't allowed as an ONBUILD trigger");
        assertThatThrownBy(() -> apply("STOPSIGNAL ki!ll")).hasMessage("Invalid signal: ki!ll");
    }

    @Test
    void onlyTheChangeCommandsAreAllowed() {
        assertThatThrownBy(() -> apply("FROM busybox")).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("from is not a valid change command");
        assertThatThrownBy(() -> apply("CMD x", "COPY a b")).hasMessage("copy is not a valid change command");
        assertThat(apply()).isEmpty();
    }
}
