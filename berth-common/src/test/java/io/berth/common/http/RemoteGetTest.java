package io.berth.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.InvalidArgumentException;
import org.junit.jupiter.api.Test;

class RemoteGetTest {
    @Test
    void anImportSourceWithoutSchemeIsHttp() {
        assertThat(RemoteGet.importSource("example.test/rootfs.tar")).hasToString("http://example.test/rootfs.tar");
        assertThat(RemoteGet.importSource("https://example.test:8443/a.tgz")).hasToString("https://example.test:8443/a.tgz");
    }

    @Test
    void otherSchemesAndGarbageAreRefused() {
        assertThatThrownBy(() -> RemoteGet.importSource("file:///etc/passwd"))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("unsupported import source");
        assertThatThrownBy(() -> RemoteGet.importSource("http://exa mple/x"))
                .isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void reasonPhrasesAsGoPrintsThem() {
        assertThat(RemoteGet.reason(404)).isEqualTo("Not Found");
        assertThat(RemoteGet.reason(503)).isEqualTo("Service Unavailable");
    }
}
