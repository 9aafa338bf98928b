package io.berth.api.model;

import java.util.Optional;

/**
 * {@code POST /containers/{id}/attach}: the streams to attach, whether to stream live output
 * ({@code stream}) and/or replay the log first ({@code logs}), and the detach key sequence.
 */
public record AttachOptions(boolean stdin, boolean stdout, boolean stderr, boolean stream, boolean logs,
                            Optional<String> detachKeys) {}
