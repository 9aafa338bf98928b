package io.berth.engine.container;

import io.berth.common.InvalidArgumentException;
import io.berth.image.ImageRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@code GET /containers/json?filters=}: Docker's container filters; values of one key are OR-ed, keys AND-ed. */
final class ContainerFilters {
    private static final Set<String> STATUSES = Set.of("created", "restarting", "running", "removing", "paused",
            "exited", "dead");

    private final Map<String, List<String>> filters;
    private final Function<String, Optional<ImageRecord>> images;
    private final Function<String, Optional<Container>> containers;

    private ContainerFilters(Map<String, List<String>> filters, Function<String, Optional<ImageRecord>> images,
                             Function<String, Optional<Container>> containers) {
        this.filters = filters;
        this.images = images;
        this.containers = containers;
    }

    static ContainerFilters parse(Map<String, List<String>> filters, Function<String, Optional<ImageRecord>> images,
                                  Function<String, Optional<Container>> containers) {
        for (var entry : filters.entrySet()) {
            switch (entry.getKey()) {
                case "id", "name", "label", "ancestor", "before", "since", "network", "volume", "health",
                     "publish", "expose", "is-task" -> { }
                case "status" -> {
                    for (String value : entry.getValue()) {
                        if (!STATUSES.contains(value)) {
                            throw new InvalidArgumentException("invalid filter 'status=" + value + "'");
                        }
                    }
                }
                case "exited" -> {
                    for (String value : entry.getValue()) {
                        try {
                            Integer.parseInt(value);
                        } catch (NumberFormatException e) {
                            throw new InvalidArgumentException("invalid filter 'exited=" + value + "'");
                        }
                    }
                }
                default -> throw new InvalidArgumentException("invalid filter '" + entry.getKey() + "'");
            }
        }
        return new ContainerFilters(filters, images, containers);
    }

    /** Status and exit filters look at stopped containers too, as Docker's do. */
    boolean impliesAll() {
        return filters.containsKey("status") || filters.containsKey("exited");
    }

    boolean matches(Container c) {
        for (var entry : filters.entrySet()) {
            if (entry.getKey().equals("label")) {
                // as dockerd's MatchKVList: every label asked for must be there
                if (!entry.getValue().stream().allMatch(value -> label(c.config().labels(), value))) {
                    return false;
                }
                continue;
            }
            boolean any = false;
            for (String value : entry.getValue()) {
                if (matches(c, entry.getKey(), value)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    private boolean matches(Container c, String key, String value) {
        return switch (key) {
            case "id" -> c.id().startsWith(value);
            case "name" -> regex(value).matcher("/" + c.name()).find();
            case "label" -> label(c.config().labels(), value);
            case "status" -> c.runState().dockerStatus().equals(value);
            case "exited" -> c.runState() instanceof RunState.Exited e && e.exitCode() == Integer.parseInt(value);
            case "ancestor" -> ancestor(c, value);
            case "before" -> containers.apply(value)
                    .map(other -> Instant.parse(c.created()).isBefore(Instant.parse(other.created())))
                    .orElseThrow(() -> io.berth.common.NotFoundException.container(value));
            case "since" -> containers.apply(value)
                    .map(other -> Instant.parse(c.created()).isAfter(Instant.parse(other.created())))
                    .orElseThrow(() -> io.berth.common.NotFoundException.container(value));
            case "network" -> c.network().containsKey(value) || c.networkMode().equals(value);
            case "volume" -> c.mountsOrEmpty().stream()
                    .anyMatch(m -> m.name().equals(value) || m.destination().equals(value));
            default -> true;
        };
    }

    private boolean ancestor(Container c, String value) {
        if (c.image().equals(value)) {
            return true;
        }
        return images.apply(value).map(image -> image.id().equals(c.imageId())).orElse(false);
    }

    static boolean label(Map<String, String> labels, String filter) {
        if (labels == null) {
            return false;
        }
        int eq = filter.indexOf('=');
        if (eq < 0) {
            return labels.containsKey(filter);
        }
        return filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
    }

    private static Pattern regex(String value) {
        try {
            return Pattern.compile(value);
        } catch (PatternSyntaxException e) {
            return Pattern.compile(Pattern.quote(value));
        }
    }
}
