package io.berth.engine.exec;

import io.berth.engine.container.Container;

/**
 * What exec needs of the container service: a container by name or id, as it is now
 * ({@link io.berth.common.NotFoundException} when there is none). {@code ContainerService::get} in berthd.
 */
@FunctionalInterface
public interface ContainerLookup {
    Container get(String ref);
}
