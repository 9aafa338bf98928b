package io.berth.engine.logs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Docker's {@code local} driver format: each record is a protobuf {@code LogEntry} (source = 1,
 * time_nano = 2, line = 3 without its newline, partial = 4, partial_log_metadata = 5 with last = 1,
 * id = 2, ordinal = 3) framed by its length as a big-endian uint32 before and after it, so the
 * file reads backwards as well as forwards.
 */
final class LocalFormat implements LogFormat {
    /** moby's {@code maxMsgLen}: a larger length means the framing is broken. */
    static final int MAX_MESSAGE = 1_000_000;
    private static final byte[] STDOUT = "stdout".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STDERR = "stderr".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void encode(ByteSink out, int stream, long nanos, byte[] text, int offset, int length, boolean complete,
                       Partial partial) {
        out.ensure(length + 64);
        int start = out.size();
        out.writeInt(0);
        out.write(0x0A);
        out.writeVarint(6);
        out.write(stream == 2 ? STDERR : STDOUT);
        if (nanos != 0) {
            out.write(0x10);
            out.writeVarint(nanos);
        }
        if (length > 0) {
            out.write(0x1A);
            out.writeVarint(length);
            out.write(text, offset, length);
        }
        boolean isPartial = !complete || partial != Partial.NONE;
        if (isPartial) {
            out.write(0x20);
            out.write(1);
            byte[] id = partial.id().getBytes(StandardCharsets.US_ASCII);
            int metadata = (partial.last() ? 2 : 0) + (id.length > 0 ? 2 + id.length : 0)
                    + (partial.ordinal() != 0 ? 1 + varintSize(partial.ordinal()) : 0);
            out.write(0x2A);
            out.writeVarint(metadata);
            if (partial.last()) {
                out.write(0x08);
                out.write(1);
            }
            if (id.length > 0) {
                out.write(0x12);
                out.writeVarint(id.length);
                out.write(id);
            }
            if (partial.ordinal() != 0) {
                out.write(0x18);
                out.writeVarint(partial.ordinal());
            }
        }
        int size = out.size() - start - 4;
        out.setInt(start, size);
        out.writeInt(size);
    }

    private static int varintSize(long value) {
        int size = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            size++;
        }
        return size;
    }

    @Override
    public int recordLength(byte[] b, int offset, int available) {
        if (available < 4) {
            return INCOMPLETE;
        }
        int size = intAt(b, offset);
        if (size < 0 || size > MAX_MESSAGE) {
            return CORRUPT;
        }
        if (available < size + 8) {
            return INCOMPLETE;
        }
        return intAt(b, offset + 4 + size) == size ? size + 8 : CORRUPT;
    }

    @Override
    public long recordStart(BackwardReader reader, long end) throws IOException {
        if (end < 8) {
            return CORRUPT;
        }
        int size = reader.intAt(end - 4);
        long start = end - 8 - size;
        if (size < 0 || size > MAX_MESSAGE || start < 0 || reader.intAt(start) != size) {
            return CORRUPT;
        }
        return start;
    }

    @Override
    public Optional<LogRecord> decode(byte[] b, int offset, int length) {
        var entry = parse(b, offset + 4, offset + length - 4);
        if (entry == null) {
            return Optional.empty();
        }
        byte[] data;
        if (!entry.partial || entry.last) {
            data = new byte[entry.lineLength + 1];
            System.arraycopy(b, entry.lineOffset, data, 0, entry.lineLength);
            data[entry.lineLength] = '\n';
        } else {
            data = new byte[entry.lineLength];
            System.arraycopy(b, entry.lineOffset, data, 0, entry.lineLength);
        }
        return Optional.of(new LogRecord(entry.stderr ? 2 : 1, entry.nanos, data));
    }

    @Override
    public long time(byte[] b, int offset, int length) {
        var entry = parse(b, offset + 4, offset + length - 4);
        return entry == null ? LogTime.UNKNOWN : entry.nanos;
    }

    /** The fields of one LogEntry; a private mutable holder that never leaves this class. */
    private static final class Entry {
        boolean stderr;
        long nanos;
        int lineOffset;
        int lineLength;
        boolean partial;
        boolean last;
    }

    private static Entry parse(byte[] b, int i, int end) {
        var entry = new Entry();
        long[] cursor = new long[1];
        while (i < end) {
            cursor[0] = i;
            long key = varint(b, cursor, end);
            if (key < 0) {
                return null;
            }
            i = (int) cursor[0];
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            switch (wire) {
                case 0 -> {
                    cursor[0] = i;
                    long value = varint(b, cursor, end);
                    if (cursor[0] < 0) {
                        return null;
                    }
                    i = (int) cursor[0];
                    if (field == 2) {
                        entry.nanos = value;
                    } else if (field == 4) {
                        entry.partial = value != 0;
                    }
                }
                case 2 -> {
                    cursor[0] = i;
                    long size = varint(b, cursor, end);
                    if (size < 0 || cursor[0] + size > end) {
                        return null;
                    }
                    int at = (int) cursor[0];
                    if (field == 1) {
                        entry.stderr = size == 6 && b[at + 3] == 'e';
                    } else if (field == 3) {
                        entry.lineOffset = at;
                        entry.lineLength = (int) size;
                    } else if (field == 5) {
                        entry.last = lastFlag(b, at, at + (int) size);
                    }
                    i = at + (int) size;
                }
                case 1 -> i += 8;
                case 5 -> i += 4;
                default -> {
                    return null;
                }
            }
        }
        return i == end ? entry : null;
    }

    private static boolean lastFlag(byte[] b, int i, int end) {
        long[] cursor = new long[1];
        while (i < end) {
            cursor[0] = i;
            long key = varint(b, cursor, end);
            if (key < 0) {
                return false;
            }
            i = (int) cursor[0];
            switch ((int) (key & 7)) {
                case 0 -> {
                    cursor[0] = i;
                    long value = varint(b, cursor, end);
                    if (cursor[0] < 0) {
                        return false;
                    }
                    if (key >>> 3 == 1) {
                        return value != 0;
                    }
                    i = (int) cursor[0];
                }
                case 2 -> {
                    cursor[0] = i;
                    long size = varint(b, cursor, end);
                    if (size < 0) {
                        return false;
                    }
                    i = (int) (cursor[0] + size);
                }
                default -> {
                    return false;
                }
            }
        }
        return false;
    }

    /** A varint at {@code cursor[0]}; advances the cursor, or sets it to -1 and returns -1 when broken. */
    private static long varint(byte[] b, long[] cursor, int end) {
        long value = 0;
        int shift = 0;
        int i = (int) cursor[0];
        while (i < end && shift < 64) {
            int c = b[i++] & 0xFF;
            value |= (long) (c & 0x7F) << shift;
            if ((c & 0x80) == 0) {
                cursor[0] = i;
                return value;
            }
            shift += 7;
        }
        cursor[0] = -1;
        return -1;
    }

    private static int intAt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }
}
