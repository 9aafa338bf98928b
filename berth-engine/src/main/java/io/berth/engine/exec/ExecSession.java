package io.berth.engine.exec;

import io.berth.api.model.ExecInspectResponse;
import io.berth.api.model.ExecProcessConfig;
import io.berth.common.ConflictException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * One exec: what to run ({@link ExecRequest}), in which container, and its {@link ExecState}. The
 * state changes under this object's monitor; waiters are woken on every change.
 */
final class ExecSession {
    final String id;
    final String containerId;
    final ExecRequest request;
    private ExecState state = new ExecState.Created();

    ExecSession(String id, String containerId, ExecRequest request) {
        this.id = id;
        this.containerId = containerId;
        this.request = request;
    }

    /** The name conmon gives the session's attach socket link: short, so the socket path fits in sun_path. */
    String sessionId() {
        return id.substring(0, 12);
    }

    synchronized ExecState state() {
        return state;
    }

    /** Claims a created exec for one start; Docker's 409s for one that runs or ran. */
    synchronized void claim() {
        switch (state) {
            case ExecState.Created _ -> state = new ExecState.Starting();
            case ExecState.Starting _, ExecState.Running _ ->
                    throw new ConflictException("Error: Exec command " + id + " is already running");
            case ExecState.Exited _ -> throw new ConflictException("Error: Exec command " + id + " has already run");
        }
    }

    synchronized void running(long pid) {
        state = new ExecState.Running(pid);
        notifyAll();
    }

    synchronized void exited(int exitCode) {
        long pid = state instanceof ExecState.Running r ? r.pid() : 0;
        state = new ExecState.Exited(exitCode, pid, Instant.now());
        notifyAll();
    }

    /** Waits until the state is no longer {@code Created} or {@code Starting}, at most {@code timeout}. */
    synchronized ExecState awaitStarted(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (state instanceof ExecState.Created || state instanceof ExecState.Starting) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return state;
    }

    /** Waits until the process has exited, at most {@code timeout}. */
    synchronized void awaitExit(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!(state instanceof ExecState.Exited)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Finished before {@code cutoff}: Docker forgets such execs. */
    synchronized boolean finishedBefore(Instant cutoff) {
        return state instanceof ExecState.Exited e && e.at().isBefore(cutoff);
    }

    synchronized ExecInspectResponse inspect() {
        var builder = ExecInspectResponse.builder()
                .id(id)
                .processConfig(new ExecProcessConfig(request.tty(), request.entrypoint(), request.arguments(),
                        request.privileged(), request.user()))
                .openStdin(request.attachStdin())
                .openStderr(request.attachStderr())
                .openStdout(request.attachStdout())
                .canRemove(false)
                .containerID(containerId)
                .detachKeys(Base64.getEncoder().encodeToString(request.detachKeyBytes()));
        return switch (state) {
            case ExecState.Created _ -> builder.running(false).exitCode(null).pid(0L).build();
            case ExecState.Starting _ -> builder.running(true).exitCode(null).pid(0L).build();
            case ExecState.Running r -> builder.running(true).exitCode(null).pid(r.pid()).build();
            case ExecState.Exited e -> builder.running(false).exitCode(e.exitCode()).pid(e.pid()).build();
        };
    }
}
