package io.berth.cli.command.container;

import io.berth.api.model.HealthConfig;
import io.berth.cli.command.Times;
import io.berth.common.InvalidArgumentException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** docker's {@code --health-*} and {@code --no-healthcheck} flags as a HealthConfig; Podman's {@code --health-on-failure}. */
final class HealthFlags {
    /** Where Berth keeps {@code --health-on-failure}: an annotation, so the docker CLI can set it too ({@code --annotation}). */
    static final String ON_FAILURE_ANNOTATION = "io.berth.health-on-failure";

    private HealthFlags() {}

    /** The healthcheck of a create request, or null when no flag says anything (the image's then applies). */
    static HealthConfig healthcheck(String cmd, String interval, String timeout, Integer retries, String startPeriod,
                                    String startInterval, boolean none) {
        Duration i = duration(interval, "--health-interval");
        Duration t = duration(timeout, "--health-timeout");
        Duration sp = duration(startPeriod, "--health-start-period");
        Duration si = duration(startInterval, "--health-start-interval");
        int r = retries == null ? 0 : retries;
        boolean any = cmd != null && !cmd.isEmpty() || !i.isZero() || !t.isZero() || !sp.isZero() || r != 0
                || !si.isZero();
        if (none) {
            if (any) {
                throw new InvalidArgumentException("--no-healthcheck conflicts with --health-* options");
            }
            return HealthConfig.builder().test(List.of("NONE")).build();
        }
        if (!any) {
            return null;
        }
        if (i.isNegative()) {
            throw new InvalidArgumentException("--health-interval cannot be negative");
        }
        if (t.isNegative()) {
            throw new InvalidArgumentException("--health-timeout cannot be negative");
        }
        if (r < 0) {
            throw new InvalidArgumentException("--health-retries cannot be negative");
        }
        if (sp.isNegative()) {
            throw new InvalidArgumentException("--health-start-period cannot be negative");
        }
        if (si.isNegative()) {
            throw new InvalidArgumentException("--health-start-interval cannot be negative");
        }
        return HealthConfig.builder()
                .test(cmd == null || cmd.isEmpty() ? null : List.of("CMD-SHELL", cmd))
                .interval(i.toNanos())
                .timeout(t.toNanos())
                .startPeriod(sp.toNanos())
                .startInterval(si.toNanos())
                .retries((long) r)
                .build();
    }

    /** The create request's annotations: {@code --annotation} entries and {@code --health-on-failure}; null when none. */
    static Map<String, String> annotations(Map<String, String> given, String onFailure) {
        var all = new LinkedHashMap<>(given);
        if (onFailure != null) {
            if (!List.of("none", "kill", "restart", "stop").contains(onFailure)) {
                throw new InvalidArgumentException("invalid health on failure action \"" + onFailure
                        + "\": must be one of none, kill, restart, stop");
            }
            all.put(ON_FAILURE_ANNOTATION, onFailure);
        }
        return all.isEmpty() ? null : all;
    }

    private static Duration duration(String value, String flag) {
        return value == null ? Duration.ZERO : Times.goDuration(value, flag);
    }
}
