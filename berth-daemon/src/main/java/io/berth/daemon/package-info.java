/**
 * berthd: {@link io.berth.daemon.Berthd} parses the flags and daemon.json and wires the engine
 * to the HTTP server (the composition root, top to bottom). {@code http} is the server,
 * {@code routes} the API resources.
 */
package io.berth.daemon;
