package io.berth.volume;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

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
}
