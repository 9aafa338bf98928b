package io.berth.common.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountInfoTest {
    @Test
    void readsPropagationFromTheOptionalFields() {
        var shared = MountInfo.parse("36 35 98:0 /mnt1 /mnt/my\\040dir rw,noatime shared:1 master:2 - ext3 /dev/root rw");
        var privateMount = MountInfo.parse("27 1 254:0 / / rw,relatime - ext4 /dev/vda rw");

        assertThat(shared.mountPoint()).isEqualTo("/mnt/my dir");
        assertThat(shared.shared()).isTrue();
        assertThat(shared.slave()).isTrue();
        assertThat(privateMount.shared()).isFalse();
        assertThat(privateMount.slave()).isFalse();
    }

    @Test
    void theRootHoldsEverythingElse() {
        assertThat(MountInfo.mountOf(Path.of("/no/such/dir"))).isPresent();
        assertThat(MountInfo.isMountPoint(Path.of("/"))).isTrue();
    }

    @Test
    void plainPathsAreUnchanged() {
        assertThat(MountInfo.unescape("/var/lib/berth/overlay/abc/merged")).isEqualTo("/var/lib/berth/overlay/abc/merged");
    }

    @Test
    void octalEscapesAreDecoded() {
        assertThat(MountInfo.unescape("/mnt/with\\040space")).isEqualTo("/mnt/with space");
        assertThat(MountInfo.unescape("/a\\011tab")).isEqualTo("/a\ttab");
        assertThat(MountInfo.unescape("/a\\012newline")).isEqualTo("/a\nnewline");
        assertThat(MountInfo.unescape("/back\\134slash")).isEqualTo("/back\\slash");
    }

    @Test
    void escapesAtTheStartAndTheEnd() {
        assertThat(MountInfo.unescape("\\040")).isEqualTo(" ");
        assertThat(MountInfo.unescape("/end\\040")).isEqualTo("/end ");
        assertThat(MountInfo.unescape("\\040\\040")).isEqualTo("  ");
    }

    @Test
    void aTruncatedEscapeIsKeptAsIs() {
        assertThat(MountInfo.unescape("/a\\04")).isEqualTo("/a\\04");
    }

    @Test
    void theRootIsAMountPointAndAFreshTempDirIsNot(@TempDir Path dir) {
        assertThat(MountInfo.isMountPoint(Path.of("/"))).isTrue();
        assertThat(MountInfo.isMountPoint(dir.resolve("nested"))).isFalse();
    }
}
