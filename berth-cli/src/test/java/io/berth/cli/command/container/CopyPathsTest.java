package io.berth.cli.command.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.fs.SlashPaths;
import org.junit.jupiter.api.Test;

/** docker cp's path rules (moby's archive/copy.go): which directory, which name, which error. */
class CopyPathsTest {
    @Test
    void containerSideIsTheOneWithAColonUnlessThePathIsExplicitlyLocal() {
        assertThat(CopyPaths.split("web:/etc/hosts")).containsExactly("web", "/etc/hosts");
        assertThat(CopyPaths.split("web:etc")).containsExactly("web", "etc");
        assertThat(CopyPaths.split("/abs/with:colon")).containsExactly("", "/abs/with:colon");
        assertThat(CopyPaths.split("./rel:colon")).containsExactly("", "./rel:colon");
        assertThat(CopyPaths.split("plain")).containsExactly("", "plain");
        assertThat(CopyPaths.split("-")).containsExactly("", "-");
    }

    @Test
    void trailingDotAndSeparatorSurviveCleaning() {
        assertThat(CopyPaths.preserveTrailingDotOrSeparator("/a/b", "a/b/")).isEqualTo("/a/b/");
        assertThat(CopyPaths.preserveTrailingDotOrSeparator("/a/b", "a/b/.")).isEqualTo("/a/b/.");
        assertThat(CopyPaths.preserveTrailingDotOrSeparator("/", "/")).isEqualTo("/");
        assertThat(CopyPaths.splitPathDirEntry("/a/b/.")).containsExactly("/a/b", ".");
        assertThat(CopyPaths.splitPathDirEntry("/a/b/")).containsExactly("/a", "b");
        assertThat(CopyPaths.splitPathDirEntry("/")).containsExactly("/", "/");
        assertThat(CopyPaths.assertsDirectory("/x/")).isTrue();
        assertThat(CopyPaths.assertsDirectory("/x/.")).isTrue();
        assertThat(CopyPaths.assertsDirectory("/x")).isFalse();
        assertThat(SlashPaths.clean("a/../../b")).isEqualTo("../b");
        assertThat(SlashPaths.clean("/a/../../b")).isEqualTo("/b");
    }

    private static CopyPaths.Info src(String path, boolean dir) {
        return new CopyPaths.Info(path, true, dir, "");
    }

    @Test
    void intoAnExistingDirectoryTheSourceKeepsItsName() {
        var p = CopyPaths.prepare(src("/etc/hosts", false), new CopyPaths.Info("/tmp/out", true, true, ""));
        assertThat(p.dstDir()).isEqualTo("/tmp/out");
        assertThat(p.renames()).isFalse();
        assertThat(p.toBase()).isEqualTo("hosts");
    }

    @Test
    void toAMissingOrExistingFileTheTopEntryTakesTheDestinationsName() {
        var missing = CopyPaths.prepare(src("/etc/hosts", false), CopyPaths.Info.missing("/tmp/out/h2"));
        var file = CopyPaths.prepare(src("/etc/hosts", false), new CopyPaths.Info("/tmp/out/f", true, false, ""));
        var dir = CopyPaths.prepare(src("/etc", true), CopyPaths.Info.missing("/tmp/newdir"));
        var contents = CopyPaths.prepare(src("/etc/.", true), CopyPaths.Info.missing("/tmp/newdir"));

        assertThat(missing).isEqualTo(new CopyPaths.Prepared("/tmp/out", "hosts", "h2"));
        assertThat(file).isEqualTo(new CopyPaths.Prepared("/tmp/out", "hosts", "f"));
        assertThat(dir).isEqualTo(new CopyPaths.Prepared("/tmp", "etc", "newdir"));
        assertThat(contents).isEqualTo(new CopyPaths.Prepared("/tmp", ".", "newdir"));
    }

    @Test
    void theErrorCasesSayWhatDockerSays() {
        assertThatThrownBy(() -> CopyPaths.prepare(src("/etc", true), new CopyPaths.Info("/tmp/f", true, false, "")))
                .hasMessage("cannot copy directory");
        assertThatThrownBy(() -> CopyPaths.prepare(src("/etc/hosts", false), CopyPaths.Info.missing("/tmp/nodir/")))
                .hasMessage("no such directory");
    }

    @Test
    void aFollowedLinkIsRebasedToTheRequestedName() {
        assertThat(CopyPaths.rebaseName("/link", "/real/target")).containsExactly("/real/target", "link");
        assertThat(CopyPaths.rebaseName("/link/.", "/real")).containsExactly("/real/.", "");
        assertThat(CopyPaths.rebaseName("/same", "/x/same")).containsExactly("/x/same", "");
    }
}
