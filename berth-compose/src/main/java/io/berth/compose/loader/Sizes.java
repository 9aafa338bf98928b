package io.berth.compose.loader;

import io.berth.common.InvalidArgumentException;
import java.util.Locale;

/** Docker's byte sizes in compose files. */
public final class Sizes {
    private Sizes() {}

    /** Docker's byte sizes ({@code 512m}, {@code 1g}, {@code 100k}, {@code 1gb}, plain bytes) as a count of bytes. */
    public static String bytes(Object v, String path) {
        if (v instanceof Long l) {
            return Long.toString(l);
        }
        String s = String.valueOf(v).strip().toLowerCase(Locale.ROOT);
        var m = java.util.regex.Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?)(i?b?)$").matcher(s);
        if (!m.matches()) {
            throw new InvalidArgumentException(path + ": invalid size: '" + v + "'");
        }
        double n = Double.parseDouble(m.group(1));
        int power = switch (m.group(2)) {
            case "k" -> 1;
            case "m" -> 2;
            case "g" -> 3;
            case "t" -> 4;
            case "p" -> 5;
            default -> 0;
        };
        return Long.toString((long) (n * Math.pow(1024, power)));
    }
}
