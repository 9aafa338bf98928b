package io.berth.runtime.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultConfinementTest {
    @Test
    void noAddOrDropKeepsTheDefaultSet() {
        var caps = DefaultConfinement.capabilities(List.of(), List.of());

        assertThat(caps).containsExactlyElementsOf(DefaultConfinement.CAPABILITIES);
    }

    @Test
    void capAddJoinsTheDefaultSet() {
        var caps = DefaultConfinement.capabilities(List.of("SYS_ADMIN"), List.of());

        assertThat(caps).containsAll(DefaultConfinement.CAPABILITIES).contains("CAP_SYS_ADMIN")
                .hasSize(DefaultConfinement.CAPABILITIES.size() + 1);
    }

    @Test
    void capDropLeavesTheDefaultSet() {
        var caps = DefaultConfinement.capabilities(List.of(), List.of("NET_RAW", "MKNOD"));

        assertThat(caps).doesNotContain("CAP_NET_RAW", "CAP_MKNOD")
                .hasSize(DefaultConfinement.CAPABILITIES.size() - 2);
    }

    @Test
    void dropAllThenAddOne() {
        var caps = DefaultConfinement.capabilities(List.of("NET_BIND_SERVICE"), List.of("ALL"));

        assertThat(caps).containsExactly("CAP_NET_BIND_SERVICE");
    }

    @Test
    void dropAllAlone() {
        var caps = DefaultConfinement.capabilities(List.of(), List.of("ALL"));

        assertThat(caps).isEmpty();
    }

    @Test
    void addAllThenDropOne() {
        var caps = DefaultConfinement.capabilities(List.of("ALL"), List.of("MKNOD"));

        var expected = new ArrayList<>(DefaultConfinement.hostCapabilities());
        expected.remove("CAP_MKNOD");
        assertThat(caps).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void addAllWinsOverDropAll() {
        var caps = DefaultConfinement.capabilities(List.of("ALL"), List.of("ALL"));

        assertThat(caps).containsExactlyInAnyOrderElementsOf(DefaultConfinement.hostCapabilities());
    }

    @Test
    void aCapabilityBothAddedAndDroppedIsKept() {
        var caps = DefaultConfinement.capabilities(List.of("CHOWN", "SYS_TIME"), List.of("CHOWN", "SYS_TIME"));

        assertThat(caps).contains("CAP_CHOWN", "CAP_SYS_TIME");
    }

    @Test
    void namesAreCaseInsensitiveWithOrWithoutPrefix() {
        var caps = DefaultConfinement.capabilities(
                List.of("sys_admin", "cap_net_admin", "Cap_Sys_Time", " sys_nice "), List.of("all"));

        assertThat(caps).containsExactlyInAnyOrder("CAP_SYS_ADMIN", "CAP_NET_ADMIN", "CAP_SYS_TIME", "CAP_SYS_NICE");
    }

    @Test
    void lowerCaseNamesAddAndDrop() {
        var caps = DefaultConfinement.capabilities(List.of("sys_admin", "cap_net_admin"), List.of("net_raw"));

        assertThat(caps).contains("CAP_SYS_ADMIN", "CAP_NET_ADMIN").doesNotContain("CAP_NET_RAW");
    }

    @Test
    void anInvalidNameIsRejected() {
        assertThatThrownBy(() -> DefaultConfinement.capabilities(List.of("SYS_WIZARD"), List.of()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid capability: SYS_WIZARD");
        assertThatThrownBy(() -> DefaultConfinement.capabilities(List.of(), List.of("cap_nope")))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid capability: cap_nope");
    }
}
