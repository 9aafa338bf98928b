package io.berth.image.registry;

/**
 * What a pull or push reports as it goes, in the shape of Docker's JSON progress messages: the
 * daemon writes them as JSON lines, the CLI draws them as lines or bars.
 */
public sealed interface Progress {
    /** A line, for one layer ({@code id} is its short digest) or for the whole operation ({@code id} empty). */
    record Status(String id, String status) implements Progress {}

    /** Bytes done of a total ({@code total} ≤ 0 when unknown), for one layer. */
    record Bytes(String id, String status, long current, long total) implements Progress {}

    /** The result Docker sends as {@code aux} after a push: the tag, the manifest digest and its size. */
    record PushResult(String tag, String digest, long size) implements Progress {}

    /** Where progress goes; called from several threads. */
    @FunctionalInterface
    interface Listener {
        void on(Progress progress);

        static Listener ignoring() {
            return _ -> { };
        }
    }
}
