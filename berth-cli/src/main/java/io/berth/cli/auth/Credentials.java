package io.berth.cli.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.common.InternalException;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Registry credentials kept as the docker CLI keeps them, so each tool reads the other's logins:
 * {@code $DOCKER_CONFIG/config.json} (else {@code ~/.docker/config.json}) with {@code auths}
 * entries ({@code "auth"}: base64 of {@code user:password}), or, when {@code credHelpers} names a
 * helper for the registry or {@code credsStore} names one for all, a {@code docker-credential-NAME}
 * program on the PATH speaking the helpers' protocol ({@code get}/{@code store}/{@code erase},
 * the server on stdin, JSON on stdout). Unknown keys of config.json are kept as they are.
 */
public final class Credentials {
    /** Docker Hub's key in config.json. */
    public static final String DOCKER_HUB = "https://index.docker.io/v1/";
    private static final String TOKEN_USER = "<token>";

    /** One login: a user and password, or an identity token (the helpers' {@code <token>} user). */
    public record Login(String username, String password, String identityToken, String serverAddress) {
        /** The {@code X-Registry-Auth} value: base64url of Docker's AuthConfig. */
        public String header() {
            var node = Json.mapper().createObjectNode();
            if (username != null && !username.isEmpty()) {
                node.put("username", username);
            }
            if (password != null && !password.isEmpty()) {
                node.put("password", password);
            }
            if (identityToken != null && !identityToken.isEmpty()) {
                node.put("identitytoken", identityToken);
            }
            node.put("serveraddress", serverAddress);
            return Base64.getUrlEncoder().encodeToString(Json.writeBytes(node));
        }
    }

    private final Path dir;

    public Credentials(Path dir) {
        this.dir = dir;
    }

    /** {@code $DOCKER_CONFIG}, else {@code ~/.docker}. */
    public static Credentials fromEnvironment() {
        String env = System.getenv("DOCKER_CONFIG");
        if (env != null && !env.isEmpty()) {
            return new Credentials(Path.of(env));
        }
        return new Credentials(Path.of(System.getProperty("user.home"), ".docker"));
    }

    public Path file() {
        return dir.resolve("config.json");
    }

    /** config.json's key for a registry: Docker Hub's v1 URL, else {@code host[:port]}. */
    public static String key(String registry) {
        String s = registry == null ? "" : registry.strip();
        String bare = s.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
        int slash = bare.indexOf('/');
        String host = (slash < 0 ? bare : bare.substring(0, slash)).toLowerCase(Locale.ROOT);
        if (host.isEmpty() || host.equals("docker.io") || host.equals("index.docker.io")
                || host.equals("registry-1.docker.io")) {
            return DOCKER_HUB;
        }
        return host;
    }

    /** The registry of an image name as the CLI splits it: the first component when it looks like a host, else Docker Hub. */
    public static String registryOf(String image) {
        int slash = image.indexOf('/');
        if (slash > 0) {
            String first = image.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                return first;
            }
        }
        return "docker.io";
    }

    /** The {@code X-Registry-Auth} value for pulling or pushing {@code image}: its stored login, or "" (anonymous). */
    public String headerFor(String image) {
        return get(registryOf(image)).map(Login::header).orElse("");
    }

    /** The login stored for {@code registry} (a domain or server address), if any. */
    public Optional<Login> get(String registry) {
        String key = key(registry);
        ObjectNode config = read();
        Optional<String> helper = helper(config, key);
        if (helper.isPresent()) {
            var result = runHelper(helper.get(), "get", key);
            if (result.exitCode() != 0) {
                if (result.out().contains("credentials not found")) {
                    return Optional.empty();
                }
                throw new InternalException("error getting credentials - err: exit status " + result.exitCode()
                        + ", out: `" + (result.out() + result.err()).strip() + "`");
            }
            JsonNode reply = Json.tree(result.out().getBytes(StandardCharsets.UTF_8));
            String user = reply.path("Username").asText("");
            String secret = reply.path("Secret").asText("");
            return Optional.of(user.equals(TOKEN_USER) ? new Login("", "", secret, key) : new Login(user, secret, "", key));
        }
        JsonNode entry = entry(config.path("auths"), key);
        if (entry == null) {
            return Optional.empty();
        }
        String user = entry.path("username").asText("");
        String password = entry.path("password").asText("");
        String auth = entry.path("auth").asText("");
        if (!auth.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new InvalidArgumentException("invalid auth configuration file: " + file() + ": " + e.getMessage());
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new InvalidArgumentException("invalid auth configuration file: " + file());
            }
            user = decoded.substring(0, colon);
            password = decoded.substring(colon + 1);
        }
        String token = entry.path("identitytoken").asText("");
        if (user.isEmpty() && token.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Login(user, password, token, key));
    }

    /** Stores a login: in the registry's helper when there is one, else in config.json's {@code auths}. */
    public void store(Login login) {
        String key = key(login.serverAddress());
        ObjectNode config = read();
        ObjectNode auths = config.has("auths") && config.get("auths").isObject()
                ? (ObjectNode) config.get("auths") : config.putObject("auths");
        removeEntries(auths, key);
        Optional<String> helper = helper(config, key);
        if (helper.isPresent()) {
            boolean token = login.identityToken() != null && !login.identityToken().isEmpty();
            var body = Json.mapper().createObjectNode();
            body.put("ServerURL", key);
            body.put("Username", token ? TOKEN_USER : login.username());
            body.put("Secret", token ? login.identityToken() : login.password());
            var result = runHelper(helper.get(), "store", Json.write(body));
            if (result.exitCode() != 0) {
                throw new InternalException("error storing credentials - err: exit status " + result.exitCode()
                        + ", out: `" + (result.out() + result.err()).strip() + "`");
            }
            auths.putObject(key);
        } else {
            var entry = auths.putObject(key);
            if (login.identityToken() != null && !login.identityToken().isEmpty()) {
                entry.put("auth", Base64.getEncoder().encodeToString((login.username() + ":")
                        .getBytes(StandardCharsets.UTF_8)));
                entry.put("identitytoken", login.identityToken());
            } else {
                entry.put("auth", Base64.getEncoder().encodeToString((login.username() + ":" + login.password())
                        .getBytes(StandardCharsets.UTF_8)));
            }
        }
        write(config);
    }

    /** Whether a helper keeps the credentials of {@code registry} (login's warning about plain text depends on it). */
    public boolean usesHelper(String registry) {
        return helper(read(), key(registry)).isPresent();
    }

    /** Removes the login of {@code registry}; false when there was none. */
    public boolean erase(String registry) {
        String key = key(registry);
        ObjectNode config = read();
        boolean had = false;
        Optional<String> helper = helper(config, key);
        if (helper.isPresent()) {
            had = get(key).isPresent();
            if (had) {
                var result = runHelper(helper.get(), "erase", key);
                if (result.exitCode() != 0) {
                    throw new InternalException("error erasing credentials - err: exit status " + result.exitCode()
                            + ", out: `" + (result.out() + result.err()).strip() + "`");
                }
            }
        }
        if (config.path("auths").isObject()) {
            had |= removeEntries((ObjectNode) config.get("auths"), key);
        }
        if (had) {
            write(config);
        }
        return had;
    }

    private static Optional<String> helper(JsonNode config, String key) {
        String specific = config.path("credHelpers").path(key).asText("");
        if (specific.isEmpty() && key.equals(DOCKER_HUB)) {
            specific = config.path("credHelpers").path("docker.io").asText("");
        }
        if (!specific.isEmpty()) {
            return Optional.of(specific);
        }
        String store = config.path("credsStore").asText("");
        return store.isEmpty() ? Optional.empty() : Optional.of(store);
    }

    /** The auths entry of {@code key}, also under the legacy spellings ({@code https://host}, {@code http://host/v2/}). */
    private static JsonNode entry(JsonNode auths, String key) {
        if (auths.has(key)) {
            return auths.get(key);
        }
        for (var e : auths.properties()) {
            if (key(e.getKey()).equals(key)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static boolean removeEntries(ObjectNode auths, String key) {
        var names = new ArrayList<String>();
        auths.properties().forEach(e -> {
            if (key(e.getKey()).equals(key)) {
                names.add(e.getKey());
            }
        });
        names.forEach(auths::remove);
        return !names.isEmpty();
    }

    private ObjectNode read() {
        Path f = file();
        if (!Files.exists(f)) {
            return Json.mapper().createObjectNode();
        }
        try {
            byte[] bytes = Files.readAllBytes(f);
            if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
                return Json.mapper().createObjectNode();
            }
            JsonNode tree = Json.tree(bytes);
            if (!tree.isObject()) {
                throw new InvalidArgumentException("loading config file: " + f + ": not a JSON object");
            }
            return (ObjectNode) tree;
        } catch (IOException e) {
            throw new InvalidArgumentException("loading config file: " + f + ": " + e.getMessage());
        } catch (InvalidArgumentException e) {
            throw new InvalidArgumentException("loading config file: " + f + ": " + e.getMessage());
        }
    }

    private void write(ObjectNode config) {
        try {
            Files.createDirectories(dir);
            // as the docker CLI writes it (Go's json.MarshalIndent with a tab)
            var printer = new com.fasterxml.jackson.core.util.DefaultPrettyPrinter()
                    .withObjectIndenter(new com.fasterxml.jackson.core.util.DefaultIndenter("\t", "\n"))
                    .withSeparators(com.fasterxml.jackson.core.util.Separators.createDefaultInstance()
                            .withObjectFieldValueSpacing(com.fasterxml.jackson.core.util.Separators.Spacing.AFTER)
                            .withObjectEmptySeparator("")
                            .withArrayEmptySeparator(""));
            byte[] bytes = Json.mapper().writer(printer).writeValueAsBytes(config);
            Path tmp = Files.createTempFile(dir, "config.json", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.write(tmp, bytes);
                Files.move(tmp, file(), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new InternalException("saving config file " + file() + ": " + e.getMessage(), e);
        }
    }

    private record HelperResult(int exitCode, String out, String err) {}

    /** Runs {@code docker-credential-NAME ACTION} with {@code input} on stdin. */
    private static HelperResult runHelper(String name, String action, String input) {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new InvalidArgumentException("invalid credential helper name: " + name);
        }
        String program = "docker-credential-" + name;
        var process = (Process) null;
        try {
            process = new ProcessBuilder(List.of(program, action)).start();
            try (var stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            var errBytes = new java.util.concurrent.CompletableFuture<byte[]>();
            Process p = process;
            Thread.ofVirtual().start(() -> {
                try {
                    errBytes.complete(p.getErrorStream().readAllBytes());
                } catch (IOException e) {
                    errBytes.complete(new byte[0]);
                }
            });
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new InternalException(program + " " + action + " did not finish within 60s");
            }
            return new HelperResult(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(errBytes.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InternalException("error getting credentials - err: exec: \"" + program
                    + "\": executable file not found in $PATH, out: ``", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (process != null) {
                process.destroyForcibly();
            }
            throw new InternalException("interrupted running " + program, e);
        }
    }

    /** For tests: the entries of config.json's auths. */
    Map<String, JsonNode> auths() {
        var map = new java.util.LinkedHashMap<String, JsonNode>();
        read().path("auths").properties().forEach(e -> map.put(e.getKey(), e.getValue()));
        return map;
    }
}
