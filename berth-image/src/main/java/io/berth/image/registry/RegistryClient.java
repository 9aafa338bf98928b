package io.berth.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.common.BerthException;
import io.berth.common.Digest;
import io.berth.common.ForbiddenException;
import io.berth.common.InternalException;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import io.berth.common.NotFoundException;
import io.berth.common.UnauthorizedException;
import io.berth.image.ref.ImageRef;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The distribution (registry v2) HTTP API over {@link HttpClient}: manifests, blobs, uploads,
 * tags; Bearer-token challenges (the token fetched from the realm, with Basic credentials when
 * there are some) and Basic auth. One {@link Repository} per repository and credentials; it keeps
 * its token for the operations that follow.
 *
 * <p>Errors: a registry's error document becomes Docker's text ({@code manifest unknown: manifest
 * unknown}) in the matching exception kind; a registry that cannot be reached is an
 * {@link InternalException} naming the request, as Docker's {@code Get "…": …}.
 */
public final class RegistryClient {
    /** What a pull accepts, in Docker's order of preference. */
    public static final List<String> MANIFEST_TYPES = List.of(
            io.berth.image.oci.MediaTypes.DOCKER_MANIFEST,
            io.berth.image.oci.MediaTypes.DOCKER_MANIFEST_LIST,
            io.berth.image.oci.MediaTypes.OCI_MANIFEST,
            io.berth.image.oci.MediaTypes.OCI_INDEX);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);
    private static final int MAX_REDIRECTS = 5;
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

    private final HttpClient http;
    private final Map<String, HttpClient> tlsClients = new ConcurrentHashMap<>();
    private final RegistryHosts hosts;
    private final String userAgent;

    public RegistryClient(RegistryHosts hosts) {
        this.hosts = hosts;
        this.userAgent = "berth/0.1 (java " + Runtime.version().feature() + ")";
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
    }

    public RegistryHosts hosts() {
        return hosts;
    }

    /** A repository of {@code ref}'s registry; {@code push} asks tokens for push as well as pull. */
    public Repository repository(ImageRef ref, RegistryAuth auth, boolean push) {
        return new Repository(baseFor(ref.domain()), ref.path(), auth, push);
    }

    /** How long what a registry speaks (TLS or plain HTTP) is remembered. */
    private static final long SCHEME_TTL_NANOS = Duration.ofMinutes(1).toNanos();

    private record Scheme(boolean tls, long at) {}

    private final Map<String, Scheme> schemes = new ConcurrentHashMap<>();

    /**
     * The base URI of {@code domain}'s registry. An insecure registry (plain HTTP by
     * {@link RegistryHosts}) that answers {@code GET /v2/} as a TLS server answers a plain request
     * (Go's and nginx's "400 … HTTP request … HTTPS …") is reached over HTTPS without checking its
     * certificate instead, as Docker does with insecure registries; the answer is kept a minute.
     */
    private URI baseFor(String domain) {
        URI base = hosts.base(domain);
        if (!"http".equals(base.getScheme())) {
            return base;
        }
        Scheme known = schemes.get(domain);
        if (known == null || System.nanoTime() - known.at() > SCHEME_TTL_NANOS) {
            Boolean tls = speaksTls(base);
            if (tls == null) {
                return base; // no answer: nothing to remember, the request that follows says what is wrong
            }
            known = new Scheme(tls, System.nanoTime());
            schemes.put(domain, known);
        }
        return known.tls() ? URI.create("https://" + domain) : base;
    }

    /** True for a TLS server, false for a plain HTTP one, null when nothing answered. */
    private Boolean speaksTls(URI base) {
        var request = HttpRequest.newBuilder(URI.create(base + "/v2/")).GET().timeout(Duration.ofSeconds(10))
                .header("User-Agent", userAgent).build();
        try {
            var response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            String body = new String(response.body(), 0, Math.min(response.body().length, 512), StandardCharsets.UTF_8);
            return response.statusCode() == 400 && body.toUpperCase(Locale.ROOT).contains("HTTPS");
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The registry a login's {@code serveraddress} names, as Docker reads it: empty, {@code docker.io},
     * {@code index.docker.io} or {@code https://index.docker.io/v1/} is Docker Hub; otherwise the
     * host[:port] without scheme or path.
     */
    public static String loginDomain(String serverAddress) {
        String s = serverAddress == null ? "" : serverAddress.strip();
        s = s.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
        int slash = s.indexOf('/');
        if (slash >= 0) {
            s = s.substring(0, slash);
        }
        s = s.toLowerCase(Locale.ROOT);
        if (s.isEmpty() || s.equals("docker.io") || s.equals("index.docker.io") || s.equals("registry-1.docker.io")) {
            return ImageRef.DEFAULT_DOMAIN;
        }
        return s;
    }

    /**
     * {@code POST /auth}: checks {@code auth} against its registry's {@code /v2/} (Basic, or a token
     * fetched with the credentials). Returns the identity token the token server gave, or "".
     */
    public String login(RegistryAuth auth) {
        String domain = loginDomain(auth.serverAddress());
        var repository = new Repository(baseFor(domain), "", auth, false);
        return repository.login();
    }

    /**
     * The mirrors a pull of {@code ref} asks first, in order, anonymously (credentials are for the
     * registry they were given for); the registry itself ({@link #repository}) comes after them.
     */
    public List<Repository> mirrors(ImageRef ref) {
        var sources = new ArrayList<Repository>();
        for (URI mirror : hosts.mirrors(ref.domain())) {
            sources.add(new Repository(mirror, ref.path(), RegistryAuth.anonymous(), false));
        }
        return sources;
    }

    /**
     * The HTTP client for {@code uri}: the shared one for plain HTTP and hosts without certs.d, one
     * per host (rebuilt when its certs.d directory changes) otherwise.
     */
    private HttpClient clientFor(URI uri) {
        if (!"https".equals(uri.getScheme())) {
            return http;
        }
        String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        var dir = hosts.certsDir(authority);
        boolean skip = hosts.skipVerify(authority);
        if (!skip && !java.nio.file.Files.isDirectory(dir)) {
            return http;
        }
        String key = authority + "|" + skip + "|" + RegistryTls.signature(dir);
        if (!tlsClients.containsKey(key)) {
            tlsClients.keySet().removeIf(old -> old.startsWith(authority + "|"));
        }
        return tlsClients.computeIfAbsent(key, k -> {
            return HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(30))
                    .sslContext(RegistryTls.context(dir, skip))
                    .build();
        });
    }

    /**
     * {@code GET /v2/_catalog} of the registry at {@code domain}, following {@code Link: rel="next"}
     * pages (at most {@code max} names): the repositories it holds, for {@code docker search}.
     */
    public List<String> catalog(String domain, RegistryAuth auth, int max) {
        return new Repository(baseFor(domain), "", auth, false).catalog(max);
    }

    /** A manifest or index as fetched: its bytes, its media type and its digest (checked). */
    public record Fetched(byte[] bytes, String mediaType, Digest digest) {}

    /** A blob being downloaded; the caller closes it. */
    public record BlobStream(InputStream in, long size) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** One repository of one registry, with the credentials of the request. Safe for parallel use. */
    public final class Repository {
        private final URI base;
        private final String path;
        private final RegistryAuth auth;
        private final boolean push;
        private final Map<String, String> authorization = new ConcurrentHashMap<>();

        private Repository(URI base, String path, RegistryAuth auth, boolean push) {
            this.base = base;
            this.path = path;
            this.auth = auth;
            this.push = push;
        }

        public String path() {
            return path;
        }

        public URI base() {
            return base;
        }

        private String scope() {
            return path.isEmpty() ? "" : "repository:" + path + (push ? ":pull,push" : ":pull");
        }

        /** {@code GET /v2/} with the credentials, as Docker's login does. */
        String login() {
            URI uri = uri("/v2/");
            var response = send(get(uri), HttpResponse.BodyHandlers.ofByteArray(), "");
            if (response.statusCode() == 200) {
                return "";
            }
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                throw new UnauthorizedException("login attempt to " + uri + " failed with status: "
                        + response.statusCode() + (response.statusCode() == 401 ? " Unauthorized" : " Forbidden"));
            }
            throw error(response, "GET", uri);
        }

        /** {@code GET /v2/}: the registry answers (200, or 401 with the challenge to answer later). */
        public void ping() {
            var response = send(get(uri("/v2/")), HttpResponse.BodyHandlers.ofByteArray(), scope());
            if (response.statusCode() != 200) {
                throw error(response, "GET", uri("/v2/"));
            }
        }

        /** {@code GET /v2/NAME/manifests/REF}; a digest reference is checked against the bytes. */
        public Fetched manifest(String reference) {
            URI uri = uri("/v2/" + path + "/manifests/" + reference);
            var request = get(uri).header("Accept", String.join(", ", MANIFEST_TYPES));
            var response = send(request, HttpResponse.BodyHandlers.ofByteArray(), scope());
            if (response.statusCode() != 200) {
                throw error(response, "GET", uri);
            }
            byte[] bytes = response.body();
            Digest actual = Digest.sha256(bytes);
            if (reference.startsWith("sha256:") && !Digest.parse(reference).equals(actual)) {
                throw new InvalidArgumentException("manifest verification failed for digest " + reference);
            }
            var header = response.headers().firstValue("Docker-Content-Digest");
            if (!reference.startsWith("sha256:") && header.isPresent() && !header.get().equals(actual.toString())) {
                throw new InvalidArgumentException("manifest verification failed: the registry says " + header.get()
                        + ", its bytes are " + actual);
            }
            String type = response.headers().firstValue("Content-Type").map(RegistryClient::mediaType).orElse("");
            return new Fetched(bytes, type, actual);
        }

        /** {@code GET /v2/NAME/blobs/DIGEST}, following redirects without our credentials. */
        public BlobStream blob(Digest digest) {
            URI uri = uri("/v2/" + path + "/blobs/" + digest);
            var response = send(get(uri), HttpResponse.BodyHandlers.ofInputStream(), scope());
            for (int hops = 0; isRedirect(response.statusCode()); hops++) {
                closeQuietly(response.body());
                if (hops >= MAX_REDIRECTS) {
                    throw new InternalException("too many redirects fetching blob " + digest);
                }
                URI next = uri.resolve(response.headers().firstValue("Location").orElseThrow(
                        () -> new InternalException("a redirect without a Location fetching blob " + digest)));
                uri = next;
                response = sendOnce(get(next).build(), HttpResponse.BodyHandlers.ofInputStream());
            }
            if (response.statusCode() != 200) {
                byte[] body = readQuietly(response.body());
                throw error(response.statusCode(), response.headers(), body, "GET", uri);
            }
            long size = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            return new BlobStream(response.body(), size);
        }

        /** {@code HEAD /v2/NAME/blobs/DIGEST}: whether the registry has the blob in this repository. */
        public boolean hasBlob(Digest digest) {
            URI uri = uri("/v2/" + path + "/blobs/" + digest);
            var request = HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .timeout(REQUEST_TIMEOUT).header("User-Agent", userAgent);
            var response = send(request, HttpResponse.BodyHandlers.discarding(), scope());
            if (response.statusCode() == 200 || isRedirect(response.statusCode())) {
                return true;
            }
            if (response.statusCode() == 404) {
                return false;
            }
            throw error(response.statusCode(), response.headers(), new byte[0], "HEAD", uri);
        }

        /**
         * Cross-repository mount: {@code POST /v2/NAME/blobs/uploads/?mount=DIGEST&from=OTHER}. True when
         * the registry mounted it; false when it would not (the upload it started instead is cancelled).
         */
        public boolean mount(Digest digest, String fromPath) {
            URI uri = uri("/v2/" + path + "/blobs/uploads/?mount=" + digest + "&from=" + encode(fromPath));
            String scope = scope() + " repository:" + fromPath + ":pull";
            var response = send(post(uri), HttpResponse.BodyHandlers.ofByteArray(), scope);
            if (response.statusCode() == 201) {
                return true;
            }
            if (response.statusCode() == 202) {
                response.headers().firstValue("Location").ifPresent(location -> {
                    var cancel = HttpRequest.newBuilder(uri.resolve(location)).DELETE().timeout(REQUEST_TIMEOUT)
                            .header("User-Agent", userAgent);
                    try {
                        send(cancel, HttpResponse.BodyHandlers.discarding(), scope());
                    } catch (BerthException e) {
                        // the registry purges abandoned uploads itself
                    }
                });
                return false;
            }
            throw error(response, "POST", uri);
        }

        /**
         * A monolithic upload: {@code POST /v2/NAME/blobs/uploads/}, then one {@code PUT} of the whole
         * blob to the session's location with {@code ?digest=}. {@code content} may be called again
         * if the registry asks for credentials in between.
         */
        public void upload(Digest digest, long size, Supplier<InputStream> content) {
            URI start = uri("/v2/" + path + "/blobs/uploads/");
            var started = send(post(start), HttpResponse.BodyHandlers.ofByteArray(), scope());
            if (started.statusCode() != 202) {
                throw error(started, "POST", start);
            }
            String location = started.headers().firstValue("Location")
                    .orElseThrow(() -> new InternalException("the registry started an upload without a Location"));
            URI session = start.resolve(location);
            String query = session.getRawQuery();
            URI put = URI.create(session.toString() + (query == null ? "?" : "&") + "digest=" + encode(digest.toString()));
            var publisher = HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(content), size);
            var request = HttpRequest.newBuilder(put).PUT(publisher).timeout(Duration.ofHours(1))
                    .header("User-Agent", userAgent).header("Content-Type", "application/octet-stream");
            var response = send(request, HttpResponse.BodyHandlers.ofByteArray(), scope());
            if (response.statusCode() != 201) {
                throw error(response, "PUT", session);
            }
        }

        /**
         * A chunked upload: {@code POST /v2/NAME/blobs/uploads/}, then one {@code PATCH} per chunk of
         * {@code chunkSize} bytes with its {@code Content-Range}, each to the location the registry
         * gave last, then {@code PUT ?digest=} with no body.
         */
        public void uploadChunked(Digest digest, long size, InputStream content, int chunkSize) throws IOException {
            URI start = uri("/v2/" + path + "/blobs/uploads/");
            var started = send(post(start), HttpResponse.BodyHandlers.ofByteArray(), scope());
            if (started.statusCode() != 202) {
                throw error(started, "POST", start);
            }
            URI location = start.resolve(started.headers().firstValue("Location")
                    .orElseThrow(() -> new InternalException("the registry started an upload without a Location")));
            long offset = 0;
            while (offset < size) {
                byte[] chunk = content.readNBytes((int) Math.min(chunkSize, size - offset));
                if (chunk.length == 0) {
                    throw new InternalException("blob " + digest + " ended after " + offset + " of " + size + " bytes");
                }
                var request = HttpRequest.newBuilder(location).method("PATCH", HttpRequest.BodyPublishers.ofByteArray(chunk))
                        .timeout(REQUEST_TIMEOUT).header("User-Agent", userAgent)
                        .header("Content-Type", "application/octet-stream")
                        .header("Content-Range", offset + "-" + (offset + chunk.length - 1));
                var response = send(request, HttpResponse.BodyHandlers.ofByteArray(), scope());
                if (response.statusCode() != 202) {
                    throw error(response, "PATCH", location);
                }
                offset += chunk.length;
                var next = response.headers().firstValue("Location");
                if (next.isPresent()) {
                    location = location.resolve(next.get());
                }
            }
            String query = location.getRawQuery();
            URI put = URI.create(location + (query == null ? "?" : "&") + "digest=" + encode(digest.toString()));
            var request = HttpRequest.newBuilder(put).PUT(HttpRequest.BodyPublishers.noBody()).timeout(REQUEST_TIMEOUT)
                    .header("User-Agent", userAgent).header("Content-Type", "application/octet-stream");
            var response = send(request, HttpResponse.BodyHandlers.ofByteArray(), scope());
            if (response.statusCode() != 201) {
                throw error(response, "PUT", location);
            }
        }

        /** {@code PUT /v2/NAME/manifests/REF}; returns the digest the registry gives it. */
        public Digest putManifest(String reference, String mediaType, byte[] bytes) {
            URI uri = uri("/v2/" + path + "/manifests/" + reference);
            var request = HttpRequest.newBuilder(uri).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                    .timeout(REQUEST_TIMEOUT).header("User-Agent", userAgent).header("Content-Type", mediaType);
            var response = send(request, HttpResponse.BodyHandlers.ofByteArray(), scope());
            if (response.statusCode() != 201 && response.statusCode() != 200) {
                throw error(response, "PUT", uri);
            }
            Digest mine = Digest.sha256(bytes);
            var theirs = response.headers().firstValue("Docker-Content-Digest");
            if (theirs.isPresent() && !theirs.get().equals(mine.toString())) {
                throw new InternalException("the registry stored the manifest as " + theirs.get() + ", expected " + mine);
            }
            return mine;
        }

        /** {@code GET /v2/_catalog} pages; the token scope is {@code registry:catalog:*}. */
        List<String> catalog(int max) {
            var names = new ArrayList<String>();
            URI uri = uri("/v2/_catalog?n=" + Math.min(max, 1000));
            for (int page = 0; page < 1000 && uri != null && names.size() < max; page++) {
                var response = send(get(uri), HttpResponse.BodyHandlers.ofByteArray(), "registry:catalog:*");
                if (response.statusCode() != 200) {
                    throw error(response, "GET", uri);
                }
                JsonNode doc = Json.tree(response.body());
                doc.path("repositories").forEach(r -> names.add(r.asText()));
                URI current = uri;
                uri = response.headers().firstValue("Link").map(NEXT_LINK::matcher).filter(Matcher::find)
                        .map(m -> current.resolve(m.group(1))).orElse(null);
            }
            return names.size() > max ? names.subList(0, max) : names;
        }

        /** {@code GET /v2/NAME/tags/list}, following {@code Link: rel="next"} pages. */
        public List<String> tags() {
            var tags = new ArrayList<String>();
            URI uri = uri("/v2/" + path + "/tags/list");
            for (int page = 0; page < 1000 && uri != null; page++) {
                var response = send(get(uri), HttpResponse.BodyHandlers.ofByteArray(), scope());
                if (response.statusCode() != 200) {
                    throw error(response, "GET", uri);
                }
                JsonNode doc = Json.tree(response.body());
                doc.path("tags").forEach(t -> tags.add(t.asText()));
                URI current = uri;
                uri = response.headers().firstValue("Link").map(NEXT_LINK::matcher).filter(Matcher::find)
                        .map(m -> current.resolve(m.group(1))).orElse(null);
            }
            return tags;
        }

        // --- requests and credentials ------------------------------------------------------

        private URI uri(String pathAndQuery) {
            return URI.create(base + pathAndQuery);
        }

        private HttpRequest.Builder get(URI uri) {
            return HttpRequest.newBuilder(uri).GET().timeout(REQUEST_TIMEOUT).header("User-Agent", userAgent);
        }

        private HttpRequest.Builder post(URI uri) {
            return HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).timeout(REQUEST_TIMEOUT)
                    .header("User-Agent", userAgent);
        }

        /** Sends with the credentials known for {@code scope}; on a 401 challenge, answers it and sends again. */
        private <T> HttpResponse<T> send(HttpRequest.Builder builder, HttpResponse.BodyHandler<T> handler, String scope) {
            String known = authorization.get(scope);
            var first = builder.copy();
            if (known != null) {
                first.setHeader("Authorization", known);
            }
            HttpResponse<T> response = sendOnce(first.build(), handler);
            if (response.statusCode() != 401) {
                return response;
            }
            var challenge = response.headers().firstValue("WWW-Authenticate");
            if (challenge.isEmpty()) {
                return response;
            }
            String answer = answer(challenge.get(), scope);
            if (answer == null || answer.equals(known)) {
                return response;
            }
            if (response.body() instanceof InputStream in) {
                closeQuietly(in);
            }
            authorization.put(scope, answer);
            var again = builder.copy();
            again.setHeader("Authorization", answer);
            return sendOnce(again.build(), handler);
        }

        /** The Authorization header that answers a challenge, or null when there is nothing to answer with. */
        private String answer(String challenge, String scope) {
            String scheme = challenge.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
            if (scheme.equals("basic")) {
                return auth.hasBasic() ? basic() : null;
            }
            if (!scheme.equals("bearer")) {
                return null;
            }
            if (auth.registryToken() != null && !auth.registryToken().isEmpty()) {
                return "Bearer " + auth.registryToken();
            }
            var params = new LinkedHashMap<String, String>();
            Matcher m = CHALLENGE_PARAM.matcher(challenge);
            while (m.find()) {
                params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
            }
            String realm = params.get("realm");
            if (realm == null || realm.isEmpty()) {
                throw new InternalException("the registry's Bearer challenge has no realm");
            }
            return "Bearer " + token(URI.create(realm), params.get("service"), scope);
        }

        private String token(URI realm, String service, String scope) {
            var query = new StringBuilder();
            if (service != null) {
                query.append("service=").append(encode(service));
            }
            for (String s : scope.split(" ")) {
                if (s.isEmpty()) {
                    continue;
                }
                query.append(query.isEmpty() ? "" : "&").append("scope=").append(encode(s));
            }
            HttpRequest request;
            if (auth.identityToken() != null && !auth.identityToken().isEmpty()) {
                String form = query + "&grant_type=refresh_token&client_id=berth&refresh_token="
                        + encode(auth.identityToken());
                request = HttpRequest.newBuilder(realm).POST(HttpRequest.BodyPublishers.ofString(form))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("User-Agent", userAgent).timeout(REQUEST_TIMEOUT).build();
            } else {
                String sep = realm.getRawQuery() == null ? "?" : "&";
                var builder = HttpRequest.newBuilder(URI.create(realm + sep + query)).GET()
                        .header("User-Agent", userAgent).timeout(REQUEST_TIMEOUT);
                if (auth.hasBasic()) {
                    builder.header("Authorization", basic());
                }
                request = builder.build();
            }
            var response = sendOnce(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                throw new UnauthorizedException("Get \"" + realm + "\": unauthorized: "
                        + (auth.isAnonymous() ? "authentication required" : "incorrect username or password"));
            }
            if (response.statusCode() != 200) {
                throw new InternalException("Get \"" + realm + "\": the token server answered " + response.statusCode());
            }
            JsonNode doc = Json.tree(response.body());
            String token = doc.path("token").asText(doc.path("access_token").asText(""));
            if (token.isEmpty()) {
                throw new InternalException("Get \"" + realm + "\": the token server sent no token");
            }
            return token;
        }

        private String basic() {
            return "Basic " + Base64.getEncoder().encodeToString((auth.username() + ":" + auth.password())
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    private <T> HttpResponse<T> sendOnce(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return clientFor(request.uri()).send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InternalException("interrupted: " + request.method() + " " + request.uri(), e);
        } catch (ConnectException e) {
            throw new InternalException(verb(request.method()) + " \"" + request.uri() + "\": connection refused", e);
        } catch (javax.net.ssl.SSLHandshakeException e) {
            String why = String.valueOf(e.getMessage());
            if (why.contains("PKIX") || why.contains("certification path")) {
                why = "tls: failed to verify certificate: x509: certificate signed by unknown authority";
            } else if (why.contains("No subject alternative") || why.contains("No name matching")) {
                why = "tls: failed to verify certificate: x509: certificate is not valid for " + request.uri().getHost();
            } else {
                why = "tls: " + why;
            }
            throw new InternalException(verb(request.method()) + " \"" + request.uri() + "\": " + why, e);
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (why.contains("header parser received no bytes")) {
                why = "EOF (the registry closed the connection without answering)";
            }
            throw new InternalException(verb(request.method()) + " \"" + request.uri() + "\": " + why, e);
        }
    }

    private static String verb(String method) {
        return method.charAt(0) + method.substring(1).toLowerCase(Locale.ROOT);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static BerthException error(HttpResponse<byte[]> response, String method, URI uri) {
        return error(response.statusCode(), response.headers(), response.body(), method, uri);
    }

    /**
     * A registry's error document ({@code {"errors":[{"code":"MANIFEST_UNKNOWN","message":"…"}]}})
     * as Docker words it: {@code manifest unknown: manifest unknown}.
     */
    static BerthException error(int status, HttpHeaders headers, byte[] body, String method, URI uri) {
        String text = errorText(body).orElse(switch (status) {
            case 401 -> "unauthorized: authentication required";
            case 403 -> "denied: requested access to the resource is denied";
            case 404 -> "not found";
            default -> "unexpected status from " + method + " request to " + uri + ": " + status;
        });
        return switch (status) {
            case 401 -> new UnauthorizedException(text);
            case 403 -> new ForbiddenException(text);
            case 404 -> new NotFoundException(text);
            default -> new InternalException(text);
        };
    }

    static Optional<String> errorText(byte[] body) {
        if (body == null || body.length == 0) {
            return Optional.empty();
        }
        try {
            JsonNode errors = Json.tree(body).path("errors");
            if (!errors.isArray() || errors.isEmpty()) {
                return Optional.empty();
            }
            var parts = new ArrayList<String>();
            for (JsonNode e : errors) {
                String code = e.path("code").asText("unknown").toLowerCase(Locale.ROOT).replace('_', ' ');
                String message = e.path("message").asText("");
                parts.add(message.isEmpty() ? code : code + ": " + message);
            }
            return Optional.of(String.join(", ", parts));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing to keep
        }
    }

    private static byte[] readQuietly(InputStream in) {
        try (in) {
            return in.readNBytes(65536);
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
