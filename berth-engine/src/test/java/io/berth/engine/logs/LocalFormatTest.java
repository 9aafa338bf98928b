package io.berth.engine.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class LocalFormatTest {
    private final LocalFormat format = new LocalFormat();

    @Test
    void framesAProtobufLogEntryByItsLengthBeforeAndAfter() {
        var out = new ByteSink(64);
        byte[] text = "hi".getBytes(StandardCharsets.US_ASCII);

        format.encode(out, 1, 1_000_000_001L, text, 0, text.length, true, LogFormat.Partial.NONE);

        // source "stdout", time_nano 1000000001, line "hi" (no newline), no partial fields
        assertThat(HexFormat.of().formatHex(out.toByteArray()))
                .isEqualTo("00000012" + "0a067374646f7574" + "108194ebdc03" + "1a026869" + "00000012");
    }

    @Test
    void partsOfLongLinesCarryDockersPartialMetadata() {
        var out = new ByteSink(64);
        byte[] text = "part".getBytes(StandardCharsets.US_ASCII);

        format.encode(out, 2, 5, text, 0, text.length, false, new LogFormat.Partial("ab", 1, false));
        format.encode(out, 2, 6, text, 0, text.length, true, new LogFormat.Partial("ab", 2, true));
        byte[] bytes = out.toByteArray();
        int first = format.recordLength(bytes, 0, bytes.length);
        var partial = format.decode(bytes, 0, first).orElseThrow();
        var last = format.decode(bytes, first, bytes.length - first).orElseThrow();

        assertThat(HexFormat.of().formatHex(bytes, 4, first - 4))
                .isEqualTo("0a06737464657272" + "1005" + "1a0470617274" + "2001" + "2a06" + "12026162" + "1801");
        assertThat(partial).satisfies(r -> {
            assertThat(r.stream()).isEqualTo(2);
            assertThat(new String(r.data(), StandardCharsets.US_ASCII)).isEqualTo("part");
        });
        assertThat(new String(last.data(), StandardCharsets.US_ASCII)).isEqualTo("part\n");
        assertThat(last.timeNanos()).isEqualTo(6);
    }

    @Test
    void anEmptyLineHasNoLineField() throws Exception {
        var out = new ByteSink(64);

        format.encode(out, 1, 7, new byte[0], 0, 0, true, LogFormat.Partial.NONE);
        byte[] bytes = out.toByteArray();

        assertThat(format.decode(bytes, 0, bytes.length).orElseThrow().data()).containsExactly('\n');
        assertThat(format.time(bytes, 0, bytes.length)).isEqualTo(7);
    }

    @Test
    void brokenFramingIsReportedNotGuessed() {
        byte[] bytes = {0, 0, 0, 3, 1, 2, 3, 0, 0, 0, 4};

        assertThat(format.recordLength(bytes, 0, bytes.length)).isEqualTo(LogFormat.CORRUPT);
        assertThat(format.recordLength(bytes, 0, 5)).isEqualTo(LogFormat.INCOMPLETE);
    }
}
