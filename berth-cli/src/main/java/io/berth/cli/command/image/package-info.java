/** Image commands: images, rmi, tag, load, save, import, history, and {@code image bootstrap}. */
package io.berth.cli.command.image;
