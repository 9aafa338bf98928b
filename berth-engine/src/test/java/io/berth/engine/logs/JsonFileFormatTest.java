package io.berth.engine.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonFileFormatTest {
    private final JsonFileFormat format = new JsonFileFormat();

    @Test
    void writesDockersBytes() {
        String line = encode(1, "2026-11-28T18:51:19.123456780Z", "hello", true);

        assertThat(line).isEqualTo("{\"log\":\"hello\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-28T18:51:19.12345678Z\"}\n");
    }

    @Test
    void escapesAsMobysMarshaller() {
        String line = encode(2, "2026-11-28T18:51:19Z", "a<b>&c\t\"q\"\\\r\u0001é€😀\u2028", false);

        assertThat(line).isEqualTo("{\"log\":\"a\\u003cb\\u003e\\u0026c\\u0009\\\"q\\\"\\\\\\r\\u0001é€😀\\u2028\","
                + "\"stream\":\"stderr\",\"time\":\"2026-11-28T18:51:19Z\"}\n");
    }

    @Test
    void bytesThatAreNotUtf8BecomeTheReplacementCharacter() {
        var out = new ByteSink(64);
        byte[] text = {'a', (byte) 0xff, (byte) 0xc3, 'b', (byte) 0xed, (byte) 0xa0, (byte) 0x80};

        JsonFileFormat.writeEscaped(out, text, 0, text.length);

        assertThat(new String(out.toByteArray(), StandardCharsets.UTF_8))
                .isEqualTo("a\\ufffd\\ufffdb\\ufffd\\ufffd\\ufffd");
    }

    @Test
    void decodesWhatItWrites() {
        String text = "x<y> \"quoted\" \\ tab\t é 😀 \u2029 end";
        byte[] line = encode(2, "2026-11-28T18:51:19.000000001Z", text, true).getBytes(StandardCharsets.UTF_8);

        var record = format.decode(line, 0, line.length).orElseThrow();

        assertThat(record.stream()).isEqualTo(2);
        assertThat(record.timeNanos()).isEqualTo(LogTimeTest.nanos("2026-11-28T18:51:19.000000001Z"));
        assertThat(new String(record.data(), StandardCharsets.UTF_8)).isEqualTo(text + "\n");
        assertThat(format.time(line, 0, line.length)).isEqualTo(record.timeNanos());
    }

    @Test
    void readsRecordsOfOtherShapesToo() {
        byte[] line = ("{\"stream\":\"stdout\",\"attrs\":{\"tag\":\"web\"},\"time\":\"2026-11-28T18:51:19.5Z\","
                + "\"log\":\"\\u00e9\\ud83d\\ude00\\/\\n\"}\n").getBytes(StandardCharsets.UTF_8);

        var record = format.decode(line, 0, line.length).orElseThrow();

        assertThat(new String(record.data(), StandardCharsets.UTF_8)).isEqualTo("é😀/\n");
        assertThat(record.stream()).isEqualTo(1);
        assertThat(format.time(line, 0, line.length)).isEqualTo(LogTimeTest.nanos("2026-11-28T18:51:19.5Z"));
    }

    @Test
    void skipsWhatIsNotARecord() {
        byte[] line = "{\"log\":\"cut sh".getBytes(StandardCharsets.UTF_8);

        assertThat(format.decode(line, 0, line.length)).isEmpty();
        assertThat(format.recordLength(line, 0, line.length)).isEqualTo(LogFormat.INCOMPLETE);
    }

    private String encode(int stream, String time, String text, boolean complete) {
        var out = new ByteSink(256);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        format.encode(out, stream, LogTimeTest.nanos(time), bytes, 0, bytes.length, complete, LogFormat.Partial.NONE);
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }
}
