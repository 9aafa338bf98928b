package io.berth.engine.exec;

import java.time.Instant;

/** Where an exec is: created, being started, running, or exited (with the pid it had, as Docker keeps it). */
sealed interface ExecState {
    record Created() implements ExecState {}

    record Starting() implements ExecState {}

    record Running(long pid) implements ExecState {}

    record Exited(int exitCode, long pid, Instant at) implements ExecState {}
}
