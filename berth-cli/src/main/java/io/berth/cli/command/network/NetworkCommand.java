package io.berth.cli.command.network;

import io.berth.cli.command.GroupCommand;
import picocli.CommandLine.Command;

/** {@code berth network <command>}. */
@Command(name = "network", description = "Manage networks")
public final class NetworkCommand extends GroupCommand {}
