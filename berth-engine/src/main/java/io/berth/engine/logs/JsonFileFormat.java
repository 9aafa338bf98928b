package io.berth.engine.logs;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.common.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Docker's json-file format: one JSON object a line, {@code {"log":"hi\n","stream":"stdout","time":"2026-11-28T18:51:19.123456789Z"}},
 * written byte for byte as moby's {@code jsonlog.JSONLogs.MarshalJSONBuf} does: {@code <>&} and
 * control characters as six-character unicode escapes (only {@code \n} and {@code \r} get short forms),
 * bytes that are not UTF-8 as an escaped U+FFFD, U+2028/U+2029 escaped; the time in UTC with
 * trailing zeros dropped. A partial record's {@code log} has no newline.
 */
final class JsonFileFormat implements LogFormat {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LOG = "{\"log\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STDOUT = ",\"stream\":\"stdout\",\"time\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STDERR = ",\"stream\":\"stderr\",\"time\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\"}\n".getBytes(StandardCharsets.US_ASCII);

    private final LogTime time = new LogTime();
    private final ByteSink scratch = new ByteSink(1024);

    @Override
    public void encode(ByteSink out, int stream, long nanos, byte[] text, int offset, int length, boolean complete,
                       Partial partial) {
        out.ensure(length + 96);
        out.write(LOG);
        out.write('"');
        writeEscaped(out, text, offset, length);
        if (complete) {
            out.write('\\');
            out.write('n');
        }
        out.write('"');
        out.write(stream == 2 ? STDERR : STDOUT);
        time.format(nanos, out);
        out.write(END);
    }

    /** moby's {@code ffjsonWriteJSONBytesAsString}, without the quotes. */
    static void writeEscaped(ByteSink out, byte[] s, int offset, int length) {
        int end = offset + length;
        int start = offset;
        int i = offset;
        while (i < end) {
            int b = s[i] & 0xFF;
            if (b < 0x80) {
                if (b >= 0x20 && b != '\\' && b != '"' && b != '<' && b != '>' && b != '&') {
                    i++;
                    continue;
                }
                out.write(s, start, i - start);
                switch (b) {
                    case '\\', '"' -> {
                        out.write('\\');
                        out.write(b);
                    }
                    case '\n' -> {
                        out.write('\\');
                        out.write('n');
                    }
                    case '\r' -> {
                        out.write('\\');
                        out.write('r');
                    }
                    default -> {
                        out.write('\\');
                        out.write('u');
                        out.write('0');
                        out.write('0');
                        out.write(HEX[b >> 4]);
                        out.write(HEX[b & 0xF]);
                    }
                }
                i++;
                start = i;
                continue;
            }
            int size = Utf8.validSequence(s, i, end);
            if (size == 0) {
                out.write(s, start, i - start);
                out.write(new byte[] {'\\', 'u', 'f', 'f', 'f', 'd'});
                i++;
                start = i;
                continue;
            }
            if (size == 3 && b == 0xE2 && (s[i + 1] & 0xFF) == 0x80 && ((s[i + 2] & 0xFF) == 0xA8 || (s[i + 2] & 0xFF) == 0xA9)) {
                out.write(s, start, i - start);
                out.write(new byte[] {'\\', 'u', '2', '0', '2', (s[i + 2] & 0xFF) == 0xA8 ? (byte) '8' : (byte) '9'});
                i += 3;
                start = i;
                continue;
            }
            i += size;
        }
        out.write(s, start, end - start);
    }

    @Override
    public int recordLength(byte[] buffer, int offset, int available) {
        for (int i = offset; i < offset + available; i++) {
            if (buffer[i] == '\n') {
                return i - offset + 1;
            }
        }
        return INCOMPLETE;
    }

    @Override
    public long recordStart(BackwardReader reader, long end) throws IOException {
        return reader.lastNewline(end - 1) + 1;
    }

    @Override
    public Optional<LogRecord> decode(byte[] b, int offset, int length) {
        int end = offset + length;
        if (end > offset && b[end - 1] == '\n') {
            end--;
        }
        var fast = decodeFast(b, offset, end);
        return fast.isPresent() ? fast : decodeSlow(b, offset, end);
    }

    /** The shape Docker (and Berth) write: log, stream, time in that order and nothing else. */
    private Optional<LogRecord> decodeFast(byte[] b, int offset, int end) {
        if (end - offset < LOG.length + 2 || !startsWith(b, offset, LOG) || b[offset + LOG.length] != '"') {
            return Optional.empty();
        }
        scratch.reset();
        int i = unescape(b, offset + LOG.length + 1, end, scratch);
        if (i < 0 || i + STDOUT.length > end) {
            return Optional.empty();
        }
        int stream;
        if (startsWith(b, i, STDOUT)) {
            stream = 1;
        } else if (startsWith(b, i, STDERR)) {
            stream = 2;
        } else {
            return Optional.empty();
        }
        int timeStart = i + STDOUT.length;
        if (end - timeStart < 3 || b[end - 1] != '}' || b[end - 2] != '"') {
            return Optional.empty();
        }
        long nanos = LogTime.parse(b, timeStart, end - 2 - timeStart);
        if (nanos == LogTime.UNKNOWN) {
            return Optional.empty();
        }
        return Optional.of(new LogRecord(stream, nanos, scratch.toByteArray()));
    }

    private static Optional<LogRecord> decodeSlow(byte[] b, int offset, int end) {
        try {
            JsonNode node = Json.mapper().readTree(b, offset, end - offset);
            if (node == null || !node.isObject()) {
                return Optional.empty();
            }
            byte[] text = node.path("log").asText("").getBytes(StandardCharsets.UTF_8);
            int stream = node.path("stream").asText("").equals("stderr") ? 2 : 1;
            byte[] time = node.path("time").asText("").getBytes(StandardCharsets.US_ASCII);
            long nanos = LogTime.parse(time, 0, time.length);
            if (nanos == LogTime.UNKNOWN) {
                return Optional.empty();
            }
            return Optional.of(new LogRecord(stream, nanos, text));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Decodes the JSON string starting after its opening quote; returns the index after the closing one, or -1. */
    static int unescape(byte[] b, int i, int end, ByteSink out) {
        int start = i;
        while (i < end) {
            byte c = b[i];
            if (c == '"') {
                out.write(b, start, i - start);
                return i + 1;
            }
            if (c != '\\') {
                i++;
                continue;
            }
            out.write(b, start, i - start);
            if (i + 1 >= end) {
                return -1;
            }
            byte e = b[i + 1];
            switch (e) {
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case '"', '\\', '/' -> out.write(e);
                case 'u' -> {
                    int cp = hex4(b, i + 2, end);
                    if (cp < 0) {
                        return -1;
                    }
                    i += 6;
                    if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 <= end && b[i] == '\\' && b[i + 1] == 'u') {
                        int low = hex4(b, i + 2, end);
                        if (low >= 0xDC00 && low <= 0xDFFF) {
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                            i += 6;
                        }
                    }
                    if (cp >= 0xD800 && cp <= 0xDFFF) {
                        cp = 0xFFFD;
                    }
                    Utf8.write(out, cp);
                    start = i;
                    continue;
                }
                default -> {
                    return -1;
                }
            }
            i += 2;
            start = i;
        }
        return -1;
    }

    private static int hex4(byte[] b, int at, int end) {
        if (at + 4 > end) {
            return -1;
        }
        int value = 0;
        for (int k = 0; k < 4; k++) {
            int d = Character.digit(b[at + k], 16);
            if (d < 0) {
                return -1;
            }
            value = value << 4 | d;
        }
        return value;
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        if (at + prefix.length > b.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (b[at + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    private static final byte[] TIME_KEY = "\"time\":\"".getBytes(StandardCharsets.US_ASCII);

    @Override
    public long time(byte[] b, int offset, int length) {
        int end = offset + length;
        if (end > offset && b[end - 1] == '\n') {
            end--;
        }
        // Docker and Berth write the time last: {..."time":"<time>"}
        if (end - offset > 12 && b[end - 1] == '}' && b[end - 2] == '"') {
            for (int i = end - 3; i >= offset && i > end - 64; i--) {
                if (b[i] == '"' && i - TIME_KEY.length + 1 >= offset
                        && startsWith(b, i - TIME_KEY.length + 1, TIME_KEY)) {
                    long nanos = LogTime.parse(b, i + 1, end - 2 - (i + 1));
                    if (nanos != LogTime.UNKNOWN) {
                        return nanos;
                    }
                    break;
                }
            }
        }
        return decodeSlow(b, offset, end).map(LogRecord::timeNanos).orElse(LogTime.UNKNOWN);
    }
}
