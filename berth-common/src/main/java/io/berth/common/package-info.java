/**
 * What every Berth module shares: the {@link io.berth.common.BerthException} family (one kind per
 * Docker error kind), {@link io.berth.common.Json} (the one configured ObjectMapper),
 * {@link io.berth.common.Digest} and {@link io.berth.common.Ids}, {@link io.berth.common.Exec} for
 * subprocesses and {@link io.berth.common.AtomicFiles} for crash-safe writes.
 */
package io.berth.common;
