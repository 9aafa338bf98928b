package io.berth.store.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.ConflictException;
import io.berth.common.InternalException;
import io.berth.store.state.StateStore.Document;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
    @TempDir
    Path dir;

    private StateStore store;

    @BeforeEach
    void open() {
        store = StateStore.open(dir.resolve("state.db"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void putThenGet() {
        store.put("container", "abc", "web", "{\"a\":1}");

        Optional<Document> doc = store.get("container", "abc");

        assertThat(doc).hasValue(new Document("container", "abc", Optional.of("web"), "{\"a\":1}"));
    }

    @Test
    void getOfAMissingIdOrOtherKindIsEmpty() {
        store.put("container", "abc", null, "{}");

        assertThat(store.get("container", "nope")).isEmpty();
        assertThat(store.get("image", "abc")).isEmpty();
    }

    @Test
    void documentsWithoutANameHaveAnEmptyName() {
        store.put("image", "sha256:1", null, "{}");

        assertThat(store.get("image", "sha256:1")).map(Document::name).hasValue(Optional.empty());
    }

    @Test
    void putReplacesBodyAndName() {
        store.put("container", "abc", "web", "old");

        store.put("container", "abc", "db", "new");

        assertThat(store.get("container", "abc"))
                .hasValue(new Document("container", "abc", Optional.of("db"), "new"));
        assertThat(store.list("container")).hasSize(1);
    }

    @Test
    void listReturnsOneKindInInsertionOrder() {
        store.put("container", "c2", "b", "2");
        store.put("image", "i1", null, "x");
        store.put("container", "c1", "a", "1");
        store.put("container", "c3", null, "3");

        var containers = store.list("container");

        assertThat(containers).extracting(Document::id).containsExactly("c2", "c1", "c3");
        assertThat(store.list("image")).extracting(Document::id).containsExactly("i1");
        assertThat(store.list("layer")).isEmpty();
    }

    @Test
    void deleteReportsWhetherSomethingWasRemoved() {
        store.put("container", "abc", "web", "{}");

        boolean first = store.delete("container", "abc");
        boolean second = store.delete("container", "abc");

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(store.get("container", "abc")).isEmpty();
    }

    @Test
    void aDeletedNameCanBeReused() {
        store.put("container", "abc", "web", "{}");
        store.delete("container", "abc");

        store.put("container", "def", "web", "{}");

        assertThat(store.get("container", "def")).map(Document::name).hasValue(Optional.of("web"));
    }

    @Test
    void namesAreUniquePerKind() {
        store.put("container", "abc", "web", "{}");

        assertThatThrownBy(() -> store.put("container", "def", "web", "{}"))
                .isInstanceOf(ConflictException.class)
                .hasMessage("container name \"web\" is already in use");
        assertThat(store.get("container", "def")).isEmpty();
    }

    @Test
    void theSameNameInAnotherKindIsFine() {
        store.put("container", "abc", "web", "{}");

        store.put("network", "n1", "web", "{}");

        assertThat(store.get("network", "n1")).isPresent();
    }

    @Test
    void manyDocumentsMayHaveNoName() {
        store.put("image", "a", null, "{}");
        store.put("image", "b", null, "{}");

        assertThat(store.list("image")).hasSize(2);
    }

    @Test
    void renamingFreesTheOldName() {
        store.put("container", "abc", "old", "{}");
        store.put("container", "abc", "new", "{}");

        store.put("container", "def", "old", "{}");

        assertThat(store.list("container")).extracting(d -> d.name().orElseThrow()).containsExactly("new", "old");
    }

    @Test
    void aTransactionCommitsAllItsWritesAndReturnsTheResult() {
        String result = store.inTransaction(tx -> {
            tx.put("container", "a", "one", "1");
            tx.put("container", "b", "two", "2");
            tx.delete("container", "a");
            return tx.list("container").getFirst().id();
        });

        assertThat(result).isEqualTo("b");
        assertThat(store.list("container")).extracting(Document::id).containsExactly("b");
    }

    @Test
    void aTransactionSeesItsOwnWrites() {
        Optional<Document> seen = store.inTransaction(tx -> {
            tx.put("tag", "busybox:latest", null, "sha256:1");
            return tx.get("tag", "busybox:latest");
        });

        assertThat(seen).map(Document::body).hasValue("sha256:1");
    }

    @Test
    void aTransactionRollsBackOnAnException() {
        store.put("container", "keep", "keep", "before");

        assertThatThrownBy(() -> store.inTransaction(tx -> {
            tx.put("container", "keep", "keep", "after");
            tx.put("container", "new", "new", "{}");
            tx.delete("container", "keep");
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");

        assertThat(store.list("container")).containsExactly(
                new Document("container", "keep", Optional.of("keep"), "before"));
    }

    @Test
    void aTransactionRollsBackOnAnError() {
        assertThatThrownBy(() -> store.inTransaction(tx -> {
            tx.put("container", "a", null, "{}");
            throw new AssertionError("boom");
        })).isInstanceOf(AssertionError.class);

        assertThat(store.list("container")).isEmpty();
    }

    @Test
    void aConflictInsideATransactionRollsBackTheEarlierWrites() {
        store.put("container", "abc", "web", "{}");

        assertThatThrownBy(() -> store.inTransaction(tx -> {
            tx.put("container", "x", "fresh", "{}");
            tx.put("container", "y", "web", "{}");
            return null;
        })).isInstanceOf(ConflictException.class);

        assertThat(store.list("container")).extracting(Document::id).containsExactly("abc");
    }

    @Test
    void theStoreIsUsableAfterARolledBackTransaction() {
        assertThatThrownBy(() -> store.inTransaction(tx -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);

        store.put("container", "a", "web", "{}");

        assertThat(store.get("container", "a")).isPresent();
    }

    @Test
    void reopeningKeepsTheData() {
        store.put("container", "abc", "web", "{\"State\":\"running\"}");
        store.put("image", "sha256:1", null, "{}");
        store.close();

        store = StateStore.open(dir.resolve("state.db"));

        assertThat(store.get("container", "abc")).map(Document::body).hasValue("{\"State\":\"running\"}");
        assertThat(store.list("image")).hasSize(1);
        assertThatThrownBy(() -> store.put("container", "other", "web", "{}"))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void migrationsRunOnceHoweverOftenTheStoreIsOpened() throws SQLException {
        store.close();
        StateStore.open(dir.resolve("state.db")).close();
        StateStore.open(dir.resolve("state.db")).close();

        store = StateStore.open(dir.resolve("state.db"));

        assertThat(query("SELECT COUNT(*), MAX(version) FROM schema_version")).isEqualTo("2,2");
    }

    @Test
    void aDatabaseFromANewerBerthdIsRefused() throws SQLException {
        store.close();
        execute("INSERT INTO schema_version(version) VALUES (99)");

        assertThatThrownBy(() -> store = StateStore.open(dir.resolve("state.db")))
                .isInstanceOf(InternalException.class)
                .hasMessageContaining("state.db has schema version 99, newer than this berthd (2)");
        store = StateStore.open(dir.resolve("other.db"));
    }

    @Test
    void anUnopenablePathIsAnInternalError() {
        Path file = dir.resolve("missing-dir").resolve("state.db");

        assertThatThrownBy(() -> StateStore.open(file))
                .isInstanceOf(InternalException.class)
                .hasMessageStartingWith("opening state database " + file);
    }

    private String query(String sql) throws SQLException {
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state.db"));
             var rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getString(1) + "," + rs.getString(2);
        }
    }

    private void execute(String sql) throws SQLException {
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state.db"))) {
            connection.createStatement().execute(sql);
        }
    }
}
