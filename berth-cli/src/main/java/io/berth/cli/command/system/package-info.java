/** System commands: version, info, events, and the {@code system} group. */
package io.berth.cli.command.system;
