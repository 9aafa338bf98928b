/**
 * Dockerfiles, read in two stages: {@link io.berth.build.dockerfile.DockerfileParser} (directives,
 * continuations, heredocs, flags → nodes with line numbers) and
 * {@link io.berth.build.dockerfile.Instructions} (nodes → typed, checked instructions grouped into
 * stages). {@link io.berth.build.dockerfile.ShellLex} expands variables when the build reaches an
 * instruction; {@link io.berth.build.dockerfile.DockerIgnore} decides which context files a build sees.
 * Pure code: no files, no processes; the engine executes builds.
 */
package io.berth.build.dockerfile;
