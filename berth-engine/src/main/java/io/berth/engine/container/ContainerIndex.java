package io.berth.engine.container;

import io.berth.common.ConflictException;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import io.berth.common.NotFoundException;
import io.berth.store.state.StateStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The containers in memory, by ID and by name, written through to the state store. Names are
 * reserved here, so a name conflict is detected before anything is created. Every method is short
 * and synchronised; nothing here waits.
 */
final class ContainerIndex {
    static final String KIND = "container";
    private static final Pattern VALID_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");

    private final StateStore state;
    private final Map<String, Entry> byId = new HashMap<>();
    private final Map<String, String> idByName = new HashMap<>();

    ContainerIndex(StateStore state) {
        this.state = state;
        for (var doc : state.list(KIND)) {
            Container c = Json.read(doc.body(), Container.class);
            byId.put(c.id(), new Entry(c));
            idByName.put(c.name(), c.id());
        }
    }

    /** A container with its coordination state (lock, exit signalling, pending attaches). */
    static final class Entry {
        final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
        final Object changed = new Object();
        volatile Container container;
        /** Incremented on every exit and on removal; waiters compare it with what they saw. */
        long exits;
        int lastExitCode;
        boolean removed;
        /** The runtime's delete of the last run, done after the exit without the lock. */
        volatile java.util.concurrent.CompletableFuture<Void> runtimeCleanup =
                java.util.concurrent.CompletableFuture.completedFuture(null);
        final List<PendingAttach> pendingAttaches = new ArrayList<>();
        /** The restart policy's state (back-off, cancelled by a stop). */
        final RestartManager restarts = new RestartManager();
        /** Its health check (probing only while it runs). */
        final HealthMonitor health = new HealthMonitor();
        /** Bumped when a restart is scheduled or cancelled; a scheduled restart runs only if it is still current. Under {@link #lock}. */
        long restartToken;

        Entry(Container container) {
            this.container = container;
        }
    }

    static String validateName(String name) {
        String n = name.startsWith("/") ? name.substring(1) : name;
        if (!VALID_NAME.matcher(n).matches()) {
            throw new InvalidArgumentException("Invalid container name (" + name + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        return n;
    }

    synchronized boolean nameTaken(String name) {
        return idByName.containsKey(name);
    }

    /** Adds a new container; its name must be free. */
    synchronized Entry add(Container container) {
        String holder = idByName.get(container.name());
        if (holder != null) {
            throw ConflictException.containerName(container.name(), holder);
        }
        state.put(KIND, container.id(), container.name(), Json.write(container));
        var entry = new Entry(container);
        byId.put(container.id(), entry);
        idByName.put(container.name(), container.id());
        return entry;
    }

    /** Persists a changed record (same ID). */
    synchronized void save(Entry entry, Container container) {
        String oldName = entry.container.name();
        if (!oldName.equals(container.name())) {
            String holder = idByName.get(container.name());
            if (holder != null && !holder.equals(container.id())) {
                throw ConflictException.containerName(container.name(), holder);
            }
        }
        state.put(KIND, container.id(), container.name(), Json.write(container));
        if (!oldName.equals(container.name())) {
            idByName.remove(oldName);
            idByName.put(container.name(), container.id());
        }
        entry.container = container;
    }

    synchronized void remove(Entry entry) {
        state.delete(KIND, entry.container.id());
        byId.remove(entry.container.id());
        idByName.remove(entry.container.name());
    }

    /** Docker's lookup order: full ID, exact name, unique ID prefix. */
    synchronized Entry resolve(String ref) {
        return find(ref).orElseThrow(() -> NotFoundException.container(ref));
    }

    synchronized Optional<Entry> find(String ref) {
        if (ref == null || ref.isEmpty()) {
            return Optional.empty();
        }
        Entry exact = byId.get(ref);
        if (exact != null) {
            return Optional.of(exact);
        }
        String name = ref.startsWith("/") ? ref.substring(1) : ref;
        String id = idByName.get(name);
        if (id != null) {
            return Optional.of(byId.get(id));
        }
        if (!ref.matches("[a-f0-9]+")) {
            return Optional.empty();
        }
        Entry match = null;
        for (var e : byId.entrySet()) {
            if (e.getKey().startsWith(ref)) {
                if (match != null) {
                    throw new InvalidArgumentException("multiple IDs found with provided prefix: " + ref);
                }
                match = e.getValue();
            }
        }
        return Optional.ofNullable(match);
    }

    /** All containers, newest first (Docker's list order). */
    synchronized List<Entry> all() {
        var list = new ArrayList<>(byId.values());
        list.sort(Comparator.comparing((Entry e) -> e.container.created()).reversed());
        return list;
    }
}
