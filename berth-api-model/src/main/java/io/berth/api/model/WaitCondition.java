package io.berth.api.model;

import io.berth.common.InvalidArgumentException;
import java.util.Locale;

/** {@code POST /containers/{id}/wait?condition=}. */
public enum WaitCondition {
    NOT_RUNNING("not-running"),
    NEXT_EXIT("next-exit"),
    REMOVED("removed");

    private final String wire;

    WaitCondition(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static WaitCondition parse(String s) {
        if (s == null || s.isEmpty()) {
            return NOT_RUNNING;
        }
        for (WaitCondition c : values()) {
            if (c.wire.equals(s.toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new InvalidArgumentException("invalid condition: \"" + s + "\"");
    }
}
