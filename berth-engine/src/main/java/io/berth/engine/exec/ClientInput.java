package io.berth.engine.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;

/**
 * The client's input of an attached exec, read by a thread of its own. An attach session
 * interrupts its input reader when the output ends; on the connection itself that would close it
 * (a virtual thread's interrupted socket read closes the socket) before the exit status is
 * recorded and while unread input would turn the close into a reset. Here the interrupt only ends
 * the reader's wait; the connection stays open until the exec has finished.
 */
final class ClientInput extends InputStream {
    private static final int CHUNK = 8192;
    private static final int MAX_BUFFERED = 64 * 1024;

    private final Object lock = new Object();
    private byte[] buffer = new byte[0];
    private int position;
    private boolean ended;

    ClientInput(InputStream in) {
        Thread.ofVirtual().name("exec-input").start(() -> pump(in));
    }

    private void pump(InputStream in) {
        byte[] chunk = new byte[CHUNK];
        try {
            int n;
            while ((n = in.read(chunk)) > 0) {
                synchronized (lock) {
                    while (buffer.length - position > MAX_BUFFERED && !ended) {
                        lock.wait();
                    }
                    byte[] next = Arrays.copyOf(Arrays.copyOfRange(buffer, position, buffer.length),
                            buffer.length - position + n);
                    System.arraycopy(chunk, 0, next, buffer.length - position, n);
                    buffer = next;
                    position = 0;
                    lock.notifyAll();
                }
            }
        } catch (IOException e) {
            // the connection closed: that is the end of the input
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (lock) {
                ended = true;
                lock.notifyAll();
            }
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        synchronized (lock) {
            while (position == buffer.length && !ended) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    throw new InterruptedIOException("the exec's output ended");
                }
            }
            if (position == buffer.length) {
                return -1;
            }
            int n = Math.min(len, buffer.length - position);
            System.arraycopy(buffer, position, b, off, n);
            position += n;
            lock.notifyAll();
            return n;
        }
    }
}
