package io.berth.image.ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.Digest;
import io.berth.common.InvalidArgumentException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageRefTest {
    private static final String HEX = "4f20edb4f86f49c4774cc4221cad01ef56777b5d3a09bcd849eb1cf059ae6aab";

    @Test
    void aBareNameIsAnOfficialImageWithTheLatestTag() {
        ImageRef ref = ImageRef.parse("busybox");

        assertThat(ref).isEqualTo(new ImageRef("docker.io", "library/busybox", Optional.of("latest"), Optional.empty()));
        assertThat(ref.canonical()).isEqualTo("docker.io/library/busybox:latest");
        assertThat(ref.familiar()).isEqualTo("busybox:latest");
        assertThat(ref.repository()).isEqualTo("docker.io/library/busybox");
        assertThat(ref.familiarRepository()).isEqualTo("busybox");
        assertThat(ref).hasToString("docker.io/library/busybox:latest");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            busybox                                  | docker.io/library/busybox:latest        | busybox:latest
            busybox:1.36                             | docker.io/library/busybox:1.36          | busybox:1.36
            library/busybox                          | docker.io/library/busybox:latest        | busybox:latest
            docker.io/busybox                        | docker.io/library/busybox:latest        | busybox:latest
            docker.io/library/busybox:musl           | docker.io/library/busybox:musl          | busybox:musl
            index.docker.io/library/busybox          | docker.io/library/busybox:latest        | busybox:latest
            index.docker.io/busybox                  | docker.io/library/busybox:latest        | busybox:latest
            dmcgowan/myapp                           | docker.io/dmcgowan/myapp:latest         | dmcgowan/myapp:latest
            docker.io/dmcgowan/myapp:v2              | docker.io/dmcgowan/myapp:v2             | dmcgowan/myapp:v2
            library/a/b                              | docker.io/library/a/b:latest            | library/a/b:latest
            localhost/foo                            | localhost/foo:latest                    | localhost/foo:latest
            localhost:5000/a/b:t                     | localhost:5000/a/b:t                    | localhost:5000/a/b:t
            localhost:5000/x                         | localhost:5000/x:latest                 | localhost:5000/x:latest
            registry.example.com/x                   | registry.example.com/x:latest           | registry.example.com/x:latest
            registry.example.com:443/team/app:1.0    | registry.example.com:443/team/app:1.0   | registry.example.com:443/team/app:1.0
            127.0.0.1:5000/busybox                   | 127.0.0.1:5000/busybox:latest           | 127.0.0.1:5000/busybox:latest
            [::1]:5000/busybox:1                     | [::1]:5000/busybox:1                    | [::1]:5000/busybox:1
            Foo/bar                                  | Foo/bar:latest                          | Foo/bar:latest
            my-registry/app                          | docker.io/my-registry/app:latest        | my-registry/app:latest
            my.registry-1.example/g                  | my.registry-1.example/g:latest          | my.registry-1.example/g:latest
            ns/a.b_c__d-e--f                         | docker.io/ns/a.b_c__d-e--f:latest       | ns/a.b_c__d-e--f:latest
            busybox:Latest_1.2-x                     | docker.io/library/busybox:Latest_1.2-x  | busybox:Latest_1.2-x
            localhost:5000                           | docker.io/library/localhost:5000        | localhost:5000
            """)
    void normalisesLikeDocker(String reference, String canonical, String familiar) {
        ImageRef ref = ImageRef.parse(reference);

        assertThat(ref.canonical()).isEqualTo(canonical);
        assertThat(ref.familiar()).isEqualTo(familiar);
    }

    @Test
    void aDomainWithAPortIsNotATag() {
        ImageRef ref = ImageRef.parse("localhost:5000/a/b:t");

        assertThat(ref.domain()).isEqualTo("localhost:5000");
        assertThat(ref.path()).isEqualTo("a/b");
        assertThat(ref.tag()).hasValue("t");
        assertThat(ref.digest()).isEmpty();
    }

    @Test
    void aDigestReferenceGetsNoDefaultTag() {
        ImageRef ref = ImageRef.parse("busybox@sha256:" + HEX);

        assertThat(ref.tag()).isEmpty();
        assertThat(ref.digest()).hasValue(Digest.parse("sha256:" + HEX));
        assertThat(ref.canonical()).isEqualTo("docker.io/library/busybox@sha256:" + HEX);
        assertThat(ref.familiar()).isEqualTo("busybox@sha256:" + HEX);
    }

    @Test
    void aTagAndADigestAreBothKept() {
        ImageRef ref = ImageRef.parse("localhost:5000/app:1.0@sha256:" + HEX);

        assertThat(ref.domain()).isEqualTo("localhost:5000");
        assertThat(ref.tag()).hasValue("1.0");
        assertThat(ref.digest()).hasValue(Digest.parse("sha256:" + HEX));
        assertThat(ref.canonical()).isEqualTo("localhost:5000/app:1.0@sha256:" + HEX);
    }

    @Test
    void parseNormalizedAddsNoTag() {
        ImageRef ref = ImageRef.parseNormalized("busybox");

        assertThat(ref.tag()).isEmpty();
        assertThat(ref.canonical()).isEqualTo("docker.io/library/busybox");
        assertThat(ref.familiar()).isEqualTo("busybox");
    }

    @ParameterizedTest(name = "{0} -> ({1})")
    @CsvSource(delimiter = '|', textBlock = """
            Busybox                        | library/Busybox
            BUSYBOX:latest                 | library/BUSYBOX
            docker.io/Busybox              | library/Busybox
            index.docker.io/Busybox        | library/Busybox
            docker.io/Foo/bar              | Foo/bar
            myorg/MyApp:1.0                | myorg/MyApp
            localhost:5000/Foo:tag         | Foo
            registry.example.com/Team/app  | Team/app
            Busybox:bad tag!               | library/Busybox
            """)
    void upperCaseRepositoryNamesAreRejectedWithDockersWording(String reference, String named) {
        assertThatThrownBy(() -> ImageRef.parse(reference))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid reference format: repository name (" + named + ") must be lowercase");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {
        "busybox:", "busybox:-bad", "busybox:.bad", "busybox:a b", "busybox:tag!", ":latest", "/busybox",
        "busybox/", "a//b", "-busybox", "busybox-", "busy..box", "busy___box", "busybox@", "busybox@sha256:abc",
        "busybox@md5:" + "0123456789abcdef0123456789abcdef", "busybox@" + HEX, "bad_domain:5000/x",
        "localhost:port/x", "exa mple.com/x", "a.b_c/g", "busybox:1@sha256:" + HEX + "0", "a/b c", "@sha256:" + HEX
    })
    void malformedReferencesAreRejected(String reference) {
        assertThatThrownBy(() -> ImageRef.parse(reference))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid reference format");
    }

    @Test
    void emptyAndNullAreRejected() {
        assertThatThrownBy(() -> ImageRef.parse("")).hasMessage("invalid reference format");
        assertThatThrownBy(() -> ImageRef.parse(null)).hasMessage("invalid reference format");
    }

    @Test
    void tagsMayBeUpToOneHundredAndTwentyEightCharacters() {
        String longest = "t".repeat(128);

        assertThat(ImageRef.parse("busybox:" + longest).tag()).hasValue(longest);
        assertThatThrownBy(() -> ImageRef.parse("busybox:" + longest + "t"))
                .hasMessage("invalid reference format");
    }

    @Test
    void aFullHexIdIsNotARepositoryName() {
        assertThatThrownBy(() -> ImageRef.parse(HEX))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid repository name (" + HEX + "), cannot specify 64-byte hexadecimal strings");
    }

    @Test
    void nameTooLongIsRejected() {
        String name = "a".repeat(256);

        assertThatThrownBy(() -> ImageRef.parse(name))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid reference format: repository name must not be more than 255 characters");
    }

    @Test
    void theLengthLimitCountsTheDomainAndLibraryPrefix() {
        String fits = "a".repeat(255 - "docker.io/library/".length());

        assertThat(ImageRef.parse(fits).repository()).hasSize(255);
        assertThatThrownBy(() -> ImageRef.parse(fits + "a")).isInstanceOf(InvalidArgumentException.class);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            busybox                                | true
            busybox:latest                         | true
            localhost:5000/a                       | true
            sha256:busybox                         | true
            4f20edb4f86f                           | false
            4f20                                   | false
            sha256:4f20edb4f86f                    | false
            deadbeef                               | false
            """)
    void looksLikeReferenceTellsNamesFromIdPrefixes(String text, boolean expected) {
        assertThat(ImageRef.looksLikeReference(text)).isEqualTo(expected);
    }

    @Test
    void aFullIdDoesNotLookLikeAReference() {
        assertThat(ImageRef.looksLikeReference(HEX)).isFalse();
        assertThat(ImageRef.looksLikeReference("sha256:" + HEX)).isFalse();
        assertThat(ImageRef.looksLikeReference(HEX + "0")).isTrue();
    }

    @Test
    void withTagReplacesTheTagAndDropsTheDigest() {
        ImageRef ref = ImageRef.parse("localhost:5000/app:1.0@sha256:" + HEX);

        ImageRef retagged = ref.withTag("2.0");

        assertThat(retagged.canonical()).isEqualTo("localhost:5000/app:2.0");
        assertThat(retagged.digest()).isEmpty();
    }

    @Test
    void withTagAddsATagToAnUntaggedReference() {
        ImageRef ref = ImageRef.parseNormalized("busybox");

        assertThat(ref.withTag("latest")).isEqualTo(ImageRef.parse("busybox"));
    }

    @Test
    void withTagRejectsABadTag() {
        ImageRef ref = ImageRef.parse("busybox");

        assertThatThrownBy(() -> ref.withTag("bad tag"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid reference format");
        assertThatThrownBy(() -> ref.withTag("")).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void parsingTheCanonicalFormGivesTheSameReference() {
        for (String text : new String[] {"busybox", "dmcgowan/myapp:v1", "localhost:5000/a/b:t",
                "busybox@sha256:" + HEX, "registry.example.com/x"}) {
            ImageRef ref = ImageRef.parse(text);

            assertThat(ImageRef.parse(ref.canonical())).as(text).isEqualTo(ref);
            assertThat(ImageRef.parse(ref.familiar())).as(text).isEqualTo(ref);
        }
    }
}
