package io.berth.store.state;

import io.berth.common.ConflictException;
import io.berth.common.InternalException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** A transactional document store on SQLite; see the package documentation for the schema. */
public final class StateStore implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(StateStore.class.getName());

    private final Connection connection;

    private StateStore(Connection connection) {
        this.connection = connection;
    }

    public static StateStore open(Path file) {
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (var statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("PRAGMA synchronous=NORMAL");
                statement.execute("PRAGMA busy_timeout=5000");
                statement.execute("PRAGMA foreign_keys=ON");
            }
            Migrations.apply(connection);
            LOG.log(System.Logger.Level.DEBUG, "opened state store file={0}", file);
            return new StateStore(connection);
        } catch (SQLException e) {
            throw new InternalException("opening state database " + file + ": " + e.getMessage(), e);
        }
    }

    /** One stored object. */
    public record Document(String kind, String id, Optional<String> name, String body) {}

    /** The operations available inside a transaction. */
    public interface Transaction {
        void put(String kind, String id, String name, String body);

        Optional<Document> get(String kind, String id);

        boolean delete(String kind, String id);

        List<Document> list(String kind);
    }

    public synchronized <T> T inTransaction(Function<Transaction, T> work) {
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.apply(new SqlTransaction());
                connection.commit();
                return result;
            } catch (RuntimeException | Error e) {
                // also on an Error: setAutoCommit(true) below would otherwise commit the partial work
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new InternalException("state transaction failed: " + e.getMessage(), e);
        }
    }

    public void put(String kind, String id, String name, String body) {
        inTransaction(tx -> {
            tx.put(kind, id, name, body);
            return null;
        });
    }

    public synchronized Optional<Document> get(String kind, String id) {
        return new SqlTransaction().get(kind, id);
    }

    public synchronized List<Document> list(String kind) {
        return new SqlTransaction().list(kind);
    }

    public boolean delete(String kind, String id) {
        return inTransaction(tx -> tx.delete(kind, id));
    }

    /** Work on the one connection; {@link #withConnection} runs it under the store's lock. */
    @FunctionalInterface
    interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** Runs {@code work} on the connection, under the store's lock, as the tables beside {@code objects} need. */
    synchronized <T> T withConnection(SqlWork<T> work) throws SQLException {
        return work.apply(connection);
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "closing state store: " + e.getMessage());
        }
    }

    private final class SqlTransaction implements Transaction {
        @Override
        public void put(String kind, String id, String name, String body) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO objects(kind, id, name, body) VALUES (?, ?, ?, ?) "
                            + "ON CONFLICT(kind, id) DO UPDATE SET name = excluded.name, body = excluded.body")) {
                statement.setString(1, kind);
                statement.setString(2, id);
                statement.setString(3, name);
                statement.setString(4, body);
                statement.executeUpdate();
            } catch (SQLException e) {
                if (e.getMessage() != null && e.getMessage().contains("UNIQUE constraint failed")) {
                    throw new ConflictException(kind + " name \"" + name + "\" is already in use");
                }
                throw new InternalException("writing " + kind + " " + id + ": " + e.getMessage(), e);
            }
        }

        @Override
        public Optional<Document> get(String kind, String id) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT kind, id, name, body FROM objects WHERE kind = ? AND id = ?")) {
                statement.setString(1, kind);
                statement.setString(2, id);
                try (ResultSet rs = statement.executeQuery()) {
                    return rs.next() ? Optional.of(document(rs)) : Optional.empty();
                }
            } catch (SQLException e) {
                throw new InternalException("reading " + kind + " " + id + ": " + e.getMessage(), e);
            }
        }

        @Override
        public boolean delete(String kind, String id) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "DELETE FROM objects WHERE kind = ? AND id = ?")) {
                statement.setString(1, kind);
                statement.setString(2, id);
                return statement.executeUpdate() > 0;
            } catch (SQLException e) {
                throw new InternalException("deleting " + kind + " " + id + ": " + e.getMessage(), e);
            }
        }

        @Override
        public List<Document> list(String kind) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT kind, id, name, body FROM objects WHERE kind = ? ORDER BY rowid")) {
                statement.setString(1, kind);
                try (ResultSet rs = statement.executeQuery()) {
                    var out = new ArrayList<Document>();
                    while (rs.next()) {
                        out.add(document(rs));
                    }
                    return out;
                }
            } catch (SQLException e) {
                throw new InternalException("listing " + kind + ": " + e.getMessage(), e);
            }
        }

        private Document document(ResultSet rs) throws SQLException {
            return new Document(rs.getString(1), rs.getString(2), Optional.ofNullable(rs.getString(3)),
                    rs.getString(4));
        }
    }
}
