package io.berth.engine.logs;

import java.io.IOException;
import java.util.Optional;

/**
 * An on-disk log format: how records are framed (so files can be read forwards and backwards),
 * encoded and decoded. {@link JsonFileFormat} is Docker's json-file, {@link LocalFormat} its
 * {@code local} driver's.
 */
sealed interface LogFormat permits JsonFileFormat, LocalFormat {
    /** Part of a line longer than the 16 KiB Docker puts in one record ({@code local} records it). */
    record Partial(String id, int ordinal, boolean last) {
        static final Partial NONE = new Partial("", 0, false);
    }

    /** A record the format cannot continue past (the framing is broken). */
    int CORRUPT = -2;
    /** The buffer ends before the record does. */
    int INCOMPLETE = -1;

    /**
     * Appends a record whose bytes are {@code text[offset, offset + length)} followed by a newline
     * when {@code complete}.
     */
    void encode(ByteSink out, int stream, long nanos, byte[] text, int offset, int length, boolean complete,
                Partial partial);

    /** The length of the record starting at {@code offset}, {@link #INCOMPLETE} or {@link #CORRUPT}. */
    int recordLength(byte[] buffer, int offset, int available);

    /** Where the record that ends at {@code end} starts, or {@link #CORRUPT}. */
    long recordStart(BackwardReader reader, long end) throws IOException;

    /** The record, or empty for one that cannot be read (it is skipped). */
    Optional<LogRecord> decode(byte[] buffer, int offset, int length);

    /** The record's time, or {@link LogTime#UNKNOWN}. */
    long time(byte[] buffer, int offset, int length);

    static LogFormat of(LogDriver driver) {
        return switch (driver) {
            case JSON_FILE -> new JsonFileFormat();
            case LOCAL -> new LocalFormat();
            case NONE, K8S_FILE -> throw new IllegalArgumentException(driver + " is not written by Berth");
        };
    }
}
