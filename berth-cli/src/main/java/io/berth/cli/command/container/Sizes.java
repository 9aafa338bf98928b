package io.berth.cli.command.container;

import io.berth.common.InvalidArgumentException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker's size parsing ({@code 512m}, {@code 1g}: binary units) and printing ({@code 1.98MB}: decimal;
 * {@code 1.5MiB}: binary, for memory).
 */
public final class Sizes {
    private static final Pattern SIZE = Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?)(i?b?)$");

    private Sizes() {}

    public static long ramInBytes(String value, String flag) {
        Matcher m = SIZE.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new InvalidArgumentException("invalid argument \"" + value + "\" for \"" + flag
                    + "\" flag: invalid size: '" + value + "'");
        }
        double number = Double.parseDouble(m.group(1));
        long multiplier = switch (m.group(2)) {
            case "k" -> 1L << 10;
            case "m" -> 1L << 20;
            case "g" -> 1L << 30;
            case "t" -> 1L << 40;
            case "p" -> 1L << 50;
            default -> 1L;
        };
        return (long) (number * multiplier);
    }

    /** Go's units.HumanSizeWithPrecision(size, 3). */
    public static String human(double size) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
        int i = 0;
        while (size >= 1000 && i < units.length - 1) {
            size /= 1000;
            i++;
        }
        return formatG(size) + units[i];
    }

    /** Go's units.HumanSize: decimal units, four significant digits ({@code 4.261MB}). */
    public static String humanSize(double size) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
        int i = 0;
        while (size >= 1000 && i < units.length - 1) {
            size /= 1000;
            i++;
        }
        return formatG(size, 4) + units[i];
    }

    /** Go's units.BytesSize: binary units, four significant digits ({@code 216KiB}, {@code 23.54GiB}). */
    public static String bytesSize(double size) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};
        int i = 0;
        while (size >= 1024 && i < units.length - 1) {
            size /= 1024;
            i++;
        }
        return formatG(size, 4) + units[i];
    }

    static String formatG(double value) {
        return formatG(value, 3);
    }

    /**
     * Go's %.<i>N</i>g: {@code precision} significant digits (ties to even on the exact binary value, as
     * strconv rounds), trailing zeros dropped, and an exponent from 10^precision on (%.3g of
     * {@code 999.5} is {@code 1e+03}).
     */
    static String formatG(double value, int precision) {
        if (value == 0) {
            return "0";
        }
        var decimal = new java.math.BigDecimal(value)
                .round(new java.math.MathContext(precision, java.math.RoundingMode.HALF_EVEN));
        int exponent = decimal.precision() - decimal.scale() - 1;
        if (exponent < -4 || exponent >= precision) {
            String mantissa = decimal.movePointLeft(exponent).stripTrailingZeros().toPlainString();
            int abs = Math.abs(exponent);
            return mantissa + "e" + (exponent < 0 ? "-" : "+") + (abs < 10 ? "0" : "") + abs;
        }
        return decimal.stripTrailingZeros().toPlainString();
    }
}
