/** System commands: version, info. */
package io.berth.cli.command.system;
