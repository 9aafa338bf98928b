package io.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.InvalidArgumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessUserTest {
    @TempDir
    Path rootfs;

    @BeforeEach
    void writeAccounts() throws IOException {
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/passwd"), """
                root:x:0:0:root:/root:/bin/sh
                daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
                # a comment
                www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
                app:x:1000:1000::/home/app:/bin/sh
                nohome:x:1001:1001::
                """);
        Files.writeString(rootfs.resolve("etc/group"), """
                root:x:0:
                daemon:x:1:
                wheel:x:10:root,app
                www-data:x:33:
                audio:x:29:app

                app:x:1000:
                staff:x:50:
                """);
    }

    @Test
    void noUserIsRootWithRootsGroups() {
        ProcessUser user = ProcessUser.resolve(rootfs, "", List.of());

        assertThat(user).isEqualTo(new ProcessUser(0, 0, List.of(10L), "/root"));
    }

    @Test
    void nullUserIsRootToo() {
        ProcessUser user = ProcessUser.resolve(rootfs, null, null);

        assertThat(user.uid()).isZero();
        assertThat(user.home()).isEqualTo("/root");
    }

    @Test
    void aNameTakesUidGidHomeAndSupplementaryGroups() {
        ProcessUser user = ProcessUser.resolve(rootfs, "app", List.of());

        assertThat(user).isEqualTo(new ProcessUser(1000, 1000, List.of(10L, 29L), "/home/app"));
    }

    @Test
    void aKnownUidIsLookedUpInPasswd() {
        ProcessUser user = ProcessUser.resolve(rootfs, "33", List.of());

        assertThat(user).isEqualTo(new ProcessUser(33, 33, List.of(), "/var/www"));
    }

    @Test
    void anUnknownUidRunsWithGroupZeroAndTheRootDirectory() {
        ProcessUser user = ProcessUser.resolve(rootfs, "4242", List.of());

        assertThat(user).isEqualTo(new ProcessUser(4242, 0, List.of(), "/"));
    }

    @Test
    void nameColonGroupSetsThePrimaryGroupAndNoImplicitGroups() {
        ProcessUser user = ProcessUser.resolve(rootfs, "app:staff", List.of());

        assertThat(user).isEqualTo(new ProcessUser(1000, 50, List.of(), "/home/app"));
    }

    @Test
    void uidColonGidNeedNoEntries() {
        ProcessUser user = ProcessUser.resolve(rootfs, "4242:4343", List.of());

        assertThat(user).isEqualTo(new ProcessUser(4242, 4343, List.of(), "/"));
    }

    @Test
    void aNumericGroupMatchesAKnownGid() {
        ProcessUser user = ProcessUser.resolve(rootfs, "daemon:33", List.of());

        assertThat(user).isEqualTo(new ProcessUser(1, 33, List.of(), "/usr/sbin"));
    }

    @Test
    void anEmptyHomeFieldMeansTheRootDirectory() {
        ProcessUser user = ProcessUser.resolve(rootfs, "nohome", List.of());

        assertThat(user.home()).isEqualTo("/");
    }

    @Test
    void anUnknownUserIsDockersError() {
        assertThatThrownBy(() -> ProcessUser.resolve(rootfs, "x", List.of()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("unable to find user x: no matching entries in passwd file");
    }

    @Test
    void anUnknownGroupIsDockersError() {
        assertThatThrownBy(() -> ProcessUser.resolve(rootfs, "app:nogroup", List.of()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("unable to find group nogroup: no matching entries in group file");
    }

    @Test
    void groupAddAddsNamedAndNumericGroups() {
        ProcessUser user = ProcessUser.resolve(rootfs, "www-data", List.of("staff", "4000", "audio"));

        assertThat(user).isEqualTo(new ProcessUser(33, 33, List.of(50L, 4000L, 29L), "/var/www"));
    }

    @Test
    void groupAddOfTheUsersGroupsAddsNothingTwice() {
        ProcessUser user = ProcessUser.resolve(rootfs, "app", List.of("wheel", "app", "1000"));

        assertThat(user.additionalGids()).containsExactly(10L, 29L);
        assertThat(user.gid()).isEqualTo(1000);
    }

    @Test
    void groupAddOfAnUnknownNameIsAnError() {
        assertThatThrownBy(() -> ProcessUser.resolve(rootfs, "app", List.of("ghosts")))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("unable to find group ghosts: no matching entries in group file");
    }

    @Test
    void withoutAccountFilesOnlyNumbersWork(@TempDir Path empty) {
        ProcessUser numeric = ProcessUser.resolve(empty, "1000:1000", List.of("5"));

        assertThat(numeric).isEqualTo(new ProcessUser(1000, 1000, List.of(5L), "/"));
        assertThat(ProcessUser.resolve(empty, "", List.of())).isEqualTo(new ProcessUser(0, 0, List.of(), "/"));
        assertThatThrownBy(() -> ProcessUser.resolve(empty, "app", List.of()))
                .hasMessage("unable to find user app: no matching entries in passwd file");
    }

    @Test
    void accountFilesAreReadThroughLinksInsideTheRootfs(@TempDir Path other) throws IOException {
        Files.createDirectories(other.resolve("real"));
        Files.writeString(other.resolve("real/passwd"), "svc:x:500:500::/srv:/bin/sh\n");
        Files.createDirectories(other.resolve("etc"));
        Files.createSymbolicLink(other.resolve("etc/passwd"), Path.of("/real/passwd"));

        ProcessUser user = ProcessUser.resolve(other, "svc", List.of());

        assertThat(user).isEqualTo(new ProcessUser(500, 500, List.of(), "/srv"));
    }
}
