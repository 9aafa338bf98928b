/** {@code berth network}: create, ls, inspect, rm, prune, connect, disconnect. */
package io.berth.cli.command.network;
