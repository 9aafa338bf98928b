package io.berth.engine.container;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Where a container is in its lifecycle. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "state")
@JsonSubTypes({
        @JsonSubTypes.Type(value = RunState.Created.class, name = "created"),
        @JsonSubTypes.Type(value = RunState.Running.class, name = "running"),
        @JsonSubTypes.Type(value = RunState.Paused.class, name = "paused"),
        @JsonSubTypes.Type(value = RunState.Exited.class, name = "exited"),
        @JsonSubTypes.Type(value = RunState.Restarting.class, name = "restarting")})
public sealed interface RunState {
    /** Never started; {@code error} holds the reason of a failed start (Docker's State.Error). */
    record Created(String error, int exitCode) implements RunState {}

    record Running(long pid, String startedAt) implements RunState {}

    record Paused(long pid, String startedAt) implements RunState {}

    record Exited(int exitCode, String startedAt, String finishedAt, boolean oomKilled, String error)
            implements RunState {}

    /**
     * Its process ended and its restart policy will start it again after a delay (Docker's
     * "restarting": shown as running, with no process).
     */
    record Restarting(int exitCode, String startedAt, String finishedAt) implements RunState {}

    default String dockerStatus() {
        return switch (this) {
            case Created _ -> "created";
            case Running _ -> "running";
            case Paused _ -> "paused";
            case Exited _ -> "exited";
            case Restarting _ -> "restarting";
        };
    }

    /** It has a process (running or paused). */
    default boolean isRunning() {
        return this instanceof Running || this instanceof Paused;
    }

    /** What Docker calls running: it has a process, or it is about to get one again (restarting). */
    default boolean shownAsRunning() {
        return isRunning() || this instanceof Restarting;
    }
}
