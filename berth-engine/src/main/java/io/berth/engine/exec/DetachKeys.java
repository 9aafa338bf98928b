package io.berth.engine.exec;

import io.berth.common.InvalidArgumentException;
import java.io.ByteArrayOutputStream;

/**
 * Docker's detach key sequences ({@code ctrl-p,ctrl-q}): comma-separated keys, each a single
 * character, {@code DEL}, or {@code ctrl-<c>} with {@code c} in {@code a-z @ [ \ ] ^ _} (lower case).
 */
final class DetachKeys {
    private DetachKeys() {}

    /** The bytes a client types; an unparsable sequence is Docker's "Invalid escape keys" (400). */
    static byte[] parse(String keys) {
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
}
