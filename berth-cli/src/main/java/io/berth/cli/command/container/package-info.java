/** Container commands: run, create, start, stop, kill, restart, rm, ps, logs, inspect, wait, rename, attach. */
package io.berth.cli.command.container;
