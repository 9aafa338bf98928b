/**
 * A typed client of the Docker Engine API over a UNIX socket: {@link io.berth.client.BerthClient}
 * and its resource clients, stream decoders (8-byte frames, JSON lines) and the mapping of status
 * codes back to Berth's exception kinds, so callers see the engine's errors.
 */
package io.berth.client;
