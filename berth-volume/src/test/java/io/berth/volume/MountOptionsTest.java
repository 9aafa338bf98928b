package io.berth.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.linux.Linux;
import org.junit.jupiter.api.Test;

class MountOptionsTest {
    @Test
    void flagsAreSeparatedFromFilesystemData() {
        var parsed = MountOptions.parse("size=64m,uid=1000,noexec,ro,nosuid");

        assertThat(parsed.flags()).isEqualTo(Linux.MS_NOEXEC | Linux.MS_RDONLY | Linux.MS_NOSUID);
        assertThat(parsed.data()).isEqualTo("size=64m,uid=1000");
        assertThat(parsed.bind()).isFalse();
    }

    @Test
    void bindAndLaterOptionsWin() {
        var parsed = MountOptions.parse("bind,ro,rw");

        assertThat(parsed.bind()).isTrue();
        assertThat(parsed.flags()).isEqualTo(Linux.MS_BIND);
        assertThat(parsed.data()).isEmpty();
    }

    @Test
    void sizesAreBinaryMultiples() {
        assertThat(MountOptions.bytes("64m")).isEqualTo(64L << 20);
        assertThat(MountOptions.bytes("1.5g")).isEqualTo(3L << 29);
        assertThat(MountOptions.bytes("100")).isEqualTo(100);
        assertThat(MountOptions.bytes("2KiB")).isEqualTo(2048);
        assertThatThrownBy(() -> MountOptions.bytes("lots")).hasMessage("invalid size: 'lots'");
    }
}
