package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.testing.BerthdExtension;
import io.berth.testing.FlakyProxy;
import io.berth.testing.ImageFixtures;
import io.berth.testing.LocalRegistry;
import io.berth.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A registry that dies in the middle of a pull (a proxy in front of it cuts every connection and
 * refuses new ones), and a berthd killed with SIGKILL in the middle of a pull: a clear error, a
 * store with nothing half-made (no image, nothing left in ingest, no partial layer, no blob or layer
 * no image uses once the daemon is back), and a second pull that succeeds with the right bytes.
 */
@RequiresRoot
class RegistryRobustnessIT {
    private static final int LAYERS = 3;
    private static final int LAYER_BYTES = 10 << 20; // over the 8 MiB chunk: pushed in chunks

    @RegisterExtension
    static final LocalRegistry registry = LocalRegistry.onTempStorage();

    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    private static FlakyProxy proxy;
    private static List<String> sums;

    @BeforeAll
    static void image() throws Exception {
        Path archive = berthd.root().resolve("big.tar");
        sums = ImageFixtures.multiLayer(archive, registry.host() + "/robust/big:1", LAYERS, LAYER_BYTES, 42).dataSha256();
        var load = berthd.berth("load", "-i", archive.toString());
        assertThat(load.exitCode()).as(load.err()).isZero();
        var push = berthd.berth("push", registry.host() + "/robust/big:1");
        assertThat(push.exitCode()).as(push.err()).isZero();
        assertThat(registry.log()).contains("http.request.method=PATCH"); // chunked uploads, accepted by a real registry
        Files.delete(archive);
        // nothing of it stays local: each pull below downloads every layer
        assertThat(berthd.berth("rmi", "-f", registry.host() + "/robust/big:1").exitCode()).isZero();
        proxy = new FlakyProxy(registry.port());
    }

    @AfterAll
    static void closeProxy() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
    }

    private static String viaProxy() {
        return proxy.host() + "/robust/big:1";
    }

    /** The names in the content store and the layer store (what a half-made pull could leave). */
    private static Set<String> store() throws Exception {
        var names = new TreeSet<String>();
        for (String dir : List.of("blobs/sha256", "blobs/ingest", "overlay")) {
            try (Stream<Path> files = Files.list(berthd.dataRoot().resolve(dir))) {
                names.addAll(files.map(p -> dir + "/" + p.getFileName()).collect(Collectors.toSet()));
            }
        }
        return names;
    }

    private void assertPulledImageIsWhole() {
        var run = berthd.berth("run", "--rm", viaProxy(), "/bin/busybox", "sha256sum", "/data/1", "/data/2", "/data/3");
        assertThat(run.exitCode()).as(run.err()).isZero();
        for (int i = 0; i < LAYERS; i++) {
            assertThat(run.out()).contains(sums.get(i) + "  /data/" + (i + 1));
        }
    }

    @Test
    void aRegistryThatDiesMidPullGivesAClearErrorAndTheRetrySucceeds() throws Exception {
        berthd.berth("rmi", "-f", viaProxy());
        var before = store();
        proxy.restore();
        proxy.throttle(8 << 20).cutAfter(LAYER_BYTES + (LAYER_BYTES / 2));

        var failed = berthd.berth("pull", viaProxy());
        var after = store();
        var images = berthd.berth("images", "-q", proxy.host() + "/robust/big");
        proxy.restore();
        var retry = berthd.berth("pull", viaProxy());

        assertThat(failed.exitCode()).isNotZero();
        assertThat(failed.err()).startsWith("Error response from daemon: Get \"http://" + proxy.host() + "/v2/robust/big/")
                .containsAnyOf("connection refused", "EOF", "broke off");
        assertThat(images.out()).isEmpty();
        assertThat(after).noneMatch(n -> n.startsWith("blobs/ingest/") || n.startsWith("overlay/.tmp-"));
        assertThat(retry.exitCode()).as(retry.err()).isZero();
        assertThat(retry.out()).contains("Status: Downloaded newer image for " + viaProxy());
        assertPulledImageIsWhole();
        assertThat(before).isNotNull();
    }

    @Test
    void berthdKilledMidPullLeavesAStoreTheNextDaemonCleans() throws Exception {
        berthd.berth("rmi", "-f", viaProxy());
        var before = store();
        proxy.restore();
        proxy.throttle(4 << 20);
        long start = proxy.forwarded();
        var pull = Thread.ofVirtual().start(() -> {
            try {
                berthd.client().images().pull(proxy.host() + "/robust/big", "1", null, "", _ -> { });
            } catch (RuntimeException expected) {
                // the daemon is killed under it
            }
        });
        await().atMost(Duration.ofMinutes(2)).until(() -> proxy.forwarded() - start > LAYER_BYTES + (LAYER_BYTES / 2));

        berthd.kill9();
        pull.join(Duration.ofSeconds(30));
        proxy.restore();
        berthd.start();
        var after = store();
        var retry = berthd.berth("pull", viaProxy());

        assertThat(after).as("the store after a restart is the store before the pull").isEqualTo(before);
        assertThat(retry.exitCode()).as(retry.err()).isZero();
        assertPulledImageIsWhole();
    }
}
