package io.berth.image.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Credentials for one registry, as the API's {@code X-Registry-Auth} header carries them
 * (base64url of Docker's {@code AuthConfig} JSON). Never logged: {@link #toString()} hides them.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RegistryAuth(@JsonProperty("username") String username, @JsonProperty("password") String password,
                           @JsonProperty("serveraddress") String serverAddress,
                           @JsonProperty("identitytoken") String identityToken,
                           @JsonProperty("registrytoken") String registryToken) {
    public static RegistryAuth anonymous() {
        return new RegistryAuth(null, null, null, null, null);
    }

    /** Decodes {@code X-Registry-Auth}; an absent or empty header is anonymous. */
    public static RegistryAuth fromHeader(Optional<String> header) {
        String value = header.map(String::strip).orElse("");
        if (value.isEmpty() || value.equals("{}")) {
            return anonymous();
        }
        byte[] json;
        try {
            json = Base64.getUrlDecoder().decode(padded(value.replace('+', '-').replace('/', '_')));
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("invalid X-Registry-Auth header: not base64url-encoded JSON");
        }
        String text = new String(json, StandardCharsets.UTF_8).strip();
        if (text.isEmpty() || text.equals("{}") || text.equals("null")) {
            return anonymous();
        }
        try {
            return Json.read(json, RegistryAuth.class);
        } catch (InvalidArgumentException e) {
            throw new InvalidArgumentException("invalid X-Registry-Auth header: " + e.getMessage());
        }
    }

    private static String padded(String s) {
        int rest = s.length() % 4;
        return rest == 0 ? s : s + "=".repeat(4 - rest);
    }

    /** The header value for these credentials. */
    public String toHeader() {
        return Base64.getUrlEncoder().encodeToString(Json.writeBytes(this));
    }

    public boolean hasBasic() {
        return username != null && !username.isEmpty() && password != null;
    }

    public boolean isAnonymous() {
        return !hasBasic() && blank(identityToken) && blank(registryToken);
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }

    @Override
    public String toString() {
        return isAnonymous() ? "RegistryAuth[anonymous]" : "RegistryAuth[user=" + username + "]";
    }
}
