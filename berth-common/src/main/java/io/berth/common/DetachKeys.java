package io.berth.common;

import java.io.ByteArrayOutputStream;

/**
 * Docker's detach key sequences ({@code ctrl-p,ctrl-q}): comma-separated keys, each a single
 * character, {@code DEL}, or {@code ctrl-<c>} with {@code c} in {@code a-z @ [ \ ] ^ _} (lower case).
 */
public final class DetachKeys {
    /** Docker's default: ctrl-p, ctrl-q. */
    public static final byte[] DEFAULT = {16, 17};

    private DetachKeys() {}

    /** The bytes a client types; an unparsable sequence is Docker's "Invalid escape keys" (400). */
    public static byte[] parse(String keys) {
        var out = new ByteArrayOutputStream();
        for (String key : keys.split(",", -1)) {
            if (key.length() == 1) {
                out.write(key.charAt(0));
                continue;
            }
            if (key.equals("DEL")) {
                out.write(127);
                continue;
            }
            if (key.startsWith("ctrl-") && key.length() == 6) {
                char c = key.charAt(5);
                if (c >= 'a' && c <= 'z') {
                    out.write(c - 'a' + 1);
                    continue;
                }
                int code = switch (c) {
                    case '@' -> 0;
                    case '[' -> 27;
                    case '\\' -> 28;
                    case ']' -> 29;
                    case '^' -> 30;
                    case '_' -> 31;
                    default -> -1;
                };
                if (code >= 0) {
                    out.write(code);
                    continue;
                }
            }
            throw new InvalidArgumentException("Invalid escape keys (" + keys + ") provided");
        }
        return out.toByteArray();
    }

    /**
     * Finds the detach sequence in the input (moby's escape proxy): bytes that may start it are
     * held back; if the sequence breaks off they go to the process after all, and a complete
     * sequence is not forwarded.
     */
    public static final class Matcher {
        private final byte[] keys;
        private int matched;

        public Matcher(byte[] keys) {
            this.keys = keys.clone();
        }

        /** Feeds {@code n} bytes; what the process gets goes to {@code forward}; true when the sequence is complete. */
        public boolean feed(byte[] data, int n, java.io.ByteArrayOutputStream forward) {
            for (int i = 0; i < n; i++) {
                byte b = data[i];
                if (b == keys[matched]) {
                    matched++;
                    if (matched == keys.length) {
                        matched = 0;
                        return true;
                    }
                    continue;
                }
                if (matched > 0) {
                    forward.write(keys, 0, matched);
                    matched = 0;
                    if (b == keys[0]) {
                        matched = 1;
                        if (matched == keys.length) {
                            return true;
                        }
                        continue;
                    }
                }
                forward.write(b);
            }
            return false;
        }
    }
}
