package io.berth.store.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Numbered schema migrations; each runs once, in its own transaction, in order. */
final class Migrations {
    private static final List<String> STEPS = List.of(
            // 1: the object table and its name index
            """
            CREATE TABLE objects (
                kind TEXT NOT NULL,
                id   TEXT NOT NULL,
                name TEXT,
                body TEXT NOT NULL,
                PRIMARY KEY (kind, id)
            );
            CREATE UNIQUE INDEX objects_name ON objects(kind, name) WHERE name IS NOT NULL;
            """,
            // 2: the events ring (GET /events?since= across daemon restarts), trimmed by EventLog
            """
            CREATE TABLE events (
                seq       INTEGER PRIMARY KEY AUTOINCREMENT,
                time_nano INTEGER NOT NULL,
                body      TEXT NOT NULL
            );
            """);

    private Migrations() {}

    static void apply(Connection connection) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
            int current;
            try (var rs = statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                current = rs.next() ? rs.getInt(1) : 0;
            }
            if (current > STEPS.size()) {
                throw new SQLException("state.db has schema version " + current + ", newer than this berthd ("
                        + STEPS.size() + ")");
            }
            for (int version = current + 1; version <= STEPS.size(); version++) {
                connection.setAutoCommit(false);
                try {
                    for (String sql : STEPS.get(version - 1).split(";")) {
                        if (!sql.isBlank()) {
                            statement.execute(sql);
                        }
                    }
                    statement.execute("INSERT INTO schema_version(version) VALUES (" + version + ")");
                    connection.commit();
                } catch (SQLException e) {
                    connection.rollback();
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
            }
        }
    }
}
