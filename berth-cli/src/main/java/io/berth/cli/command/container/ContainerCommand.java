package io.berth.cli.command.container;

import io.berth.cli.command.GroupCommand;
import picocli.CommandLine.Command;

/** {@code berth container <command>}: the same commands as the top-level ones. */
@Command(name = "container", description = "Manage containers")
public final class ContainerCommand extends GroupCommand {}
