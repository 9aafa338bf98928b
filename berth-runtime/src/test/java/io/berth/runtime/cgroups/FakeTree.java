package io.berth.runtime.cgroups;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes files of a fake cgroupfs or procfs under a temporary directory. */
final class FakeTree {
    private final Path root;

    FakeTree(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    FakeTree file(String relative, String content) {
        try {
            Path file = root.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    FakeTree dir(String relative) {
        try {
            Files.createDirectories(root.resolve(relative));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
