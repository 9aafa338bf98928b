package io.berth.volume;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeCopyTest {
    @TempDir
    Path dir;

    @Test
    void copiesFilesLinksModesAndTimes() throws Exception {
        Path source = Files.createDirectories(dir.resolve("image/data"));
        Files.writeString(source.resolve("a.txt"), "alpha");
        Files.createDirectories(source.resolve("sub/deeper"));
        Files.writeString(source.resolve("sub/deeper/b"), "beta");
        Files.createSymbolicLink(source.resolve("link"), Path.of("a.txt"));
        Files.createLink(source.resolve("hard"), source.resolve("a.txt"));
        Files.setPosixFilePermissions(source.resolve("a.txt"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.setLastModifiedTime(source.resolve("sub/deeper/b"), FileTime.fromMillis(1_000_000_000L));
        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rwx------"));
        Path target = Files.createDirectories(dir.resolve("volume/_data"));

        TreeCopy.copy(source, target);

        assertThat(TreeCopy.names(target)).containsExactly("a.txt", "hard", "link", "sub");
        assertThat(target.resolve("sub/deeper/b")).hasContent("beta");
        assertThat(Files.readSymbolicLink(target.resolve("link"))).isEqualTo(Path.of("a.txt"));
        assertThat(Files.isSameFile(target.resolve("hard"), target.resolve("a.txt"))).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("a.txt"))))
                .isEqualTo("rwxr-x---");
        assertThat(Files.getLastModifiedTime(target.resolve("sub/deeper/b")).toMillis()).isEqualTo(1_000_000_000L);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS)))
                .as("the volume's root takes the image directory's mode").isEqualTo("rwx------");
    }
}
