package io.berth.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writeCreatesTheFile() throws IOException {
        Path target = dir.resolve("config.json");

        AtomicFiles.write(target, bytes("{}"));

        assertThat(target).hasContent("{}");
    }

    @Test
    void writeReplacesExistingContentAndLeavesNoTempFiles() throws IOException {
        Path target = dir.resolve("config.json");
        Files.writeString(target, "a much longer old content");

        AtomicFiles.write(target, bytes("new"));

        assertThat(target).hasContent("new");
        assertThat(dir).isDirectoryContaining(p -> p.equals(target));
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void writeOfARelativePathLandsBesideIt() throws IOException {
        Path target = dir.resolve("sub").resolve("x");
        Files.createDirectories(target.getParent());

        AtomicFiles.write(target, new byte[0]);

        assertThat(target).exists().isEmptyFile();
    }

    @Test
    void writeIntoAMissingDirectoryFailsAndLeavesNothing() throws IOException {
        Path target = dir.resolve("missing").resolve("x");

        assertThatThrownBy(() -> AtomicFiles.write(target, bytes("x")))
                .isInstanceOf(InternalException.class)
                .hasMessage("writing " + target);
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void commitMovesAFinishedFileOverTheTarget() throws IOException {
        Path finished = Files.writeString(dir.resolve(".ingest"), "layer");
        Path target = Files.writeString(dir.resolve("blob"), "old");

        AtomicFiles.commit(finished, target);

        assertThat(target).hasContent("layer");
        assertThat(finished).doesNotExist();
    }

    @Test
    void commitOfAMissingFileFails() {
        Path finished = dir.resolve("nope");

        assertThatThrownBy(() -> AtomicFiles.commit(finished, dir.resolve("blob")))
                .isInstanceOf(InternalException.class)
                .hasMessageStartingWith("renaming " + finished);
    }

    @Test
    void deleteTreeRemovesNestedContent() throws IOException {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("a/b/c"));
        Files.writeString(root.resolve("a/b/c/file"), "x");
        Files.writeString(root.resolve("top"), "y");

        AtomicFiles.deleteTree(root);

        assertThat(root).doesNotExist();
    }

    @Test
    void deleteTreeDoesNotFollowSymbolicLinks() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path precious = Files.writeString(outside.resolve("precious"), "keep");
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.createSymbolicLink(root.resolve("link"), outside);

        AtomicFiles.deleteTree(root);

        assertThat(root).doesNotExist();
        assertThat(precious).hasContent("keep");
    }

    @Test
    void deleteTreeOfASymbolicLinkRemovesOnlyTheLink() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path precious = Files.writeString(outside.resolve("precious"), "keep");
        Path link = Files.createSymbolicLink(dir.resolve("link"), outside);

        AtomicFiles.deleteTree(link);

        assertThat(link).doesNotExist();
        assertThat(precious).hasContent("keep");
    }

    @Test
    void deleteTreeOfNothingIsFine() {
        assertThatCode(() -> AtomicFiles.deleteTree(dir.resolve("absent"))).doesNotThrowAnyException();
    }

    @Test
    void syncDirectoryOfAMissingDirectoryFails() {
        assertThatThrownBy(() -> AtomicFiles.syncDirectory(dir.resolve("absent")))
                .isInstanceOf(java.io.UncheckedIOException.class);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
