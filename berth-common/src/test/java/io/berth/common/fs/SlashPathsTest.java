package io.berth.common.fs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlashPathsTest {
    @Test
    void cleanIsGosPathClean() {
        assertThat(SlashPaths.clean("/a/b/../c/./")).isEqualTo("/a/c");
        assertThat(SlashPaths.clean("/../x")).isEqualTo("/x");
        assertThat(SlashPaths.clean("//")).isEqualTo("/");
        assertThat(SlashPaths.clean("")).isEqualTo(".");
        assertThat(SlashPaths.clean("a/../..")).isEqualTo("..");
        assertThat(SlashPaths.clean("../../a/./b/")).isEqualTo("../../a/b");
        assertThat(SlashPaths.clean("a/..")).isEqualTo(".");
    }

    @Test
    void cleanRelativeDropsTheRootAndKeepsLeadingDotDot() {
        assertThat(SlashPaths.cleanRelative("/../a")).isEqualTo("../a");
        assertThat(SlashPaths.cleanRelative("//a/./b/")).isEqualTo("a/b");
        assertThat(SlashPaths.cleanRelative("./")).isEmpty();
        assertThat(SlashPaths.cleanRelative("/")).isEmpty();
        assertThat(SlashPaths.cleanRelative("a/../../x")).isEqualTo("../x");
    }
}
