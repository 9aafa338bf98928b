package io.berth.testing;

import io.berth.common.AtomicFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * A real registry for one test class: Debian's {@code docker-registry} (distribution v2) on
 * 127.0.0.1, a port the kernel picks, plain HTTP, its storage in a temp directory. Stopped by its
 * PID after the class, and its directory removed; the class fails if the process outlives the stop.
 */
public final class LocalRegistry implements BeforeAllCallback, AfterAllCallback, TestWatcher {
    public static final Path BINARY = Path.of("/usr/bin/docker-registry");
    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    private Path root;
    private Process process;
    private int port;
    private String user;
    private String password;
    private boolean tls;
    private boolean clientCerts;
    private boolean token;
    private TokenServer tokenServer;

    public static LocalRegistry onTempStorage() {
        return new LocalRegistry();
    }

    /**
     * A registry serving HTTPS with a certificate of a CA made for it ({@link #caCert()}; the server's
     * name is 127.0.0.1 and localhost), asking for Basic credentials {@code user}:{@code password}
     * (an htpasswd file with a bcrypt hash, made by {@code htpasswd -B} from apache2-utils).
     */
    public static LocalRegistry withTlsAndHtpasswd(String user, String password) {
        var r = new LocalRegistry();
        r.tls = true;
        r.user = user;
        r.password = password;
        return r;
    }

    /**
     * Plain HTTP, with docker-registry's {@code auth: token}: a Bearer challenge naming a
     * {@link TokenServer} of this class, which hands tokens to {@code user}:{@code password}.
     */
    public static LocalRegistry withTokenAuth(String user, String password) {
        var r = new LocalRegistry();
        r.token = true;
        r.user = user;
        r.password = password;
        return r;
    }

    /** How many tokens the token server gave (0 without one). */
    public int tokensIssued() {
        return tokenServer == null ? 0 : tokenServer.issued();
    }

    /** The token server's realm, for a {@link #withTokenAuth} registry. */
    public String tokenRealm() {
        return tokenServer.realm();
    }

    /** Plain HTTP with htpasswd credentials. */
    public static LocalRegistry withHtpasswd(String user, String password) {
        var r = new LocalRegistry();
        r.user = user;
        r.password = password;
        return r;
    }

    /** Also requires a client certificate signed by the CA ({@link #clientCert()}, {@link #clientKey()}). */
    public LocalRegistry requiringClientCertificates() {
        this.clientCerts = true;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (!RequiresRootExtension.enabled()) {
            return;
        }
        start();
    }

    /** Starts the registry; {@link #stop()} ends it. Usable without JUnit. */
    public void start() throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: scripts/deps installs Debian's docker-registry");
        }
        root = Files.createTempDirectory(Path.of("/tmp"), "berth-registry-");
        Files.createDirectories(storage());
        String extra = "";
        String authBlock = "";
        if (tls || token) {
            makeCertificates();
        }
        if (token) {
            try {
                tokenServer = new TokenServer(caCert(), root.resolve("ca.key"), user, password);
            } catch (Exception e) {
                throw new IllegalStateException("token server: " + e.getMessage(), e);
            }
            authBlock = """
                    auth:
                      token:
                        realm: %s
                        service: %s
                        issuer: %s
                        rootcertbundle: %s
                    """.formatted(tokenServer.realm(), TokenServer.SERVICE, TokenServer.ISSUER, caCert());
        }
        if (tls) {
            extra += """
                      tls:
                        certificate: %s
                        key: %s
                    """.formatted(root.resolve("server.crt"), root.resolve("server.key"));
            if (clientCerts) {
                extra += """
                            clientcas:
                              - %s
                        """.formatted(root.resolve("ca.crt"));
            }
        }
        if (user != null && !token) {
            var htpasswd = Processes.run(List.of("htpasswd", "-Bbn", user, password), java.util.Map.of(), null,
                    Duration.ofSeconds(60));
            if (htpasswd.exitCode() != 0) {
                throw new IllegalStateException("htpasswd (apache2-utils) failed: " + htpasswd.err());
            }
            Files.writeString(root.resolve("htpasswd"), htpasswd.out());
            authBlock = """
                    auth:
                      htpasswd:
                        realm: berth-tests
                        path: %s
                    """.formatted(root.resolve("htpasswd"));
        }
        // port 0: the kernel picks a free port, the registry logs which ("listening on …")
        Files.writeString(root.resolve("config.yml"), """
                version: 0.1
                log:
                  level: info
                  accesslog:
                    disabled: true
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:0
                  secret: berth-tests-only
                """.formatted(storage()) + extra + authBlock);
        process = new ProcessBuilder(BINARY.toString(), "serve", root.resolve("config.yml").toString())
                .redirectErrorStream(true)
                .redirectOutput(root.resolve("registry.log").toFile())
                .start();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (port == 0) {
            Matcher m = LISTENING.matcher(log());
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
            } else if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry exited with " + process.exitValue() + ":\n" + log());
            } else if (System.nanoTime() > deadline) {
                throw new IllegalStateException("docker-registry did not listen within " + STARTUP + ":\n" + log());
            } else {
                Thread.sleep(20);
            }
        }
        if (tls || user != null) {
            awaitPort(deadline);
        } else {
            awaitApi(deadline);
        }
    }

    /** A CA, a server certificate for 127.0.0.1/localhost signed by it, and a client certificate (PKCS#8 keys). */
    private void makeCertificates() throws IOException, InterruptedException {
        Files.writeString(root.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                + "extendedKeyUsage=serverAuth\n");
        Files.writeString(root.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=berth test CA",
                "-keyout", "ca.key", "-out", "ca.crt");
        for (String who : List.of("server", "client")) {
            openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=berth test " + who,
                    "-keyout", who + ".key", "-out", who + ".csr");
            openssl("x509", "-req", "-in", who + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                    "-days", "2", "-extfile", who + ".ext", "-out", who + ".crt");
        }
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        var argv = new java.util.ArrayList<String>(List.of("openssl"));
        argv.addAll(List.of(args));
        var process = new ProcessBuilder(argv).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(root.resolve("openssl.log").toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("openssl " + String.join(" ", args) + " failed:\n"
                    + Files.readString(root.resolve("openssl.log")));
        }
    }

    private void awaitPort(long deadline) throws InterruptedException {
        while (true) {
            try (var socket = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("docker-registry did not accept connections:\n" + log());
                }
                Thread.sleep(20);
            }
        }
    }

    /** The CA that signed the registry's certificate (PEM). */
    public Path caCert() {
        return root.resolve("ca.crt");
    }

    /** A client certificate signed by the CA (PEM), for {@code certs.d/HOST/client.cert}. */
    public Path clientCert() {
        return root.resolve("client.crt");
    }

    /** The client certificate's key (PEM, PKCS#8). */
    public Path clientKey() {
        return root.resolve("client.key");
    }

    /**
     * Writes {@code certsDir/HOST:PORT/ca.crt} (and {@code client.cert}/{@code client.key} when the
     * registry wants them), as Docker's {@code /etc/docker/certs.d} has them. Returns the directory.
     */
    public Path installCertificates(Path certsDir) throws IOException {
        Path dir = certsDir.resolve(host());
        Files.createDirectories(dir);
        Files.copy(caCert(), dir.resolve("ca.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        if (clientCerts) {
            Files.copy(clientCert(), dir.resolve("client.cert"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(clientKey(), dir.resolve("client.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return dir;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    private void awaitApi(long deadline) throws InterruptedException {
        try (var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            var request = HttpRequest.newBuilder(URI.create(url() + "/v2/")).timeout(Duration.ofSeconds(5)).build();
            while (true) {
                try {
                    if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("docker-registry did not answer /v2/:\n" + log());
                }
                Thread.sleep(20);
            }
        }
    }

    /** {@code 127.0.0.1:PORT}: the registry part of image references. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String url() {
        return (tls ? "https://" : "http://") + host();
    }

    public long pid() {
        return process.pid();
    }

    /** Where the registry keeps its blobs and repositories. */
    public Path storage() {
        return root.resolve("storage");
    }

    public String log() {
        try {
            return Files.readString(root.resolve("registry.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the registry by its PID (SIGTERM, then SIGKILL) and removes its directory. */
    public void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        ProcessHandle handle = process.toHandle();
        handle.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            handle.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        if (process.isAlive()) {
            throw new AssertionError("docker-registry (pid " + process.pid() + ") outlived its stop");
        }
        process = null;
        if (tokenServer != null) {
            tokenServer.stop();
            tokenServer = null;
        }
        AtomicFiles.deleteTree(root);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (root != null && Files.exists(root)) {
            String log = log();
            System.err.println("---- docker-registry log (" + root + ") ----\n"
                    + (log.length() > 10000 ? log.substring(log.length() - 10000) : log));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }
}
