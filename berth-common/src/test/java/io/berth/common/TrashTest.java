package io.berth.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrashTest {
    @TempDir
    Path root;

    private Path tree(String name) throws IOException {
        Path dir = root.resolve("containers").resolve(name);
        Files.createDirectories(dir.resolve("a/b"));
        Files.writeString(dir.resolve("a/b/file"), "x");
        Files.createSymbolicLink(dir.resolve("outside"), root.resolve("keep"));
        return dir;
    }

    @Test
    void aDiscardedTreeIsGoneAtOnceAndDeletedSoonAfter() throws IOException {
        Files.writeString(root.resolve("keep"), "kept");
        var trash = new Trash(root.resolve("trash"));
        Path dir = tree("0123");

        trash.discard(dir);

        assertThat(dir).doesNotExist();
        trash.drain();
        assertThat(root.resolve("trash")).isEmptyDirectory();
        assertThat(root.resolve("keep")).hasContent("kept"); // a symlink in the tree is removed, not followed
    }

    @Test
    void whatAnEarlierDaemonLeftIsDeletedWhenTheTrashOpens() throws IOException {
        Path left = root.resolve("trash/0123.1/deep");
        Files.createDirectories(left);
        Files.writeString(left.resolve("file"), "x");

        var trash = new Trash(root.resolve("trash"));
        trash.drain();

        assertThat(root.resolve("trash")).isEmptyDirectory();
    }

    @Test
    void anAbsentTreeIsNothingToDo() {
        var trash = new Trash(root.resolve("trash"));

        trash.discard(root.resolve("missing"));
        trash.drain();

        assertThat(root.resolve("trash")).isEmptyDirectory();
    }

    @Test
    void aTreeThatCannotBeMovedInIsDeletedWhereItIs() throws IOException {
        var trash = new Trash(root.resolve("trash"));
        Path dir = tree("4567");
        Files.createDirectories(root.resolve("trash/4567.1/blocker")); // the name the move would take

        trash.discard(dir);

        assertThat(dir).doesNotExist();
        assertThat(root.resolve("trash/4567.1/blocker")).isDirectory();
    }
}
