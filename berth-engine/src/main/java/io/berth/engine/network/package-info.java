/**
 * Networks: Berth's record of networks (state store, kind {@code network}) and the plumbing of a
 * container's network namespace through netavark. For now the default {@code bridge} network
 * (Docker's: no name DNS), on a subnet chosen at first start so that it overlaps no route of the
 * host.
 */
package io.berth.engine.network;
