package io.berth.daemon.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.common.NotFoundException;
import io.berth.image.registry.Progress;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressLinesTest {
    @Test
    void messagesAreDockersJsonLines() {
        var out = new ByteArrayOutputStream();
        var lines = new ProgressLines(out);

        lines.on(new Progress.Status("latest", "Pulling from library/busybox"));
        lines.on(new Progress.Status("5cc84ad355aa", "Pulling fs layer"));
        lines.on(new Progress.Bytes("5cc84ad355aa", "Downloading", 386397, 772794));
        lines.on(new Progress.Status("", "Digest: sha256:abc"));
        lines.on(new Progress.PushResult("latest", "sha256:def", 527));
        lines.error(new NotFoundException("manifest unknown"));

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("""
                {"status":"Pulling from library/busybox","id":"latest"}\r
                {"status":"Pulling fs layer","progressDetail":{},"id":"5cc84ad355aa"}\r
                {"status":"Downloading","progressDetail":{"current":386397,"total":772794},"progress":"[=========================>                         ]  386.4kB/772.8kB","id":"5cc84ad355aa"}\r
                {"status":"Digest: sha256:abc"}\r
                {"progressDetail":{},"aux":{"Tag":"latest","Digest":"sha256:def","Size":527}}\r
                {"errorDetail":{"message":"manifest unknown"},"error":"manifest unknown"}\r
                """);
    }

    @Test
    void sizesAreGoUnitsHumanSizes() {
        assertThat(ProgressLines.humanSize(22)).isEqualTo("22B");
        assertThat(ProgressLines.humanSize(772794)).isEqualTo("772.8kB");
        assertThat(ProgressLines.humanSize(1000)).isEqualTo("1kB");
        assertThat(ProgressLines.humanSize(2_345_678_901L)).isEqualTo("2.346GB");
        assertThat(ProgressLines.bar(0, 100)).startsWith("[>");
        assertThat(ProgressLines.bar(100, 100)).startsWith("[" + "=".repeat(50) + ">]");
    }
}
