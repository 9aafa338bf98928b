package io.berth.store.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.Digest;
import io.berth.common.InternalException;
import io.berth.common.InvalidArgumentException;
import io.berth.common.NotFoundException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentStoreTest {
    private static final byte[] HELLO = "hello\n".getBytes(StandardCharsets.UTF_8);
    private static final Digest HELLO_DIGEST =
            Digest.parse("sha256:5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");

    @TempDir
    Path root;

    private ContentStore store;

    @BeforeEach
    void create() {
        store = new ContentStore(root);
    }

    @Test
    void writeStoresTheBytesUnderTheirDigest() {
        ContentStore.Written written = store.write(HELLO);

        assertThat(written).isEqualTo(new ContentStore.Written(HELLO_DIGEST, 6));
        assertThat(store.exists(HELLO_DIGEST)).isTrue();
        assertThat(store.path(HELLO_DIGEST)).isEqualTo(root.resolve("sha256").resolve(HELLO_DIGEST.encoded()));
        assertThat(store.read(HELLO_DIGEST)).isEqualTo(HELLO);
        assertThat(store.size(HELLO_DIGEST)).isEqualTo(6);
    }

    @Test
    void writeWithTheRightExpectedDigestStores() {
        ContentStore.Written written = store.write(new ByteArrayInputStream(HELLO), Optional.of(HELLO_DIGEST));

        assertThat(written.digest()).isEqualTo(HELLO_DIGEST);
        assertThat(store.exists(HELLO_DIGEST)).isTrue();
    }

    @Test
    void aDigestMismatchIsRejectedAndNothingIsStored() throws IOException {
        Digest wrong = Digest.sha256(new byte[0]);

        assertThatThrownBy(() -> store.write(new ByteArrayInputStream(HELLO), Optional.of(wrong)))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("digest mismatch: expected " + wrong + ", got " + HELLO_DIGEST);

        assertThat(store.exists(HELLO_DIGEST)).isFalse();
        assertThat(store.exists(wrong)).isFalse();
        assertThat(listing(root.resolve("sha256"))).isEmpty();
        assertThat(listing(root.resolve("ingest"))).isEmpty();
    }

    @Test
    void writingTheSameContentTwiceKeepsOneBlob() throws IOException {
        store.write(HELLO);

        ContentStore.Written again = store.write(new ByteArrayInputStream(HELLO), Optional.of(HELLO_DIGEST));

        assertThat(again).isEqualTo(new ContentStore.Written(HELLO_DIGEST, 6));
        assertThat(listing(root.resolve("sha256"))).containsExactly(HELLO_DIGEST.encoded());
        assertThat(listing(root.resolve("ingest"))).isEmpty();
    }

    @Test
    void aFailingSourceStoresNothing() throws IOException {
        InputStream broken = new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                if (served++ < 10) {
                    return 'x';
                }
                throw new IOException("connection reset");
            }
        };

        assertThatThrownBy(() -> store.write(broken, Optional.empty()))
                .isInstanceOf(InternalException.class)
                .hasMessage("writing blob: connection reset");
        assertThat(listing(root.resolve("sha256"))).isEmpty();
        assertThat(listing(root.resolve("ingest"))).isEmpty();
    }

    @Test
    void emptyContentIsABlobToo() {
        ContentStore.Written written = store.write(new byte[0]);

        assertThat(written.size()).isZero();
        assertThat(written.digest()).hasToString(
                "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(store.read(written.digest())).isEmpty();
    }

    @Test
    void leftoverIngestFilesAreSweptAtStartUp() throws IOException {
        Files.writeString(root.resolve("ingest").resolve("half-written"), "partial");
        Files.createDirectories(root.resolve("ingest").resolve("dir"));
        store.write(HELLO);

        var reopened = new ContentStore(root);

        assertThat(listing(root.resolve("ingest"))).isEmpty();
        assertThat(reopened.read(HELLO_DIGEST)).isEqualTo(HELLO);
    }

    @Test
    void openStreamsTheBlob() throws IOException {
        store.write(HELLO);

        try (InputStream in = store.open(HELLO_DIGEST)) {
            assertThat(in.readAllBytes()).isEqualTo(HELLO);
        }
    }

    @Test
    void missingBlobsAreNotFound() {
        assertThat(store.exists(HELLO_DIGEST)).isFalse();
        assertThatThrownBy(() -> store.open(HELLO_DIGEST))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("blob not found: " + HELLO_DIGEST);
        assertThatThrownBy(() -> store.read(HELLO_DIGEST)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> store.size(HELLO_DIGEST)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void deleteRemovesTheBlobAndIgnoresMissingOnes() {
        store.write(HELLO);

        store.delete(HELLO_DIGEST);
        store.delete(HELLO_DIGEST);

        assertThat(store.exists(HELLO_DIGEST)).isFalse();
    }

    private static java.util.List<String> listing(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
