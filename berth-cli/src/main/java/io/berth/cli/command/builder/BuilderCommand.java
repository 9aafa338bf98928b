package io.berth.cli.command.builder;

import io.berth.cli.command.GroupCommand;
import picocli.CommandLine.Command;

/** {@code berth builder <command>}: {@code build}, {@code prune}. */
@Command(name = "builder", description = "Manage builds")
public final class BuilderCommand extends GroupCommand {}
