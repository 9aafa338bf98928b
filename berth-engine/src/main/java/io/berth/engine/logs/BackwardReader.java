package io.berth.engine.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Random byte access to a file for reading it from its end, a block at a time: 4 KiB first (the
 * last record is usually all that is wanted), doubling up to 64 KiB as the reading goes on.
 */
final class BackwardReader {
    private static final int BLOCK = 65536;

    private final FileChannel channel;
    private final long size;
    private final byte[] block = new byte[BLOCK];
    private int blockSize = 4096;
    private long blockStart = -1;
    private int blockLength;
    private long loaded;

    BackwardReader(FileChannel channel, long size) {
        this.channel = channel;
        this.size = size;
    }

    long size() {
        return size;
    }

    /** Bytes read from the file so far. */
    long loaded() {
        return loaded;
    }

    /** The byte at {@code position} (0 ≤ position &lt; size). */
    int byteAt(long position) throws IOException {
        if (blockStart < 0 || position < blockStart || position >= blockStart + blockLength) {
            load(position);
        }
        return block[(int) (position - blockStart)] & 0xFF;
    }

    int intAt(long position) throws IOException {
        return byteAt(position) << 24 | byteAt(position + 1) << 16 | byteAt(position + 2) << 8 | byteAt(position + 3);
    }

    /** The last newline before {@code before}, or -1. */
    long lastNewline(long before) throws IOException {
        long p = before - 1;
        while (p >= 0) {
            if (blockStart < 0 || p < blockStart || p >= blockStart + blockLength) {
                load(p);
            }
            int i = (int) (p - blockStart);
            while (i >= 0 && block[i] != '\n') {
                i--;
            }
            if (i >= 0) {
                return blockStart + i;
            }
            p = blockStart - 1;
        }
        return -1;
    }

    /** Loads the block that ends with {@code position} (so that reading backwards hits the cache). */
    private void load(long position) throws IOException {
        long start = Math.max(0, position - blockSize + 1);
        int length = (int) Math.min(blockSize, size - start);
        blockSize = Math.min(BLOCK, blockSize * 2);
        var buffer = ByteBuffer.wrap(block, 0, length);
        long at = start;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                break;
            }
            at += n;
        }
        blockStart = start;
        blockLength = buffer.position();
        loaded += blockLength;
        if (position >= start + blockLength) {
            throw new IOException("log file shorter than expected");
        }
    }
}
