package io.berth.store.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.store.state.EventLog.Entry;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogTest {
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
    void appendsAreNumberedInOrder() {
        var log = new EventLog(store, 100);

        long first = log.append(10, "{\"a\":1}");
        long second = log.append(20, "{\"a\":2}");

        assertThat(second).isEqualTo(first + 1);
        assertThat(log.lastSeq()).isEqualTo(second);
        assertThat(log.range(0, Long.MAX_VALUE, Long.MAX_VALUE))
                .containsExactly(new Entry(first, 10, "{\"a\":1}"), new Entry(second, 20, "{\"a\":2}"));
    }

    @Test
    void rangeIsInclusiveAtBothEndsAndStopsAtTheSequenceLimit() {
        var log = new EventLog(store, 100);
        for (int i = 1; i <= 5; i++) {
            log.append(i * 100L, "e" + i);
        }

        assertThat(log.range(200, 400, Long.MAX_VALUE)).extracting(Entry::body).containsExactly("e2", "e3", "e4");
        assertThat(log.range(201, 399, Long.MAX_VALUE)).extracting(Entry::body).containsExactly("e3");
        assertThat(log.range(0, Long.MAX_VALUE, 2)).extracting(Entry::body).containsExactly("e1", "e2");
        assertThat(log.range(600, 700, Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void theRingKeepsTheNewestEventsTrimmingNowAndThen() {
        var log = new EventLog(store, 10);

        for (int i = 1; i <= EventLog.TRIM_EVERY - 1; i++) {
            log.append(i, "e" + i);
        }
        assertThat(log.size()).isEqualTo(EventLog.TRIM_EVERY - 1); // not trimmed on every insert
        log.append(EventLog.TRIM_EVERY, "e" + EventLog.TRIM_EVERY);

        assertThat(log.size()).isEqualTo(10);
        assertThat(log.range(0, Long.MAX_VALUE, Long.MAX_VALUE)).extracting(Entry::body)
                .first().isEqualTo("e" + (EventLog.TRIM_EVERY - 9));
    }

    @Test
    void eventsAndTheirNumbersSurviveAReopenWhichTrims() {
        var log = new EventLog(store, 1000);
        for (int i = 1; i <= 30; i++) {
            log.append(i, "e" + i);
        }
        store.close();

        store = StateStore.open(dir.resolve("state.db"));
        var reopened = new EventLog(store, 5);

        assertThat(reopened.size()).isEqualTo(5);
        assertThat(reopened.range(0, Long.MAX_VALUE, Long.MAX_VALUE)).extracting(Entry::body)
                .containsExactly("e26", "e27", "e28", "e29", "e30");
        assertThat(reopened.lastSeq()).isEqualTo(30);
        assertThat(reopened.append(31, "e31")).isEqualTo(31);
    }

    @Test
    void aVersionOneDatabaseGainsTheEventsTable() throws SQLException {
        store.close();
        Path old = dir.resolve("old.db");
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + old);
             var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
            statement.execute("INSERT INTO schema_version(version) VALUES (1)");
            statement.execute("CREATE TABLE objects (kind TEXT NOT NULL, id TEXT NOT NULL, name TEXT, "
                    + "body TEXT NOT NULL, PRIMARY KEY (kind, id))");
        }

        store = StateStore.open(old);
        var log = new EventLog(store, 10);

        assertThat(log.append(1, "e1")).isEqualTo(1);
    }
}
