package io.berth.runtime.conmon;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Where conmon writes a container's output ({@code --log-path}, {@code --log-size-max}): a k8s-file
 * that conmon replaces with an empty one each time {@code sizeMax} more bytes would not fit, or
 * nowhere at all. Attach sockets carry the output either way.
 */
public sealed interface ConmonLog {
    /** conmon's {@code --log-path} argument. */
    String logPath();

    /** conmon's {@code --log-size-max}, if any. */
    OptionalLong sizeMax();

    /** {@code k8s-file:PATH}; see {@link K8sLog} for the format. */
    record K8sFile(Path path, OptionalLong sizeMax) implements ConmonLog {
        @Override
        public String logPath() {
            return "k8s-file:" + path;
        }
    }

    /** {@code none}: conmon keeps no log. */
    record None() implements ConmonLog {
        @Override
        public String logPath() {
            return "none";
        }

        @Override
        public OptionalLong sizeMax() {
            return OptionalLong.empty();
        }
    }
}
