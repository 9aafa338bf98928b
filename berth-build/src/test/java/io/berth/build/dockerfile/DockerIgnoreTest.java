package io.berth.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DockerIgnoreTest {
    @Test
    void plainNamesExcludeTheirSubtrees() {
        var ignore = DockerIgnore.parse("# comment\n\nnode_modules\n/build/\n");

        assertThat(ignore.excludes("node_modules")).isTrue();
        assertThat(ignore.excludes("node_modules/x/y.js")).isTrue();
        assertThat(ignore.excludes("build/out.o")).isTrue();
        assertThat(ignore.excludes("src/node_modules")).isFalse();
        assertThat(ignore.excludes("src/main.c")).isFalse();
    }

    @Test
    void starStaysInOneComponentAndDoubleStarSpansMany() {
        var ignore = DockerIgnore.parse("*.log\n**/*.tmp\ndocs/**/draft-?.md\n");

        assertThat(ignore.excludes("a.log")).isTrue();
        assertThat(ignore.excludes("sub/a.log")).isFalse();
        assertThat(ignore.excludes("x.tmp")).isTrue();
        assertThat(ignore.excludes("deep/er/x.tmp")).isTrue();
        assertThat(ignore.excludes("docs/draft-1.md")).isTrue();
        assertThat(ignore.excludes("docs/a/b/draft-2.md")).isTrue();
        assertThat(ignore.excludes("docs/a/draft-10.md")).isFalse();
    }

    @Test
    void exceptionsBringFilesBackAndOrderMatters() {
        var ignore = DockerIgnore.parse("*.md\n!README.md\nREADME-secret.md\n");

        assertThat(ignore.excludes("CHANGES.md")).isTrue();
        assertThat(ignore.excludes("README.md")).isFalse();
        assertThat(ignore.excludes("README-secret.md")).isTrue();

        var later = DockerIgnore.parse("!keep.txt\n*.txt\n");
        assertThat(later.excludes("keep.txt")).isTrue();
    }

    @Test
    void exceptionInsideAnExcludedDirectory() {
        var ignore = DockerIgnore.parse("vendor\n!vendor/keep\n");

        assertThat(ignore.excludes("vendor/other")).isTrue();
        assertThat(ignore.excludes("vendor/keep")).isFalse();
        assertThat(ignore.excludes("vendor/keep/inner.go")).isFalse();
        assertThat(ignore.hasExceptionsUnder("vendor")).isTrue();
        assertThat(ignore.hasExceptionsUnder("other")).isFalse();
    }

    @Test
    void everythingButOneFile() {
        var ignore = DockerIgnore.parse("**\n!app.jar\n");

        assertThat(ignore.excludes("Dockerfile")).isTrue();
        assertThat(ignore.excludes("src/x")).isTrue();
        assertThat(ignore.excludes("app.jar")).isFalse();
    }

    @Test
    void classesEscapesAndDotPaths() {
        var ignore = DockerIgnore.parse("file[0-9].txt\nweird\\*name\n./local/\n");

        assertThat(ignore.excludes("file3.txt")).isTrue();
        assertThat(ignore.excludes("filex.txt")).isFalse();
        assertThat(ignore.excludes("weird*name")).isTrue();
        assertThat(ignore.excludes("weirdXname")).isFalse();
        assertThat(ignore.excludes("local/a")).isTrue();
        assertThat(ignore.excludes("./local/a")).isTrue();
    }
}
