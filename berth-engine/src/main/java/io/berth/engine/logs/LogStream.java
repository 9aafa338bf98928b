package io.berth.engine.logs;

import io.berth.engine.container.OutputSink;
import java.io.IOException;

/** A log read that has been checked and can be written out (the HTTP response has not started yet). */
@FunctionalInterface
public interface LogStream {
    void writeTo(OutputSink sink) throws IOException, InterruptedException;
}
