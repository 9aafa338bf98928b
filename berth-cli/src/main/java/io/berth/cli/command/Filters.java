package io.berth.cli.command;

import io.berth.common.InvalidArgumentException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --filter key=value} flags as the API's {@code map[string][]string}. */
public final class Filters {
    private Filters() {}

    public static Map<String, List<String>> parse(List<String> flags) {
        var filters = new LinkedHashMap<String, List<String>>();
        for (String flag : flags) {
            int eq = flag.indexOf('=');
            if (eq <= 0) {
                throw new InvalidArgumentException("bad format of filter (expected name=value)");
            }
            filters.computeIfAbsent(flag.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT),
                    _ -> new ArrayList<>()).add(flag.substring(eq + 1));
        }
        return filters;
    }
}
