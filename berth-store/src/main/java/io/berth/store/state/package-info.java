/**
 * Berth's durable state: one SQLite database, {@code <data-root>/state.db}.
 *
 * <p>Why SQLite: one file, transactions, a write-ahead log that survives a {@code kill -9} of the
 * daemon at any moment, and a reader that needs no daemon ({@code sqlite3 state.db} for support).
 * The database runs in WAL mode with {@code synchronous=NORMAL}: a committed transaction survives a
 * crash of berthd; a power failure may roll back the newest transactions but never corrupts the
 * file.
 *
 * <p>Schema (every change is a numbered migration in {@link io.berth.store.state.Migrations}):
 * <pre>
 * objects(kind TEXT, id TEXT, name TEXT NULL, body TEXT, PRIMARY KEY (kind, id))
 *   UNIQUE (kind, name) WHERE name IS NOT NULL
 *   kind = container  id = 64-hex id      name = container name   body = engine's container record (JSON)
 *   kind = image      id = sha256:…       name = null             body = image record (JSON)
 *   kind = tag        id = repo:tag/@dig  name = null             body = image id
 *   kind = layer      id = chain id       name = null             body = layer record (JSON)
 *   kind = volume     id = volume name    name = volume name      body = volume record (JSON: driver, created, labels, options)
 *   kind = image-parent  id = sha256:… (a built image)   body = the image it was built on (Docker's Parent)
 *   kind = build-cache   id = 64-hex key (parent, history line, config, destination)   body = the image of that build step
 * events(seq INTEGER PRIMARY KEY AUTOINCREMENT, time_nano INTEGER, body TEXT)
 *   one row per event message, in the order published; time_nano = Unix nanoseconds, body = the
 *   message as GET /events sends it (JSON); a ring: {@link io.berth.store.state.EventLog} keeps the
 *   newest 10,000 or so (trimmed every 256 appends and on open)
 * schema_version(version INTEGER)
 * </pre>
 *
 * <p>Concurrency: one connection, every call {@code synchronized} on the store and short (JNI pins
 * the virtual thread's carrier): callers never hold it across a subprocess or a wait.
 */
package io.berth.store.state;
