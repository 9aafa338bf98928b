package io.berth.engine.volume;

import io.berth.api.model.Volume;
import io.berth.api.model.VolumeCreateRequest;
import io.berth.api.model.VolumeListResponse;
import io.berth.api.model.VolumePruneResponse;
import io.berth.common.BerthException;
import io.berth.common.ConflictException;
import io.berth.common.Ids;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import io.berth.common.NotFoundException;
import io.berth.engine.events.EventBus;
import io.berth.store.state.StateStore;
import io.berth.volume.LocalDriver;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Volumes: Docker's volume API over the {@code local} driver, and the references containers hold on
 * volumes (a referenced volume cannot be removed; an option volume is mounted while a running
 * container uses it).
 *
 * <p>Locks: one per volume name, held while the volume is created, removed, mounted or unmounted
 * (file system work, no subprocess); the maps of references below are guarded by {@code this} in
 * short sections only. A container's lock may be held while a volume's is taken, never the reverse.
 */
public final class VolumeService {
    private static final System.Logger LOG = System.getLogger(VolumeService.class.getName());
    static final String KIND = "volume";
    private static final List<String> LIST_FILTERS = List.of("dangling", "name", "driver", "label");
    private static final List<String> PRUNE_FILTERS = List.of("label", "label!", "all");

    private final StateStore state;
    private final LocalDriver driver;
    private final EventBus events;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    /** volume name → IDs of the containers that reference it (Docker's refs). */
    private final Map<String, Set<String>> refs = new HashMap<>();
    /** volume name → IDs of the running containers that have it mounted (option volumes only). */
    private final Map<String, Set<String>> active = new HashMap<>();
    private final io.berth.engine.PruneLock pruning = new io.berth.engine.PruneLock();

    public VolumeService(StateStore state, LocalDriver driver, EventBus events) {
        this.state = state;
        this.driver = driver;
        this.events = events;
    }

    // --- the API ----------------------------------------------------------------------------------

    /** {@code POST /volumes/create}: an existing name answers with that volume, as Docker does. */
    public Volume create(VolumeCreateRequest request) {
        var created = createOrGet(Optional.ofNullable(request.name()).filter(n -> !n.isEmpty()),
                request.driver(), request.driverOpts(), request.labels(), Optional.empty());
        return view(created);
    }

    /** {@code GET /volumes/{name}}. */
    public Volume inspect(String name) {
        return view(get(name));
    }

    /** {@code GET /volumes} with Docker's filters: dangling, name, driver, label. */
    public VolumeListResponse list(Map<String, List<String>> filters) {
        check(filters, LIST_FILTERS);
        var out = new ArrayList<Volume>();
        for (VolumeRecord v : records()) {
            if (matches(v, filters)) {
                out.add(view(v));
            }
        }
        return VolumeListResponse.builder().volumes(out).warnings(null).build();
    }

    /**
     * {@code DELETE /volumes/{name}}: 409 while a container references it (force or not, as Docker);
     * with {@code force} a missing volume is no error.
     */
    public void remove(String name, boolean force) {
        ReentrantLock lock = lock(name);
        lock.lock();
        try {
            var record = find(name);
            if (record.isEmpty()) {
                if (force) {
                    return;
                }
                throw notFound(name);
            }
            var users = users(name);
            if (!users.isEmpty()) {
                throw new ConflictException("remove " + name + ": volume is in use - [" + String.join(", ", users) + "]");
            }
            delete(record.get());
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code POST /volumes/prune}: unreferenced local volumes without options; only anonymous ones
     * unless the filter {@code all} is true (the route adds it for API versions before 1.42).
     */
    public VolumePruneResponse prune(Map<String, List<String>> filters) {
        check(filters, PRUNE_FILTERS);
        boolean all = false;
        var allValues = filters.getOrDefault("all", List.of());
        if (allValues.size() > 1) {
            throw new InvalidArgumentException("invalid filter 'all=" + allValues + "': only one value is expected");
        }
        if (allValues.size() == 1) {
            all = goBool(allValues.getFirst()).orElseThrow(() -> new InvalidArgumentException(
                    "invalid filter 'all': strconv.ParseBool: parsing \"" + allValues.getFirst()
                            + "\": invalid syntax"));
        }
        boolean everything = all;
        return pruning.run(() -> pruneUnused(filters, everything));
    }

    private VolumePruneResponse pruneUnused(Map<String, List<String>> filters, boolean all) {
        var deleted = new ArrayList<String>();
        long reclaimed = 0;
        for (VolumeRecord v : records()) {
            if (!v.optionsOrEmpty().isEmpty() || !labelsMatch(v, filters) || (!all && !v.anonymous())) {
                continue;
            }
            ReentrantLock lock = lock(v.name());
            lock.lock();
            try {
                if (find(v.name()).isEmpty() || !users(v.name()).isEmpty()) {
                    continue;
                }
                long size = Math.max(0, driver.size(v.name()));
                delete(v);
                reclaimed += size;
                deleted.add(v.name());
            } catch (BerthException e) {
                LOG.log(System.Logger.Level.WARNING, "prune: removing volume {0}: {1}", v.name(), e.getMessage());
            } finally {
                lock.unlock();
            }
        }
        events.publish("volume", "prune", "", Map.of("reclaimed", Long.toString(reclaimed)));
        return new VolumePruneResponse(deleted, reclaimed);
    }

    /** Every volume with its {@code UsageData} (bytes under {@code _data}, containers referring to it), for {@code GET /system/df}. */
    public List<Volume> usage() {
        var out = new ArrayList<Volume>();
        for (VolumeRecord v : records()) {
            long size = driver.size(v.name());
            out.add(view(v).toBuilder().usageData(Volume.UsageData.builder().size(size)
                    .refCount((long) users(v.name()).size()).build()).build());
        }
        return out;
    }

    // --- for containers -------------------------------------------------------------------------

    /**
     * A volume for a container's mount: the named one (created if missing, with the driver options
     * and labels of a {@code --mount}), or a new anonymous one when {@code name} is empty. The
     * container holds a reference from now on, until {@link #release}.
     */
    public VolumeRecord acquire(Optional<String> name, String driverName, Map<String, String> options,
                                Map<String, String> labels, String containerId) {
        return createOrGet(name, driverName, options, labels, Optional.of(containerId));
    }

    /** An existing volume, referenced by one more container ({@code --volumes-from}); 404 when it is gone. */
    public VolumeRecord reference(String name, String containerId) {
        ReentrantLock lock = lock(name);
        lock.lock();
        try {
            var record = get(name);
            addRef(name, containerId);
            return record;
        } finally {
            lock.unlock();
        }
    }

    /** At start-up: a recorded container references the volume (whether or not it still exists). */
    public synchronized void restoreReference(String name, String containerId) {
        refs.computeIfAbsent(name, _ -> new LinkedHashSet<>()).add(containerId);
    }

    /** The container no longer references the volume. */
    public synchronized void release(String name, String containerId) {
        var users = refs.get(name);
        if (users != null) {
            users.remove(containerId);
        }
    }

    /** {@code rm -v}: removes an anonymous volume unless another container still references it. */
    public void removeAnonymous(String name) {
        ReentrantLock lock = lock(name);
        lock.lock();
        try {
            var record = find(name);
            if (record.isEmpty() || !users(name).isEmpty()) {
                return;
            }
            delete(record.get());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Makes the volume's data ready for a starting container and returns its path: a volume with
     * options is mounted when its first user starts.
     */
    public Path mount(String name, String containerId) {
        ReentrantLock lock = lock(name);
        lock.lock();
        try {
            var record = get(name);
            if (LocalDriver.needsMount(record.optionsOrEmpty())) {
                boolean first;
                synchronized (this) {
                    first = active.getOrDefault(name, Set.of()).isEmpty();
                }
                if (first) {
                    driver.mount(name, record.optionsOrEmpty());
                }
                synchronized (this) {
                    active.computeIfAbsent(name, _ -> new LinkedHashSet<>()).add(containerId);
                }
            } else {
                driver.create(name);
            }
            return driver.dataPath(name);
        } finally {
            lock.unlock();
        }
    }

    /** The container stopped: a volume with options is unmounted when its last user has. */
    public void unmount(String name, String containerId) {
        ReentrantLock lock = lock(name);
        lock.lock();
        try {
            boolean last;
            synchronized (this) {
                var users = active.get(name);
                if (users != null) {
                    users.remove(containerId);
                }
                last = users == null || users.isEmpty();
            }
            if (last) {
                driver.unmount(name);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Docker's {@code mount} event: the volume is mounted into a starting container at
     * {@code destination}.
     */
    public void publishMounted(String name, String containerId, String destination, boolean rw, String propagation) {
        var attributes = new java.util.LinkedHashMap<String, String>();
        attributes.put("container", containerId);
        attributes.put("destination", destination);
        attributes.put("driver", find(name).map(VolumeRecord::driver).orElse(LocalDriver.NAME));
        attributes.put("propagation", propagation);
        attributes.put("read/write", Boolean.toString(rw));
        events.publish("volume", "mount", name, attributes);
    }

    /** Docker's {@code unmount} event: the container that had the volume mounted stopped. */
    public void publishUnmounted(String name, String containerId) {
        events.publish("volume", "unmount", name, Map.of("container", containerId,
                "driver", find(name).map(VolumeRecord::driver).orElse(LocalDriver.NAME)));
    }

    /** At start-up: a running container has the volume mounted (live restore). */
    public synchronized void restoreMount(String name, String containerId) {
        active.computeIfAbsent(name, _ -> new LinkedHashSet<>()).add(containerId);
    }

    public Path dataPath(String name) {
        return driver.dataPath(name);
    }

    public boolean isEmpty(String name) {
        return driver.isEmpty(name);
    }

    public Optional<VolumeRecord> find(String name) {
        return state.get(KIND, name).map(d -> Json.read(d.body(), VolumeRecord.class));
    }

    // --- inside -----------------------------------------------------------------------------------

    private VolumeRecord createOrGet(Optional<String> requested, String driverName, Map<String, String> options,
                                     Map<String, String> labels, Optional<String> containerId) {
        String name = requested.orElseGet(Ids::random);
        String driverOrDefault = driverName == null || driverName.isEmpty() ? LocalDriver.NAME : driverName;
        try {
            LocalDriver.validateName(name);
        } catch (InvalidArgumentException e) {
            throw new InvalidArgumentException("create " + name + ": " + e.getMessage());
        }
        ReentrantLock lock = lock(name);
        lock.lock();
        try {
            var existing = find(name);
            if (existing.isPresent()) {
                if (!existing.get().driver().equals(driverOrDefault)) {
                    throw new ConflictException("create " + name + ": volume name must be unique: driver '"
                            + existing.get().driver() + "' already has volume '" + name + "'");
                }
                containerId.ifPresent(id -> addRef(name, id));
                return existing.get();
            }
            if (!driverOrDefault.equals(LocalDriver.NAME)) {
                throw new NotFoundException("create " + name + ": error looking up volume plugin " + driverOrDefault
                        + ": plugin \"" + driverOrDefault + "\" not found");
            }
            Map<String, String> opts = options;
            try {
                LocalDriver.validateOptions(opts == null ? Map.of() : opts);
            } catch (InvalidArgumentException e) {
                throw new InvalidArgumentException("create " + name + ": " + e.getMessage());
            }
            Map<String, String> allLabels = labels;
            if (requested.isEmpty()) {
                allLabels = new LinkedHashMap<>(labels == null ? Map.of() : labels);
                allLabels.put(VolumeRecord.ANONYMOUS_LABEL, "");
            }
            var record = new VolumeRecord(name, LocalDriver.NAME, createdAt(), allLabels, opts);
            driver.create(name);
            try {
                state.put(KIND, name, name, Json.write(record));
            } catch (RuntimeException e) {
                driver.remove(name);
                throw e;
            }
            containerId.ifPresent(id -> addRef(name, id));
            events.publish("volume", "create", name, Map.of("driver", record.driver()));
            return record;
        } finally {
            lock.unlock();
        }
    }

    private void delete(VolumeRecord record) {
        driver.remove(record.name());
        state.delete(KIND, record.name());
        synchronized (this) {
            refs.remove(record.name());
            active.remove(record.name());
        }
        events.publish("volume", "destroy", record.name(), Map.of("driver", record.driver()));
    }

    private VolumeRecord get(String name) {
        return find(name).orElseThrow(() -> notFound(name));
    }

    private static NotFoundException notFound(String name) {
        return new NotFoundException("get " + name + ": no such volume");
    }

    private List<VolumeRecord> records() {
        return state.list(KIND).stream().map(d -> Json.read(d.body(), VolumeRecord.class)).toList();
    }

    private ReentrantLock lock(String name) {
        return locks.computeIfAbsent(name, _ -> new ReentrantLock());
    }

    private synchronized void addRef(String name, String containerId) {
        refs.computeIfAbsent(name, _ -> new LinkedHashSet<>()).add(containerId);
    }

    private synchronized List<String> users(String name) {
        return List.copyOf(refs.getOrDefault(name, Set.of()));
    }

    /** Creation time as Docker shows it: RFC 3339 in seconds, the host's zone. */
    private static String createdAt() {
        return OffsetDateTime.now(ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    Volume view(VolumeRecord v) {
        return Volume.builder()
                .name(v.name())
                .driver(v.driver())
                .mountpoint(driver.dataPath(v.name()).toString())
                .createdAt(v.createdAt())
                .labels(v.labels())
                .scope("local")
                .options(v.options())
                .build();
    }

    // --- filters ----------------------------------------------------------------------------------

    private static void check(Map<String, List<String>> filters, List<String> accepted) {
        for (String key : filters.keySet()) {
            if (!accepted.contains(key)) {
                throw new InvalidArgumentException("invalid filter '" + key + "'");
            }
        }
    }

    private boolean matches(VolumeRecord v, Map<String, List<String>> filters) {
        var drivers = filters.getOrDefault("driver", List.of());
        if (!drivers.isEmpty() && !drivers.contains(v.driver())) {
            return false;
        }
        var names = filters.getOrDefault("name", List.of());
        if (!names.isEmpty() && names.stream().noneMatch(n -> nameMatches(n, v.name()))) {
            return false;
        }
        if (!labelsMatch(v, filters)) {
            return false;
        }
        var dangling = filters.getOrDefault("dangling", List.of());
        if (!dangling.isEmpty()) {
            var wanted = dangling.size() == 1 ? goBool(dangling.getFirst()) : Optional.<Boolean>empty();
            if (wanted.isEmpty()) {
                throw new InvalidArgumentException("invalid filter 'dangling=" + String.join(",", dangling) + "'");
            }
            return users(v.name()).isEmpty() == wanted.get();
        }
        return true;
    }

    /** Docker's name filter: the exact name, or a regular expression found in it. */
    static boolean nameMatches(String filter, String name) {
        if (filter.equals(name)) {
            return true;
        }
        try {
            return java.util.regex.Pattern.compile(filter).matcher(name).find();
        } catch (java.util.regex.PatternSyntaxException e) {
            return false;
        }
    }

    /** {@code label}: every one must match; {@code label!}: excluded when every one matches. */
    static boolean labelsMatch(VolumeRecord v, Map<String, List<String>> filters) {
        var labels = v.labelsOrEmpty();
        var wanted = filters.getOrDefault("label", List.of());
        if (!wanted.stream().allMatch(f -> labelMatches(f, labels))) {
            return false;
        }
        var unwanted = filters.getOrDefault("label!", List.of());
        return unwanted.isEmpty() || !unwanted.stream().allMatch(f -> labelMatches(f, labels));
    }

    private static boolean labelMatches(String filter, Map<String, String> labels) {
        int eq = filter.indexOf('=');
        if (eq < 0) {
            return labels.containsKey(filter);
        }
        return filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
    }

    /** Go's strconv.ParseBool. */
    static Optional<Boolean> goBool(String value) {
        return switch (value) {
            case "1", "t", "T", "true", "TRUE", "True" -> Optional.of(true);
            case "0", "f", "F", "false", "FALSE", "False" -> Optional.of(false);
            default -> Optional.empty();
        };
    }
}
