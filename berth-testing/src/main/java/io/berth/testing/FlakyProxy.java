package io.berth.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 in front of a server (a registry): it can slow the answers down
 * ({@link #throttle}), and die ({@link #cut}: every connection closed, new ones refused), by hand
 * or once it has forwarded so many bytes ({@link #cutAfter}); {@link #restore} brings it back.
 */
public final class FlakyProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong forwarded = new AtomicLong();
    private volatile long bytesPerSecond = Long.MAX_VALUE;
    private volatile long cutAfter = Long.MAX_VALUE;
    private volatile boolean down;

    public FlakyProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("flaky-proxy-" + server.getLocalPort()).start(this::accept);
    }

    /** {@code 127.0.0.1:PORT}. */
    public String host() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** Bytes sent from the server to clients so far. */
    public long forwarded() {
        return forwarded.get();
    }

    public FlakyProxy throttle(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
        return this;
    }

    /** Dies once {@code bytes} more have been forwarded. */
    public FlakyProxy cutAfter(long bytes) {
        this.cutAfter = forwarded.get() + bytes;
        return this;
    }

    /** Dies now: open connections are closed, new ones closed at once. */
    public void cut() {
        down = true;
        for (Socket s : open) {
            closeQuietly(s);
        }
    }

    /** Comes back, at full speed. */
    public void restore() {
        cutAfter = Long.MAX_VALUE;
        bytesPerSecond = Long.MAX_VALUE;
        down = false;
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            if (down) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(upstream);
                Thread.ofVirtual().start(() -> pump(client, upstream, false));
                Thread.ofVirtual().start(() -> pump(upstream, client, true));
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void pump(Socket from, Socket to, boolean answers) {
        byte[] buffer = new byte[16384];
        long started = System.nanoTime();
        long sent = 0;
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (down) {
                    break;
                }
                out.write(buffer, 0, n);
                out.flush();
                if (answers) {
                    sent += n;
                    if (forwarded.addAndGet(n) >= cutAfter) {
                        cut();
                        break;
                    }
                    long rate = bytesPerSecond;
                    if (rate != Long.MAX_VALUE) {
                        long due = started + sent * 1_000_000_000L / rate;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            // one side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        cut();
    }
}
