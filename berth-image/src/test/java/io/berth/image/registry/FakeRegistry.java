package io.berth.image.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.berth.common.Digest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small in-memory registry for the unit tests only (the integration tests use Debian's
 * docker-registry): manifests by tag and digest, blobs, monolithic uploads, tag lists, and
 * optionally a Bearer challenge whose token server wants Basic credentials.
 */
final class FakeRegistry implements AutoCloseable {
    private static final Pattern MANIFEST = Pattern.compile("/v2/(.+)/manifests/([^/]+)");
    private static final Pattern BLOB = Pattern.compile("/v2/(.+)/blobs/(sha256:[a-f0-9]{64})");
    private static final Pattern UPLOADS = Pattern.compile("/v2/(.+)/blobs/uploads/");
    private static final Pattern UPLOAD = Pattern.compile("/v2/(.+)/blobs/uploads/([a-z0-9]+)");
    private static final Pattern TAGS = Pattern.compile("/v2/(.+)/tags/list");
    static final String TOKEN = "t0ken";

    record Doc(String mediaType, byte[] bytes) {}

    private final HttpServer server;
    final Map<String, Doc> manifests = new ConcurrentHashMap<>();   // "repo:ref" → document
    final Map<String, byte[]> blobs = new ConcurrentHashMap<>();    // digest → bytes served (may lie)
    final List<String> requests = new CopyOnWriteArrayList<>();
    /** Blobs served only once the test opens their gate (digest → latch). */
    final Map<String, java.util.concurrent.CountDownLatch> blobGates = new ConcurrentHashMap<>();
    private final AtomicInteger uploads = new AtomicInteger();
    volatile String requiredUser;
    volatile String requiredPassword;

    FakeRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Requires a Bearer token, given by /token to {@code user}:{@code password}. */
    void requireAuth(String user, String password) {
        this.requiredUser = user;
        this.requiredPassword = password;
    }

    Digest putBlob(byte[] bytes) {
        Digest d = Digest.sha256(bytes);
        blobs.put(d.toString(), bytes);
        return d;
    }

    Digest putManifest(String repo, String tag, String mediaType, byte[] bytes) {
        Digest d = Digest.sha256(bytes);
        manifests.put(repo + ":" + d, new Doc(mediaType, bytes));
        if (tag != null) {
            manifests.put(repo + ":" + tag, new Doc(mediaType, bytes));
        }
        return d;
    }

    private final Map<String, java.io.ByteArrayOutputStream> partial = new java.util.concurrent.ConcurrentHashMap<>();

    long count(String prefix) {
        return requests.stream().filter(r -> r.startsWith(prefix)).count();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            String query = ex.getRequestURI().getRawQuery();
            requests.add(method + " " + path + (query == null ? "" : "?" + query));
            if (path.equals("/token")) {
                token(ex);
                return;
            }
            if (requiredUser != null && !("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + host()
                        + "/token\",service=\"fake\",scope=\"repository:x:pull\"");
                error(ex, 401, "UNAUTHORIZED", "authentication required");
                return;
            }
            if (path.equals("/v2/")) {
                send(ex, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            Matcher m;
            if ((m = TAGS.matcher(path)).matches()) {
                String repo = m.group(1);
                var tags = manifests.keySet().stream().filter(k -> k.startsWith(repo + ":"))
                        .map(k -> k.substring(repo.length() + 1)).filter(t -> !t.startsWith("sha256:")).sorted()
                        .map(t -> "\"" + t + "\"").toList();
                send(ex, 200, "application/json", ("{\"name\":\"" + repo + "\",\"tags\":[" + String.join(",", tags) + "]}")
                        .getBytes(StandardCharsets.UTF_8));
            } else if ((m = MANIFEST.matcher(path)).matches()) {
                String key = m.group(1) + ":" + m.group(2);
                if (method.equals("PUT")) {
                    byte[] body = ex.getRequestBody().readAllBytes();
                    String type = ex.getRequestHeaders().getFirst("Content-Type");
                    Digest d = putManifest(m.group(1), m.group(2).startsWith("sha256:") ? null : m.group(2), type, body);
                    ex.getResponseHeaders().add("Docker-Content-Digest", d.toString());
                    send(ex, 201, null, new byte[0]);
                    return;
                }
                Doc doc = manifests.get(key);
                if (doc == null) {
                    error(ex, 404, "MANIFEST_UNKNOWN", "manifest unknown");
                    return;
                }
                ex.getResponseHeaders().add("Docker-Content-Digest", Digest.sha256(doc.bytes()).toString());
                send(ex, 200, doc.mediaType(), doc.bytes());
            } else if ((m = UPLOAD.matcher(path)).matches() && method.equals("PATCH")) {
                byte[] body = ex.getRequestBody().readAllBytes();
                var sofar = partial.computeIfAbsent(path, k -> new java.io.ByteArrayOutputStream());
                String range = ex.getRequestHeaders().getFirst("Content-Range");
                if (range == null || !range.equals(sofar.size() + "-" + (sofar.size() + body.length - 1))) {
                    ex.sendResponseHeaders(416, -1);
                    return;
                }
                sofar.writeBytes(body);
                ex.getResponseHeaders().add("Location", path + "?_state=s" + sofar.size());
                ex.getResponseHeaders().add("Range", "0-" + (sofar.size() - 1));
                send(ex, 202, null, new byte[0]);
            } else if ((m = UPLOAD.matcher(path)).matches() && method.equals("PUT")) {
                byte[] body = ex.getRequestBody().readAllBytes();
                var sofar = partial.remove(path);
                if (sofar != null) {
                    sofar.writeBytes(body);
                    body = sofar.toByteArray();
                }
                String digest = query.replaceAll(".*digest=([^&]+).*", "$1").replace("%3A", ":");
                if (!Digest.sha256(body).toString().equals(digest)) {
                    error(ex, 400, "DIGEST_INVALID", "provided digest did not match uploaded content");
                    return;
                }
                blobs.put(digest, body);
                send(ex, 201, null, new byte[0]);
            } else if ((m = UPLOADS.matcher(path)).matches() && method.equals("POST")) {
                if (query != null && query.contains("mount=")) {
                    String digest = query.replaceAll(".*mount=([^&]+).*", "$1").replace("%3A", ":");
                    if (blobs.containsKey(digest)) {
                        send(ex, 201, null, new byte[0]);
                        return;
                    }
                }
                ex.getResponseHeaders().add("Location", "/v2/" + m.group(1) + "/blobs/uploads/u" + uploads.incrementAndGet()
                        + "?_state=abc");
                send(ex, 202, null, new byte[0]);
            } else if ((m = BLOB.matcher(path)).matches()) {
                byte[] blob = blobs.get(m.group(2));
                if (blob == null) {
                    error(ex, 404, "BLOB_UNKNOWN", "blob unknown to registry");
                    return;
                }
                if (method.equals("HEAD")) {
                    ex.sendResponseHeaders(200, -1);
                    return;
                }
                var gate = blobGates.get(m.group(2));
                try {
                    if (gate != null && !gate.await(20, java.util.concurrent.TimeUnit.SECONDS)) {
                        error(ex, 503, "UNAVAILABLE", "the test never opened this blob's gate");
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                send(ex, 200, "application/octet-stream", blob);
            } else {
                error(ex, 404, "NOT_FOUND", "no route");
            }
        }
    }

    private void token(HttpExchange ex) throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString((requiredUser + ":" + requiredPassword)
                .getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            send(ex, 401, "application/json", "{\"details\":\"incorrect username or password\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        send(ex, 200, "application/json", ("{\"token\":\"" + TOKEN + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private static void error(HttpExchange ex, int status, String code, String message) throws IOException {
        send(ex, status, "application/json", ("{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}]}")
                .getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        if (type != null) {
            ex.getResponseHeaders().add("Content-Type", type);
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
