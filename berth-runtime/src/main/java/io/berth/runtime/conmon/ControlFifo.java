package io.berth.runtime.conmon;

import io.berth.common.InternalException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * conmon's control FIFO in the bundle: {@code 1 H W} resizes the terminal, {@code 2 0 0} reopens the log.
 * The FIFO is opened read-write: that never blocks, so a message sent just as conmon exits is lost
 * instead of hanging its sender (a write-only open waits for a reader that never comes).
 */
public final class ControlFifo {
    private ControlFifo() {}

    public static void resize(Path bundle, int height, int width) {
        send(bundle, "1 " + height + " " + width + "\n");
    }

    public static void reopenLog(Path bundle) {
        send(bundle, "2 0 0\n");
    }

    private static void send(Path bundle, String message) {
        Path fifo = bundle.resolve("ctl");
        if (!Files.exists(fifo)) {
            throw new InternalException("the container's monitor is not running");
        }
        try (var channel = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(message.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new InternalException("writing to conmon's control FIFO: " + e.getMessage(), e);
        }
    }
}
