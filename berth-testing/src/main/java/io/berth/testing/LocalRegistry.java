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

    public static LocalRegistry onTempStorage() {
        return new LocalRegistry();
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
                """.formatted(storage()));
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
        awaitApi(deadline);
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

    public String url() {
        return "http://" + host();
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
