package io.berth.engine.container;

import java.io.IOException;

/** Where container output goes (a log reader, an attach session): the stream (1 stdout, 2 stderr) and bytes. */
public interface OutputSink {
    int STDOUT = 1;
    int STDERR = 2;

    void write(int stream, byte[] data, int offset, int length) throws IOException;

    void flush() throws IOException;
}
