package io.berth.api.model;

import java.util.List;
import java.util.Optional;

/**
 * {@code POST /commit?container=&repo=&tag=&comment=&author=&pause=&changes=}; the body, a
 * {@link ContainerConfig}, is merged over the container's own configuration.
 */
public record CommitOptions(String container, Optional<String> repo, Optional<String> tag, Optional<String> comment,
                            Optional<String> author, boolean pause, List<String> changes,
                            Optional<ContainerConfig> config) {
    public CommitOptions {
        changes = List.copyOf(changes);
    }
}
