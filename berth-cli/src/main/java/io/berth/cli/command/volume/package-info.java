/** {@code berth volume}: create, ls, inspect, rm, prune, as docker's. */
package io.berth.cli.command.volume;
