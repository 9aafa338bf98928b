package io.berth.cli.command.system;

import io.berth.cli.command.GroupCommand;
import picocli.CommandLine.Command;

/** {@code berth system <command>}: {@code events}, {@code info}. */
@Command(name = "system", description = "Manage Berth")
public final class SystemCommand extends GroupCommand {}
