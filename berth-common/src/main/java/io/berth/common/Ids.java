package io.berth.common;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Object ids as Docker makes them: 64 lower-case hex characters, shown truncated to 12. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern FULL = Pattern.compile("[a-f0-9]{64}");

    private Ids() {}

    public static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public static String shortId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    public static boolean isFullId(String s) {
        return FULL.matcher(s).matches();
    }
}
