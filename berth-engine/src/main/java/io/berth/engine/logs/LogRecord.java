package io.berth.engine.logs;

/**
 * One entry of a container's log: its stream (1 stdout, 2 stderr), its time (nanoseconds since the
 * epoch) and its bytes as the container wrote them; a whole line ends with its newline, a partial
 * one (a line longer than 16 KiB, or output that stopped mid-line) does not.
 */
public record LogRecord(int stream, long timeNanos, byte[] data) {
    public boolean complete() {
        return data.length > 0 && data[data.length - 1] == '\n';
    }
}
