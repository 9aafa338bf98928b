package io.berth.image.archive;

import io.berth.common.InvalidArgumentException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * How a stream is compressed, told by its first bytes as Docker does. Gzip and bzip2 are read
 * with commons-compress alone; xz and zstd would need further libraries, so they are only
 * recognised (to give a clear error).
 */
enum Compression {
    NONE, GZIP, BZIP2, XZ, ZSTD;

    private static final int MAGIC_LENGTH = 6;

    static Compression of(byte[] head, int length) {
        if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (length >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') {
            return BZIP2;
        }
        if (length >= 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z' && head[3] == 'X'
                && head[4] == 'Z' && head[5] == 0) {
            return XZ;
        }
        if (length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        return NONE;
    }

    /** Looks at the first bytes of a stream that supports mark/reset, leaving it where it was. */
    static Compression peek(InputStream markable) throws IOException {
        markable.mark(MAGIC_LENGTH);
        byte[] head = markable.readNBytes(MAGIC_LENGTH);
        markable.reset();
        return of(head, head.length);
    }

    /** The compression of a stream read from its start (the stream is consumed). */
    static Compression read(InputStream in) throws IOException {
        try (in) {
            byte[] head = in.readNBytes(MAGIC_LENGTH);
            return of(head, head.length);
        }
    }

    /**
     * Wraps {@code in} so that it reads uncompressed; {@code what} names the stream in the error
     * for a compression that is recognised but not supported.
     */
    static InputStream decompressed(InputStream in, String what) throws IOException {
        var buffered = in instanceof BufferedInputStream b ? b : new BufferedInputStream(in, 65536);
        return switch (peek(buffered)) {
            case NONE -> buffered;
            case GZIP -> GzipCompressorInputStream.builder().setInputStream(buffered)
                    .setDecompressConcatenated(true).get();
            case BZIP2 -> new BZip2CompressorInputStream(buffered, true);
            case XZ -> throw new InvalidArgumentException(what + " is xz-compressed, which is not supported:"
                    + " decompress it first (or use gzip)");
            case ZSTD -> throw new InvalidArgumentException(what + " is zstd-compressed, which is not supported:"
                    + " decompress it first (or use gzip)");
        };
    }
}
