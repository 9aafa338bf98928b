package io.berth.common;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A content digest, {@code sha256:<64 hex>}. */
public record Digest(String algorithm, String encoded) {
    private static final Pattern SHA256_HEX = Pattern.compile("[a-f0-9]{64}");

    public Digest {
        if (!"sha256".equals(algorithm) || encoded == null || !SHA256_HEX.matcher(encoded).matches()) {
            throw new InvalidArgumentException("invalid digest: " + algorithm + ":" + encoded);
        }
    }

    public static Digest parse(String s) {
        int colon = s.indexOf(':');
        if (colon < 0) {
            throw new InvalidArgumentException("invalid digest: " + s);
        }
        return new Digest(s.substring(0, colon), s.substring(colon + 1));
    }

    public static Digest sha256(byte[] content) {
        return new Digest("sha256", HexFormat.of().formatHex(newSha256().digest(content)));
    }

    public static Digest ofSha256(MessageDigest finished) {
        return new Digest("sha256", HexFormat.of().formatHex(finished.digest()));
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new InternalException("SHA-256 is missing from this JDK", e);
        }
    }

    @Override
    public String toString() {
        return algorithm + ":" + encoded;
    }
}
