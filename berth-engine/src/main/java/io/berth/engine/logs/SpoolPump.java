package io.berth.engine.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Moves one run of a container's output from conmon's spool into its {@link LogFileSet}.
 *
 * <p>conmon writes the container's output as a k8s-file, the spool ({@code ctr.log} in the bundle),
 * and replaces it with an empty file whenever {@code --log-size-max} more bytes would not fit (it
 * renames a new file over the old one). The pump reads the spool, turns its lines into records of
 * the container's driver (rejoining the pieces of a line conmon read in two parts, splitting
 * lines longer than 16 KiB as Docker does) and appends them to the log files, which rotate by
 * their own rules. A spool that conmon replaced is still open here, so the pump reads it to its
 * end before it moves to the new one; the pump looks for a replacement every few megabytes and at
 * each end of data, and an inotify watch wakes it when conmon writes, so it falls behind by far less
 * than the spool's size limit and loses nothing while berthd runs.
 *
 * <p>After each batch it records how far it got ({@code ctr.log.pos}: the spool's inode and the
 * offset), so a restarted berthd goes on where it stopped (a {@code kill -9} between a batch and
 * its record repeats that batch). While berthd is down nothing is pumped, and conmon's limit
 * bounds the spool: that is the cap that holds without a daemon.
 *
 * <p>The run ends once the container exited and its conmon is gone: the pump reads what is left,
 * deletes the spool and its position, and stops. Readers call {@link #catchUp} first, so
 * {@code logs} shows everything conmon has written.
 */
final class SpoolPump {
    private static final System.Logger LOG = System.getLogger(SpoolPump.class.getName());
    /** Docker's copier puts at most 16 KiB of a line in one record. */
    static final int LINE_LIMIT = 16 * 1024;
    private static final long CHECK_EVERY = 4L * 1024 * 1024;
    private static final int POSITION_BYTES = 42;
    private static final long RELEASE_EVERY = 1L << 20;

    private final Path spool;
    private final Path positionFile;
    private final LogFileSet out;
    private final BooleanSupplier monitorAlive;
    private final ReentrantLock lock = new ReentrantLock();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile boolean ended;
    private volatile boolean stopped;
    private volatile Thread thread;

    // guarded by lock
    private Opened in;
    private final ArrayDeque<Opened> successors = new ArrayDeque<>();
    private long offset;
    private byte[] buffer = new byte[0];
    private int held;
    private long readSinceCheck;
    private long savedInode = -1;
    private long savedOffset = -1;
    private long punchedInode = -1;
    private long punched;
    private boolean holesSupported = true;
    private FileChannel position;
    private final Pending[] pending = {null, new Pending(), new Pending()};
    private final byte[] lastStamp = new byte[64];
    private int lastStampLength = -1;
    private long lastStampNanos;

    private record Opened(FileChannel channel, long inode) {}

    /** A line whose pieces are being joined: conmon gave its start, not yet its end. */
    private static final class Pending {
        final ByteSink data = new ByteSink(LINE_LIMIT + 8192);
        boolean active;
        long nanos;
        int ordinal;
        String id = "";
        /** When the line's first piece was read, and where it is in which spool (for the saved position). */
        long sinceNanos;
        long spoolInode;
        long spoolOffset;
    }

    /** How long an unfinished line waits for its end before it is written as a partial record. */
    private static final long PARTIAL_WAIT_NANOS = 1_000_000_000L;

    SpoolPump(Path spool, LogFileSet out, BooleanSupplier monitorAlive) {
        this.spool = spool;
        this.positionFile = spool.resolveSibling(spool.getFileName() + ".pos");
        this.out = out;
        this.monitorAlive = monitorAlive;
    }

    Path spool() {
        return spool;
    }

    /** Starts the pump's thread; it runs until the run ended ({@link #runEnded}) and all is pumped, or {@link #stop}. */
    void start() {
        out.startProducing();
        try {
            restorePosition(); // before anyone drains, readers included
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "reading {0}: {1}", positionFile, e.getMessage());
        }
        thread = Thread.ofVirtual().name("log-pump-" + spool.getParent().getFileName()).start(this::run);
    }

    /** The container exited (or never started): finish once its monitor is gone. */
    void runEnded() {
        ended = true;
        wake();
    }

    /** Wakes the pump: conmon wrote something (inotify), or the run ended. */
    void wake() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Stops pumping now (the daemon stops, or the container is removed); what is pumped stays recorded. */
    void stop() {
        stopped = true;
        wake();
    }

    /** Waits until the pump has finished. */
    boolean awaitDone(long millis) {
        try {
            done.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }

    boolean isDone() {
        return done.isDone();
    }

    /** Runs {@code action} (on a thread of its own) once the pump has finished. */
    void whenDone(Runnable action) {
        done.whenCompleteAsync((ok, error) -> action.run(),
                command -> Thread.ofVirtual().name("log-pump-done").start(command));
    }

    /** Pumps everything conmon has written so far; for readers, before they read the files. */
    void catchUp() {
        if (done.isDone()) {
            return;
        }
        lock.lock();
        try {
            if (!done.isDone()) {
                drain();
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "pumping {0}: {1}", spool, e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        try {
            long idleNanos = 1_000_000;
            while (!stopped) {
                boolean progressed;
                lock.lock();
                try {
                    progressed = drain();
                } finally {
                    lock.unlock();
                }
                if (progressed) {
                    idleNanos = 1_000_000;
                    continue;
                }
                if (ended && !monitorAlive.getAsBoolean()) {
                    finish();
                    return;
                }
                LockSupport.parkNanos(idleNanos);
                idleNanos = Math.min(idleNanos * 2, 250_000_000);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "pumping {0} stopped: {1}", spool, e.toString());
        } finally {
            lock.lock();
            try {
                closeAll();
            } finally {
                lock.unlock();
            }
            out.stopProducing();
            done.complete(null);
        }
    }

    /** The last drain after conmon is gone; the spool has served its run. */
    private void finish() throws IOException {
        lock.lock();
        try {
            drain();
            closeAll();
            Files.deleteIfExists(spool);
            Files.deleteIfExists(positionFile);
        } finally {
            lock.unlock();
        }
    }

    private void closeAll() {
        for (var opened : successors) {
            close(opened.channel());
        }
        successors.clear();
        if (in != null) {
            close(in.channel());
            in = null;
        }
        if (position != null) {
            close(position);
            position = null;
        }
        buffer = new byte[0]; // a finished pump stays referenced until the next run: keep it small
        held = 0;
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only, or the position: rewritten after every batch
        }
    }

    // --- position -------------------------------------------------------------------------------

    private void restorePosition() throws IOException {
        lock.lock();
        try {
            buffer = new byte[1 << 20];
            String text;
            try {
                text = Files.readString(positionFile, StandardCharsets.US_ASCII).strip();
            } catch (NoSuchFileException e) {
                return;
            }
            String[] parts = text.split("\\s+");
            if (parts.length != 2) {
                return;
            }
            long inode = Long.parseLong(parts[0]);
            long at = Long.parseLong(parts[1]);
            var opened = open();
            if (opened == null) {
                return;
            }
            if (opened.inode() == inode && at <= opened.channel().size()) {
                in = opened;
                offset = at;
            } else {
                // conmon replaced the spool while no daemon ran: what it held before is gone
                LOG.log(System.Logger.Level.INFO, "{0} was replaced while berthd was away", spool);
                in = opened;
                offset = 0;
            }
            savedInode = inode;
            savedOffset = at;
        } catch (NumberFormatException e) {
            LOG.log(System.Logger.Level.WARNING, "ignoring a damaged {0}", positionFile);
        } finally {
            lock.unlock();
        }
    }

    private void savePosition() throws IOException {
        if (in == null) {
            return;
        }
        long at = offset;
        for (int stream = 1; stream <= 2; stream++) {
            var p = pending[stream];
            if (p.active && p.spoolInode == in.inode()) {
                at = Math.min(at, p.spoolOffset); // a restart reads the unfinished line again
            }
        }
        if (in.inode() == savedInode && at == savedOffset) {
            return;
        }
        if (position == null) {
            position = FileChannel.open(positionFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }
        String text = String.format("%20d %20d", in.inode(), at);
        position.write(ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        if (position.size() > POSITION_BYTES) {
            position.truncate(POSITION_BYTES);
        }
        savedInode = in.inode();
        savedOffset = at;
        releaseConsumed(at);
    }

    /**
     * Frees the disk blocks of the spool that are pumped and recorded (a hole punched under
     * conmon, which appends on undisturbed): while berthd runs the spool takes about what is not
     * pumped yet, however large conmon lets it grow.
     */
    private void releaseConsumed(long upTo) {
        if (punchedInode != in.inode()) {
            punchedInode = in.inode();
            punched = 0;
        }
        long end = upTo & ~4095L;
        if (end - punched < RELEASE_EVERY || !holesSupported) {
            return;
        }
        try {
            if (io.berth.common.linux.Linux.punchHole(spool.toString(), in.inode(), punched, end - punched)) {
                punched = end;
            }
        } catch (RuntimeException e) {
            holesSupported = false;
            LOG.log(System.Logger.Level.INFO, "cannot free pumped parts of {0}: {1}", spool, e.getMessage());
        }
    }

    // --- draining -------------------------------------------------------------------------------

    /** The spool open with its inode (stat, open, stat again until both agree), or null when there is none. */
    private Opened open() throws IOException {
        for (int attempt = 0; attempt < 5; attempt++) {
            long before = inode(spool);
            if (before < 0) {
                return null;
            }
            FileChannel channel;
            try {
                channel = FileChannel.open(spool, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                continue;
            }
            if (inode(spool) == before) {
                return new Opened(channel, before);
            }
            channel.close();
        }
        return null;
    }

    private static long inode(Path path) throws IOException {
        try {
            return ((Number) Files.getAttribute(path, "unix:ino")).longValue();
        } catch (NoSuchFileException e) {
            return -1;
        }
    }

    /** Opens the spool conmon started after the newest one held, if it did. */
    private void noteReplacement() throws IOException {
        long newest = successors.isEmpty() ? in.inode() : successors.peekLast().inode();
        long now = inode(spool);
        if (now >= 0 && now != newest) {
            var opened = open();
            if (opened != null && opened.inode() != newest) {
                successors.addLast(opened);
            } else if (opened != null) {
                opened.channel().close();
            }
        }
    }

    /** Pumps all there is; returns whether anything was. Holds the lock. */
    private boolean drain() throws IOException {
        boolean progressed = false;
        if (in == null) {
            in = open();
            if (in == null) {
                return false;
            }
            offset = 0;
            held = 0;
            progressed = true;
        }
        while (!stopped) {
            int n = fill();
            if (n > 0) {
                progressed = true;
                readSinceCheck += n;
                if (readSinceCheck >= CHECK_EVERY) {
                    readSinceCheck = 0;
                    noteReplacement();
                }
                continue;
            }
            noteReplacement();
            if (successors.isEmpty()) {
                break;
            }
            // conmon moved on to a new spool: nothing more comes to this one, so read it out
            while (fill() > 0) {
                // keep reading
            }
            if (held > 0) {
                LOG.log(System.Logger.Level.WARNING, "{0} ended with {1} bytes of an unfinished line", spool, held);
            }
            close(in.channel());
            in = successors.removeFirst();
            offset = 0;
            held = 0;
            progressed = true;
        }
        if (!stopped) {
            flushPartials(ended); // the container is gone: its unfinished line will not be finished
        }
        out.flush();
        savePosition();
        return progressed;
    }

    /** Reads more of the spool and pumps its whole lines; returns the bytes read (0 at its end). */
    private int fill() throws IOException {
        if (held == buffer.length) {
            // a line longer than the buffer: conmon never writes one; skip it rather than stall
            LOG.log(System.Logger.Level.WARNING, "skipping {0} bytes without a newline in {1}", held, spool);
            offset += held;
            held = 0;
        }
        int n = in.channel().read(ByteBuffer.wrap(buffer, held, buffer.length - held), offset + held);
        if (n <= 0) {
            return 0;
        }
        held += n;
        int used = lines(held);
        System.arraycopy(buffer, used, buffer, 0, held - used);
        held -= used;
        offset += used;
        return n;
    }

    /** Pumps the whole lines at the start of the buffer; returns the bytes they take. */
    private int lines(int length) throws IOException {
        int at = 0;
        while (at < length) {
            int newline = indexOf(buffer, at, length, (byte) '\n');
            if (newline < 0) {
                break;
            }
            line(at, newline);
            at = newline + 1;
        }
        return at;
    }

    /** One k8s-file line: {@code <time> stdout|stderr F|P <text>}. */
    private void line(int start, int end) throws IOException {
        int space = indexOf(buffer, start, end, (byte) ' ');
        if (space < 0 || space + 9 > end || buffer[space + 7] != ' ') {
            return;
        }
        int stream;
        if (buffer[space + 4] == 'o') {
            stream = 1; // stdout
        } else if (buffer[space + 4] == 'e') {
            stream = 2; // stderr
        } else {
            return;
        }
        boolean partial = buffer[space + 8] == 'P';
        int text = Math.min(space + 10, end);
        long nanos = stamp(start, space - start);
        if (nanos == LogTime.UNKNOWN) {
            return;
        }
        piece(stream, nanos, start, text, end - text, !partial);
    }

    /** conmon stamps every line of one read the same: parse each distinct stamp once. */
    private long stamp(int start, int length) {
        if (length == lastStampLength && length <= lastStamp.length
                && Arrays.equals(buffer, start, start + length, lastStamp, 0, length)) {
            return lastStampNanos;
        }
        long nanos = LogTime.parse(buffer, start, length);
        if (length <= lastStamp.length) {
            System.arraycopy(buffer, start, lastStamp, 0, length);
            lastStampLength = length;
            lastStampNanos = nanos;
        }
        return nanos;
    }

    private void piece(int stream, long nanos, int lineStart, int text, int length, boolean complete)
            throws IOException {
        var p = pending[stream];
        if (!p.active && complete) {
            out.write(stream, nanos, buffer, text, length, true, LogFormat.Partial.NONE);
            return;
        }
        if (!p.active) {
            p.active = true;
            p.nanos = nanos;
            p.ordinal = 0;
            p.id = "";
            p.data.reset();
            p.sinceNanos = System.nanoTime();
            p.spoolInode = in.inode();
            p.spoolOffset = offset + lineStart;
        }
        while (p.data.size() + length > LINE_LIMIT) {
            int take = LINE_LIMIT - p.data.size();
            p.data.write(buffer, text, take);
            text += take;
            length -= take;
            emitPiece(stream, p, false);
        }
        p.data.write(buffer, text, length);
        if (complete) {
            emitPiece(stream, p, true);
            p.active = false;
        }
    }

    private void emitPiece(int stream, Pending p, boolean last) throws IOException {
        LogFormat.Partial partial;
        if (last && p.ordinal == 0) {
            partial = LogFormat.Partial.NONE;
        } else {
            if (p.id.isEmpty()) {
                p.id = HexFormat.of().formatHex(longBytes(ThreadLocalRandom.current().nextLong()));
            }
            partial = new LogFormat.Partial(p.id, ++p.ordinal, last);
        }
        out.write(stream, p.nanos, p.data.array(), 0, p.data.size(), last, partial);
        p.data.reset();
    }

    /**
     * An unfinished line that waited long enough for its end (or all of them, when the run is
     * over) is written as a partial record, so a prompt without a newline shows in {@code logs}.
     */
    private void flushPartials(boolean all) throws IOException {
        for (int stream = 1; stream <= 2; stream++) {
            var p = pending[stream];
            if (p.active && (all || System.nanoTime() - p.sinceNanos >= PARTIAL_WAIT_NANOS)) {
                if (p.data.size() > 0) {
                    emitPiece(stream, p, false);
                }
                p.active = false;
            }
        }
    }

    private static byte[] longBytes(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }

    private static int indexOf(byte[] b, int from, int to, byte value) {
        for (int i = from; i < to; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
