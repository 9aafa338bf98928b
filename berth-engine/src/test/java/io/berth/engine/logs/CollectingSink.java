package io.berth.engine.logs;

import io.berth.engine.container.OutputSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Collects what a log read writes, per stream. */
final class CollectingSink implements OutputSink {
    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    final ByteArrayOutputStream both = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int stream, byte[] data, int offset, int length) {
        (stream == STDERR ? stderr : stdout).write(data, offset, length);
        both.write(data, offset, length);
    }

    @Override
    public void flush() {}

    synchronized List<String> lines() {
        return both.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
