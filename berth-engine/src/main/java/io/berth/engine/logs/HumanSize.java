package io.berth.engine.logs;

import io.berth.common.InvalidArgumentException;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Sizes as Docker's log options take them ({@code units.FromHumanSize}): a decimal number and an
 * optional SI unit, {@code 10m} = 10,000,000 bytes; {@code 1.5k}, {@code 20MB}, {@code 3 g} too.
 * ({@link #ramInBytes} is the binary variant Docker uses for {@code max-buffer-size}.)
 */
public final class HumanSize {
    private static final Pattern SIZE = Pattern.compile("^(\\d+(\\.\\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$");

    private HumanSize() {}

    /** Bytes in {@code text}; throws with Docker's {@code invalid size: 'text'} otherwise. */
    public static long fromHumanSize(String text) {
        return parse(text, 1000);
    }

    public static long ramInBytes(String text) {
        return parse(text, 1024);
    }

    private static long parse(String text, int base) {
        var m = SIZE.matcher(text);
        if (!m.matches() || m.group(2) != null && m.group(1).indexOf('.') != m.group(1).lastIndexOf('.')) {
            throw new InvalidArgumentException("invalid size: '" + text + "'");
        }
        BigDecimal size = new BigDecimal(m.group(1));
        if (m.group(3) != null) {
            int power = "kmgtp".indexOf(Character.toLowerCase(m.group(3).charAt(0))) + 1;
            size = size.multiply(BigDecimal.valueOf(base).pow(power));
        }
        return size.longValue();
    }
}
