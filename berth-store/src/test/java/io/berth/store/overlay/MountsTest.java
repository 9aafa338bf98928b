package io.berth.store.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountsTest {
    @Test
    void plainPathsAreUnchanged() {
        assertThat(Mounts.unescape("/var/lib/berth/overlay/abc/merged")).isEqualTo("/var/lib/berth/overlay/abc/merged");
    }

    @Test
    void octalEscapesAreDecoded() {
        assertThat(Mounts.unescape("/mnt/with\\040space")).isEqualTo("/mnt/with space");
        assertThat(Mounts.unescape("/a\\011tab")).isEqualTo("/a\ttab");
        assertThat(Mounts.unescape("/a\\012newline")).isEqualTo("/a\nnewline");
        assertThat(Mounts.unescape("/back\\134slash")).isEqualTo("/back\\slash");
    }

    @Test
    void escapesAtTheStartAndTheEnd() {
        assertThat(Mounts.unescape("\\040")).isEqualTo(" ");
        assertThat(Mounts.unescape("/end\\040")).isEqualTo("/end ");
        assertThat(Mounts.unescape("\\040\\040")).isEqualTo("  ");
    }

    @Test
    void aTruncatedEscapeIsKeptAsIs() {
        assertThat(Mounts.unescape("/a\\04")).isEqualTo("/a\\04");
    }

    @Test
    void theRootIsAMountPointAndAFreshTempDirIsNot(@TempDir Path dir) {
        assertThat(Mounts.isMountPoint(Path.of("/"))).isTrue();
        assertThat(Mounts.isMountPoint(dir.resolve("nested"))).isFalse();
    }
}
