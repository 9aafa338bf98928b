package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.common.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {
    private static final List<String> PULL = List.of(
            "{\"status\":\"Pulling from library/busybox\",\"id\":\"1\"}",
            "{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"aaa\"}",
            "{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"bbb\"}",
            "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":512,\"total\":1024},"
                    + "\"progress\":\"[=========================>                         ]     512B/1.024kB\",\"id\":\"aaa\"}",
            "{\"status\":\"Download complete\",\"progressDetail\":{},\"id\":\"aaa\"}",
            "{\"status\":\"Digest: sha256:abc\"}");

    private static String print(boolean terminal) {
        var text = new StringWriter();
        var printer = new ProgressPrinter(new PrintWriter(text), terminal);
        for (String line : PULL) {
            printer.accept(Json.tree(line.getBytes(StandardCharsets.UTF_8)));
        }
        return text.toString();
    }

    @Test
    void plainLinesWithoutBarsWhenNotATerminal() {
        assertThat(print(false)).isEqualTo("""
                1: Pulling from library/busybox
                aaa: Pulling fs layer
                bbb: Pulling fs layer
                aaa: Download complete
                Digest: sha256:abc
                """);
    }

    @Test
    void oneLinePerLayerRedrawnInPlaceWithItsBarOnATerminal() {
        String out = print(true);

        // the "Downloading" line of aaa moves the cursor up two lines (aaa, then bbb below it), clears and redraws
        assertThat(out).contains("\u001b[2A\u001b[2K\raaa: Downloading [=========================>", "512B/1.024kB\r\u001b[2B")
                .contains("aaa: Download complete").endsWith("Digest: sha256:abc\n");
    }
}
