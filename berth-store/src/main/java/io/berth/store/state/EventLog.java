package io.berth.store.state;

import io.berth.common.InternalException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The events ring in {@code state.db}: event messages as the JSON the API sends, numbered in the
 * order they were appended ({@code seq}), so that {@code GET /events?since=} reaches back across
 * daemon restarts. Bounded: every {@value #TRIM_EVERY} appends, and once when opened, everything
 * but the newest {@code keep} rows is deleted (a range delete on the primary key), so the table
 * holds at most {@code keep + TRIM_EVERY} rows.
 *
 * <p>Runs on the {@link StateStore}'s one connection under its lock; each append is its own short
 * write.
 */
public final class EventLog {
    /** How many events {@code berthd} keeps: ten times what Docker keeps in memory. */
    public static final int DEFAULT_KEEP = 10_000;
    static final int TRIM_EVERY = 256;

    /** One stored event: its sequence number, its time (Unix nanoseconds) and its JSON. */
    public record Entry(long seq, long timeNano, String body) {}

    private final StateStore store;
    private final int keep;
    private int appendsSinceTrim; // guarded by the store's lock

    public EventLog(StateStore store, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be positive: " + keep);
        }
        this.store = store;
        this.keep = keep;
        try {
            trim();
        } catch (SQLException e) {
            throw new InternalException("trimming the event log: " + e.getMessage(), e);
        }
    }

    /** Stores one event; returns its sequence number (greater than every earlier one, even across restarts). */
    public long append(long timeNano, String body) {
        try {
            return store.withConnection(connection -> {
                long seq;
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO events(time_nano, body) VALUES (?, ?) RETURNING seq")) {
                    insert.setLong(1, timeNano);
                    insert.setString(2, body);
                    try (ResultSet rs = insert.executeQuery()) {
                        rs.next();
                        seq = rs.getLong(1);
                    }
                }
                if (++appendsSinceTrim >= TRIM_EVERY) {
                    trim();
                }
                return seq;
            });
        } catch (SQLException e) {
            throw new InternalException("appending an event: " + e.getMessage(), e);
        }
    }

    /** The newest sequence number handed out so far (0 before the first event). */
    public long lastSeq() {
        try {
            return store.withConnection(connection -> {
                try (var statement = connection.createStatement();
                     ResultSet rs = statement.executeQuery("SELECT seq FROM sqlite_sequence WHERE name = 'events'")) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            });
        } catch (SQLException e) {
            throw new InternalException("reading the event log: " + e.getMessage(), e);
        }
    }

    /** Events with {@code sinceNano <= time_nano <= untilNano} and {@code seq <= maxSeq}, oldest first. */
    public List<Entry> range(long sinceNano, long untilNano, long maxSeq) {
        try {
            return store.withConnection(connection -> {
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT seq, time_nano, body FROM events WHERE seq <= ? AND time_nano >= ? AND time_nano <= ? "
                                + "ORDER BY seq")) {
                    select.setLong(1, maxSeq);
                    select.setLong(2, sinceNano);
                    select.setLong(3, untilNano);
                    try (ResultSet rs = select.executeQuery()) {
                        var entries = new ArrayList<Entry>();
                        while (rs.next()) {
                            entries.add(new Entry(rs.getLong(1), rs.getLong(2), rs.getString(3)));
                        }
                        return entries;
                    }
                }
            });
        } catch (SQLException e) {
            throw new InternalException("reading the event log: " + e.getMessage(), e);
        }
    }

    /** How many events are stored now. */
    public int size() {
        try {
            return store.withConnection(connection -> {
                try (var statement = connection.createStatement();
                     ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM events")) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            });
        } catch (SQLException e) {
            throw new InternalException("reading the event log: " + e.getMessage(), e);
        }
    }

    /** Deletes all but the newest {@code keep} rows (seq grows by one per append: a range delete on the key). */
    private void trim() throws SQLException {
        appendsSinceTrim = 0;
        store.withConnection(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM events WHERE seq <= (SELECT MAX(seq) FROM events) - ?")) {
                delete.setLong(1, keep);
                return delete.executeUpdate();
            }
        });
    }
}
