package io.berth.daemon.routes;

import io.berth.common.BerthException;
import io.berth.common.Json;
import io.berth.image.registry.Progress;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Docker's JSON progress stream (moby's {@code jsonmessage}): one message per line, ended by
 * {@code \r\n}, fields in Docker's order ({@code status}, {@code progressDetail}, {@code progress},
 * {@code id}, then {@code errorDetail}/{@code error}, {@code aux}). Thread-safe: layers report
 * from several threads.
 */
final class ProgressLines implements Progress.Listener {
    private static final System.Logger LOG = System.getLogger(ProgressLines.class.getName());
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB"};

    private final OutputStream out;

    ProgressLines(OutputStream out) {
        this.out = out;
    }

    @Override
    public void on(Progress progress) {
        write(message(progress));
    }

    /** An error after the stream started: Docker's {@code errorDetail} line, which the docker CLI prints and exits 1 on. */
    void error(RuntimeException e) {
        String message;
        if (e instanceof BerthException) {
            message = e.getMessage();
        } else {
            LOG.log(System.Logger.Level.ERROR, "progress stream failed", e);
            message = "internal error, see daemon log";
        }
        var line = new LinkedHashMap<String, Object>();
        line.put("errorDetail", Map.of("message", message));
        line.put("error", message);
        write(line);
    }

    static Map<String, Object> message(Progress progress) {
        var line = new LinkedHashMap<String, Object>();
        switch (progress) {
            case Progress.Status s -> {
                line.put("status", s.status());
                if (!s.id().isEmpty()) {
                    // moby's progress.Update sends an empty progressDetail with layer statuses; Message does not
                    if (!s.status().startsWith("Pulling from ")) {
                        line.put("progressDetail", Map.of());
                    }
                    line.put("id", s.id());
                }
            }
            case Progress.Bytes b -> {
                line.put("status", b.status());
                var detail = new LinkedHashMap<String, Object>();
                detail.put("current", b.current());
                if (b.total() > 0) {
                    detail.put("total", b.total());
                }
                line.put("progressDetail", detail);
                line.put("progress", bar(b.current(), b.total()));
                line.put("id", b.id());
            }
            case Progress.PushResult r -> {
                line.put("progressDetail", Map.of());
                var aux = new LinkedHashMap<String, Object>();
                aux.put("Tag", r.tag());
                aux.put("Digest", r.digest());
                aux.put("Size", r.size());
                line.put("aux", aux);
            }
        }
        return line;
    }

    /** moby's {@code JSONProgress.String()} at its default width: {@code [=====>     ]  1.2MB/2.3MB}. */
    static String bar(long current, long total) {
        if (total <= 0) {
            return String.format("%8s", humanSize(current));
        }
        int percentage = (int) ((double) current / total * 100) / 2;
        percentage = Math.min(Math.max(percentage, 0), 50);
        String box = "[" + "=".repeat(percentage) + ">" + " ".repeat(50 - percentage) + "] ";
        String numbers = current > total ? String.format("%8s", humanSize(current))
                : String.format("%8s/%s", humanSize(current), humanSize(total));
        return box + numbers;
    }

    /** go-units {@code HumanSize}: decimal units, four significant digits ({@code 772.8kB}). */
    static String humanSize(long bytes) {
        double size = bytes;
        int unit = 0;
        while (size >= 1000 && unit < UNITS.length - 1) {
            size /= 1000;
            unit++;
        }
        String number = new BigDecimal(size).round(new MathContext(4)).stripTrailingZeros().toPlainString();
        return number + UNITS[unit];
    }

    private synchronized void write(Map<String, Object> line) {
        try {
            out.write(Json.writeBytes(line));
            out.write('\r');
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
