package io.berth.runtime.conmon;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * conmon's k8s-file log format: {@code <RFC3339Nano time> stdout|stderr F|P <text>\n}; {@code P}
 * marks a partial line (the text did not end with a newline yet).
 */
public final class K8sLog {
    private K8sLog() {}

    /** One log record: the time, the stream (1 = stdout, 2 = stderr), the bytes (with the newline for full lines). */
    public record Entry(Instant time, int stream, byte[] data) {}

    /** Parses one line (without its trailing newline); returns null for a malformed line. */
    public static Entry parse(byte[] line, int length) {
        int first = indexOf(line, 0, length, (byte) ' ');
        if (first < 0) {
            return null;
        }
        int second = indexOf(line, first + 1, length, (byte) ' ');
        if (second < 0) {
            return null;
        }
        int third = indexOf(line, second + 1, length, (byte) ' ');
        if (third < 0) {
            third = length; // an empty partial record
        }
        Instant time;
        try {
            time = Instant.parse(new String(line, 0, first, StandardCharsets.US_ASCII));
        } catch (DateTimeParseException e) {
            return null;
        }
        String stream = new String(line, first + 1, second - first - 1, StandardCharsets.US_ASCII);
        if (!stream.equals("stdout") && !stream.equals("stderr")) {
            return null;
        }
        boolean partial = third > second + 1 && line[second + 1] == 'P';
        int start = Math.min(third + 1, length);
        int textLength = length - start;
        byte[] data = new byte[textLength + (partial ? 0 : 1)];
        System.arraycopy(line, start, data, 0, textLength);
        if (!partial) {
            data[textLength] = '\n';
        }
        return new Entry(time, stream.equals("stderr") ? 2 : 1, data);
    }

    private static int indexOf(byte[] bytes, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
