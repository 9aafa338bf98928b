package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.berth.common.NotFoundException;
import io.berth.testing.BerthdExtension;
import io.berth.testing.RequiresRoot;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code import} of a rootfs tarball named by URL, which the daemon fetches (as dockerd does):
 * through {@code berth import}, the docker CLI and the API, from an HTTP server on 127.0.0.1.
 */
@RequiresRoot
class ImportUrlIT {
    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    private static HttpServer server;
    private static String base;

    @BeforeAll
    static void serveRootfs() throws Exception {
        byte[] rootfs = rootfsWithStaticBusybox();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                if (exchange.getRequestURI().getPath().equals("/rootfs.tar")) {
                    exchange.sendResponseHeaders(200, rootfs.length);
                    exchange.getResponseBody().write(rootfs);
                } else {
                    byte[] body = "no such file\n".getBytes();
                    exchange.sendResponseHeaders(404, body.length);
                    exchange.getResponseBody().write(body);
                }
            }
        });
        server.start();
        base = "127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void berthImportsAUrlAndTheImageRuns() {
        var imported = berthd.berth("import", "-c", "CMD [\"/bin/busybox\", \"echo\", \"from a url\"]",
                "http://" + base + "/rootfs.tar", "url/berth:1");
        var run = berthd.berth("run", "--rm", "--network", "none", "url/berth:1");

        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).startsWith("sha256:");
        assertThat(run.out()).isEqualTo("from a url\n");
    }

    @Test
    void theDockerCliImportsAUrl() {
        var imported = berthd.docker("import", "http://" + base + "/rootfs.tar", "url/docker:1");
        var inspect = berthd.docker("image", "inspect", "-f", "{{.Id}}", "url/docker:1");

        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out().strip()).isEqualTo(inspect.out().strip()).startsWith("sha256:");
    }

    @Test
    void aSourceWithoutSchemeIsHttp() {
        var lines = new ArrayList<String>();
        berthd.client().images().importImage(base + "/rootfs.tar", "url/plain", "2", "", List.of(),
                line -> lines.add(line.path("status").asText()));

        assertThat(lines).singleElement().asString().startsWith("sha256:");
        assertThat(berthd.berth("image", "inspect", "-f", "{{.Id}}", "url/plain:2").out().strip())
                .isEqualTo(lines.getFirst());
    }

    @Test
    void aMissingUrlIsDockersErrorAndImportsNothing() {
        int before = berthd.berth("images", "-q", "-a").out().lines().toList().size();
        var missing = berthd.berth("import", "http://" + base + "/missing.tar", "url/missing:1");
        var viaDocker = berthd.docker("import", "http://" + base + "/missing.tar", "url/missing:2");

        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("failed to GET http://" + base + "/missing.tar with status 404 Not Found: "
                + "no such file");
        assertThat(viaDocker.exitCode()).isEqualTo(1);
        assertThat(viaDocker.err()).contains("with status 404 Not Found");
        assertThat(berthd.berth("images", "-q", "-a").out().lines().toList()).hasSize(before);
        assertThatThrownBy(() -> berthd.client().images().importImage("127.0.0.1:1/nothing.tar", "", "", "",
                List.of(), line -> {})).hasMessageContaining("connection refused");
        assertThatThrownBy(() -> berthd.client().images().importImage(base + "/missing.tar", "", "", "",
                List.of(), line -> {})).isInstanceOf(NotFoundException.class);
    }

    /** A root filesystem of one static busybox: enough to run {@code busybox echo}. */
    private static byte[] rootfsWithStaticBusybox() throws Exception {
        byte[] busybox = Files.readAllBytes(Path.of("/bin/busybox"));
        var out = new ByteArrayOutputStream();
        try (var tar = new TarArchiveOutputStream(out)) {
            var dir = new TarArchiveEntry("bin/");
            dir.setMode(040755);
            tar.putArchiveEntry(dir);
            tar.closeArchiveEntry();
            var entry = new TarArchiveEntry("bin/busybox");
            entry.setMode(0100755);
            entry.setSize(busybox.length);
            tar.putArchiveEntry(entry);
            tar.write(busybox);
            tar.closeArchiveEntry();
        }
        return out.toByteArray();
    }
}
