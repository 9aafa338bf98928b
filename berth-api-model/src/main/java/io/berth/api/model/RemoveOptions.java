package io.berth.api.model;

/** {@code DELETE /containers/{id}?force=&v=&link=}. */
public record RemoveOptions(boolean force, boolean removeVolumes) {
    public static RemoveOptions defaults() {
        return new RemoveOptions(false, false);
    }
}
