package io.berth.cli.command.image;

import io.berth.cli.command.GroupCommand;
import picocli.CommandLine.Command;

/** {@code berth image <command>}. */
@Command(name = "image", description = "Manage images")
public final class ImageCommand extends GroupCommand {}
