package io.berth.api.model;

/**
 * {@code GET /containers/{id}/stats}: a document a second ({@code stream}), or one document, taken
 * after a second so that {@code precpu_stats} is filled, unless {@code oneShot} (API 1.41+).
 */
public record StatsOptions(boolean stream, boolean oneShot) {
    public static final StatsOptions STREAM = new StatsOptions(true, false);
    public static final StatsOptions ONCE = new StatsOptions(false, false);
    public static final StatsOptions ONE_SHOT = new StatsOptions(false, true);
}
