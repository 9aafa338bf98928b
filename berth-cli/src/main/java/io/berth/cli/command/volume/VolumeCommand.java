package io.berth.cli.command.volume;

import io.berth.cli.command.GroupCommand;
import picocli.CommandLine.Command;

/** {@code berth volume <command>}. */
@Command(name = "volume", description = "Manage volumes")
public final class VolumeCommand extends GroupCommand {}
