package io.berth.daemon.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * Watches a connection while a stream that may wait for ever is written on it: a client that
 * expects no more than the response sends nothing, so end of input (or a reset) means it went
 * away, and the thread writing the stream is interrupted. Whatever the client does send meanwhile
 * is read and dropped, so the connection closes after the stream.
 */
final class DisconnectWatch {
    private final Thread writer;
    private final Object lock = new Object();
    private boolean stopped; // guarded by lock
    private Thread reader;

    private DisconnectWatch(Thread writer) {
        this.writer = writer;
    }

    /** Starts watching {@code in} on behalf of the calling thread. */
    static DisconnectWatch start(InputStream in, String requestId) {
        var watch = new DisconnectWatch(Thread.currentThread());
        watch.reader = Thread.ofVirtual().name("disconnect-watch-" + requestId).start(() -> watch.watch(in));
        return watch;
    }

    private void watch(InputStream in) {
        try {
            byte[] drop = new byte[512];
            while (in.read(drop) >= 0) {
                // nothing the client sends now means anything
            }
        } catch (IOException e) {
            // reset or closed: gone as well
        }
        synchronized (lock) {
            if (!stopped) {
                writer.interrupt();
            }
        }
    }

    /** Stops watching; the writer is not interrupted after this returns. */
    void stop() {
        synchronized (lock) {
            stopped = true;
        }
        reader.interrupt(); // closes the channel under a blocked read; the connection is done anyway
    }
}
