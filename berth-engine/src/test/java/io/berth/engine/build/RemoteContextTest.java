package io.berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.InvalidArgumentException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteContextTest {
    @TempDir
    Path work;

    @Test
    void gitUrlsAreToldFromOtherUrls() {
        assertThat(RemoteContext.isGit("git://example.com/repo")).isTrue();
        assertThat(RemoteContext.isGit("git@example.com:org/repo")).isTrue();
        assertThat(RemoteContext.isGit("github.com/org/repo#main")).isTrue();
        assertThat(RemoteContext.isGit("file:///srv/repo")).isTrue();
        assertThat(RemoteContext.isGit("https://example.com/org/repo.git")).isTrue();
        assertThat(RemoteContext.isGit("http://127.0.0.1:8080/repo.git#v1:docker")).isTrue();
        assertThat(RemoteContext.isGit("http://127.0.0.1:8080/context.tar.gz")).isFalse();
        assertThat(RemoteContext.isGit("https://example.com/Dockerfile")).isFalse();
        assertThat(RemoteContext.isUrl("HTTPS://example.com/Dockerfile")).isTrue();
        assertThat(RemoteContext.isUrl("ftp://example.com/x")).isFalse();
    }

    @Test
    void fragmentsNameARefAndASubdirectory() {
        assertThat(RemoteContext.GitRef.parse("file:///r")).isEqualTo(new RemoteContext.GitRef("file:///r", "", ""));
        assertThat(RemoteContext.GitRef.parse("file:///r#v1")).isEqualTo(new RemoteContext.GitRef("file:///r", "v1", ""));
        assertThat(RemoteContext.GitRef.parse("file:///r#:docker/app"))
                .isEqualTo(new RemoteContext.GitRef("file:///r", "", "docker/app"));
        assertThat(RemoteContext.GitRef.parse("github.com/o/r#main:sub"))
                .isEqualTo(new RemoteContext.GitRef("https://github.com/o/r", "main", "sub"));
        assertThatThrownBy(() -> RemoteContext.GitRef.parse("file:///r#--upload-pack=x"))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("invalid git reference");
    }

    @Test
    void otherSchemesAreRefused() {
        assertThatThrownBy(() -> RemoteContext.fetch("ftp://example.com/ctx.tar", "Dockerfile", work))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("unable to prepare context: remote URL \"ftp://example.com/ctx.tar\" is not a git"
                        + " repository or an http(s) URL");
    }
}
