package io.berth.daemon;

import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** One line per record on stderr: time, level, logger, message (and the stack trace of errors). */
final class LogSetup {
    private LogSetup() {}

    static void install(boolean debug) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        var handler = new ConsoleHandler();
        handler.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord record) {
                String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
                int dot = logger.lastIndexOf('.');
                var line = new StringBuilder()
                        .append(Instant.ofEpochMilli(record.getMillis())).append(' ')
                        .append(level(record.getLevel())).append(' ')
                        .append(dot < 0 ? logger : logger.substring(dot + 1)).append(": ")
                        .append(formatMessage(record)).append('\n');
                if (record.getThrown() != null) {
                    var trace = new java.io.StringWriter();
                    record.getThrown().printStackTrace(new java.io.PrintWriter(trace));
                    line.append(trace);
                }
                return line.toString();
            }
        });
        Level level = debug ? Level.FINE : Level.INFO;
        handler.setLevel(level);
        root.addHandler(handler);
        root.setLevel(Level.INFO);
        Logger.getLogger("io.berth").setLevel(level);
    }

    private static String level(Level level) {
        if (level.intValue() >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (level.intValue() >= Level.WARNING.intValue()) {
            return "WARN";
        }
        if (level.intValue() >= Level.INFO.intValue()) {
            return "INFO";
        }
        return "DEBUG";
    }
}
