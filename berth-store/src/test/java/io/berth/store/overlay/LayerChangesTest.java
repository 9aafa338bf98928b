package io.berth.store.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.common.linux.Linux;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker diff from an upper directory over image layers. */
class LayerChangesTest {
    @TempDir
    Path tmp;

    @Test
    void addedModifiedAndUnchangedAsDockerReportsThem() throws IOException {
        Path lower = Files.createDirectories(tmp.resolve("lower"));
        Path upper = Files.createDirectories(tmp.resolve("upper"));
        Files.createDirectories(lower.resolve("etc"));
        Files.writeString(lower.resolve("etc/passwd"), "root");
        Files.createDirectories(lower.resolve("usr/bin"));
        Files.createDirectories(lower.resolve("opt"));
        // copied up: /etc/passwd changed, /usr/bin/new added, /opt copied up but unchanged, /dev made by the runtime
        Files.createDirectories(upper.resolve("etc"));
        Files.writeString(upper.resolve("etc/passwd"), "root2");
        Files.createDirectories(upper.resolve("usr/bin"));
        Files.writeString(upper.resolve("usr/bin/new"), "x");
        Files.createDirectories(upper.resolve("opt"));
        Files.createDirectories(upper.resolve("dev/pts"));
        Files.createDirectories(upper.resolve("newdir/sub"));
        Files.createDirectories(lower.resolve("mode"));
        Files.createDirectories(upper.resolve("mode"));
        Files.setPosixFilePermissions(lower.resolve("mode"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(upper.resolve("mode"), PosixFilePermissions.fromString("rwx------"));

        var changes = LayerChanges.of(upper, List.of(lower), p -> p.equals("/dev"));

        assertThat(changes).extracting(Object::toString).containsExactly("C /etc", "C /etc/passwd", "C /mode",
                "A /newdir", "A /newdir/sub", "C /usr", "C /usr/bin", "A /usr/bin/new");
    }

    @Test
    void whiteoutsAndOpaqueDirectoriesAreDeletions() throws IOException {
        Assumptions.assumeTrue(Linux.uid() == 0, "whiteouts are device nodes: root only");
        Path lower = Files.createDirectories(tmp.resolve("lower"));
        Path upper = Files.createDirectories(tmp.resolve("upper"));
        Files.createDirectories(lower.resolve("etc"));
        Files.writeString(lower.resolve("etc/gone"), "x");
        Files.createDirectories(lower.resolve("var/cache"));
        Files.writeString(lower.resolve("var/cache/old"), "x");
        Files.createDirectories(upper.resolve("etc"));
        Linux.mknod(upper.resolve("etc/gone").toString(), 0020000, 0);
        Files.createDirectories(upper.resolve("var/cache"));
        Linux.lsetxattr(upper.resolve("var/cache").toString(), "trusted.overlay.opaque", "y".getBytes());
        Files.writeString(upper.resolve("var/cache/fresh"), "y");

        var changes = LayerChanges.of(upper, List.of(lower), p -> false);

        assertThat(changes).extracting(Object::toString).containsExactly("C /etc", "D /etc/gone", "C /var",
                "C /var/cache", "A /var/cache/fresh", "D /var/cache/old");
    }
}
