package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.common.Json;
import io.berth.testing.BerthdExtension;
import io.berth.testing.LocalRegistry;
import io.berth.testing.RequiresRoot;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code system df}, the prunes ({@code container}, {@code image}, {@code network}, {@code volume},
 * {@code builder}, {@code system}), {@code search} and {@code image tree}, through the API, Berth's
 * CLI and the docker CLI, on real containers, volumes, images and build cache. The tests that
 * prune everything run last and bring busybox back.
 */
@RequiresRoot
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SystemIT {
    @RegisterExtension
    static final LocalRegistry registry = LocalRegistry.onTempStorage();

    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    /** Times in tables ("5 seconds ago", "Up 3 seconds") and the padding they change. */
    private static final Pattern TIMES = Pattern.compile(
            "(About )?(an?|\\d+|Less than a) (second|minute|hour|day|week|month|year)s?( ago)?");

    @BeforeAll
    static void image() {
        berthd.bootstrapBusybox();
    }

    /** Each test starts from busybox alone, whatever the one before left when it failed. */
    @AfterEach
    void busyboxStays() {
        var left = berthd.berth("ps", "-a", "-q", "--no-trunc").out().strip();
        if (!left.isEmpty()) {
            var args = new ArrayList<String>(List.of("rm", "-f"));
            args.addAll(left.lines().toList());
            berthd.berth(args.toArray(String[]::new));
        }
        berthd.bootstrapBusybox();
    }

    private static Path context(String name, String dockerfile) throws IOException {
        Path dir = Files.createDirectories(berthd.root().resolve("ctx-" + name));
        Files.writeString(dir.resolve("Dockerfile"), dockerfile);
        Files.writeString(dir.resolve("a.txt"), name + "\n");
        return dir;
    }

    private record Reply(int status, String body) {}

    /** One request on the daemon's socket, as it comes back (status and body). */
    private static Reply call(String method, String path) throws IOException {
        try (var channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(berthd.socket()));
            String request = method + " " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)));
            var response = new java.io.ByteArrayOutputStream();
            var buffer = ByteBuffer.allocate(65536);
            while (channel.read(buffer) > 0) {
                response.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            String text = response.toString(StandardCharsets.UTF_8);
            return new Reply(Integer.parseInt(text.substring(9, 12)), text.substring(text.indexOf("\r\n\r\n") + 4));
        }
    }

    private static JsonNode df() {
        return Json.tree(Json.writeBytes(berthd.client().system().diskUsage(List.of())));
    }

    private static JsonNode find(JsonNode list, String field, String value) {
        for (JsonNode item : list) {
            if (item.path(field).asText().equals(value)) {
                return item;
            }
        }
        throw new AssertionError(field + "=" + value + " not in " + list);
    }

    private static String normalized(String table) {
        return TIMES.matcher(table).replaceAll("T").replaceAll(" {2,}", "\t");
    }

    @Test
    @Order(1)
    void dfCountsImagesContainersVolumesAndBuildCacheAsDockerShowsThem() throws Exception {
        var run = berthd.berth("run", "--name", "df-writer", "-v", "df-vol:/data", "busybox", "sh", "-c",
                "head -c 300000 /dev/zero > /data/v; head -c 200000 /dev/zero > /rw");
        var running = berthd.berth("run", "-d", "--name", "df-running", "busybox", "sleep", "300");
        var idle = berthd.berth("volume", "create", "df-idle");
        var build = berthd.berth("build", "-q", "-t", "df-web:1", context("df", "FROM busybox\nCOPY a.txt /a.txt\n"
                + "RUN head -c 100000 /dev/zero > /big\nENV MODE=df\n").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(running.exitCode()).as(running.err()).isZero();
        assertThat(idle.exitCode()).isZero();
        assertThat(build.exitCode()).as(build.err()).isZero();
        var cachedBuild = berthd.berth("build", "-t", "df-web:1", berthd.root().resolve("ctx-df").toString());
        assertThat(cachedBuild.out()).contains(" ---> Using cache\n");

        JsonNode du = df();
        long busyboxSize = berthd.client().images().inspect("busybox").size();
        assertThat(du.path("LayersSize").asLong()).isGreaterThanOrEqualTo(busyboxSize + 100_000);
        JsonNode busybox = null;
        for (JsonNode image : du.path("Images")) {
            if (image.path("RepoTags").toString().contains("busybox:latest")) {
                busybox = image;
            }
        }
        assertThat(busybox).isNotNull();
        assertThat(busybox.path("Containers").asLong()).isEqualTo(2);
        assertThat(busybox.path("SharedSize").asLong()).isEqualTo(busyboxSize); // df-web:1 is built on it
        JsonNode web = null;
        for (JsonNode image : du.path("Images")) {
            if (image.path("RepoTags").toString().contains("df-web:1")) {
                web = image;
            }
        }
        assertThat(web).isNotNull();
        assertThat(web.path("Size").asLong() - web.path("SharedSize").asLong()).isGreaterThanOrEqualTo(100_000);
        JsonNode writer = null;
        for (JsonNode c : du.path("Containers")) {
            if (c.path("Names").get(0).asText().equals("/df-writer")) {
                writer = c;
            }
        }
        assertThat(writer).isNotNull();
        assertThat(writer.path("SizeRw").asLong()).isGreaterThanOrEqualTo(200_000);
        assertThat(writer.path("SizeRootFs").asLong()).isGreaterThan(writer.path("SizeRw").asLong());
        JsonNode vol = find(du.path("Volumes"), "Name", "df-vol");
        assertThat(vol.path("UsageData").path("Size").asLong()).isGreaterThanOrEqualTo(300_000);
        assertThat(vol.path("UsageData").path("RefCount").asLong()).isEqualTo(1);
        assertThat(find(du.path("Volumes"), "Name", "df-idle").path("UsageData").path("RefCount").asLong()).isZero();
        JsonNode cache = du.path("BuildCache");
        assertThat(cache.size()).isEqualTo(3); // COPY, RUN, ENV
        long runStep = 0;
        for (JsonNode record : cache) {
            assertThat(record.path("Type").asText()).isEqualTo("regular");
            assertThat(record.path("Shared").asBoolean()).isTrue(); // all are ancestors of df-web:1
            if (record.path("Description").asText().contains("head -c 100000")) {
                runStep = record.path("Size").asLong();
            }
        }
        assertThat(runStep).isGreaterThanOrEqualTo(100_000);
        for (JsonNode record : cache) {
            assertThat(record.path("UsageCount").asLong()).isEqualTo(2); // made, then a hit
            assertThat(Instant.parse(record.path("LastUsedAt").asText()))
                    .isAfter(Instant.parse(record.path("CreatedAt").asText()));
        }

        // the type parameter leaves the other lists out
        var onlyVolumes = Json.tree(Json.writeBytes(berthd.client().system().diskUsage(List.of("volume"))));
        assertThat(onlyVolumes.path("Images").isNull()).isTrue();
        assertThat(onlyVolumes.path("Containers").isNull()).isTrue();
        assertThat(onlyVolumes.path("Volumes").size()).isEqualTo(du.path("Volumes").size());
        var badType = call("GET", "/system/df?type=bogus");
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.body()).contains("unknown object type: bogus");

        // the CLIs: Berth's tables are the docker CLI's (times aside)
        var docker = berthd.docker("system", "df");
        var berth = berthd.berth("system", "df");
        assertThat(docker.exitCode()).as(docker.err()).isZero();
        assertThat(berth.out()).isEqualTo(docker.out());
        assertThat(berth.out()).startsWith("TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE\n")
                .containsPattern("\nImages +2 +1 ")
                .containsPattern("\nContainers +2 +1 ")
                .containsPattern("\nLocal Volumes +2 +1 ")
                .containsPattern("\nBuild Cache +3 +0 +0B +0B\n");
        var dockerVerbose = berthd.docker("system", "df", "-v");
        var berthVerbose = berthd.berth("system", "df", "-v");
        assertThat(normalized(berthVerbose.out())).isEqualTo(normalized(dockerVerbose.out()));
        assertThat(berthVerbose.out()).contains("Images space usage:\n\nREPOSITORY ", "\nContainers space usage:\n\n",
                "\nLocal Volumes space usage:\n\nVOLUME NAME   LINKS     SIZE\n", "\nBuild cache usage: 0B\n\nCACHE ID ");
        var format = berthd.berth("system", "df", "--format", "{{.Type}}={{.TotalCount}}");
        assertThat(format.out()).isEqualTo(berthd.docker("system", "df", "--format", "{{.Type}}={{.TotalCount}}").out())
                .isEqualTo("Images=2\nContainers=2\nLocal Volumes=2\nBuild Cache=3\n");
        var json = berthd.berth("system", "df", "--format", "{{json .}}");
        assertThat(json.out().lines().toList()).hasSize(4).allMatch(l -> Json.tree(l.getBytes()).has("Reclaimable"));

        berthd.berth("rm", "-f", "df-writer", "df-running");
        berthd.berth("volume", "rm", "df-vol", "df-idle");
        berthd.berth("rmi", "df-web:1");
    }

    @Test
    @Order(2)
    void containerPruneTakesStoppedContainersMatchingTheFilters() {
        var keepRunning = berthd.berth("run", "-d", "--name", "cp-running", "--label", "cp=1", "busybox", "sleep", "300");
        var stopped = berthd.berth("run", "--name", "cp-stopped", "--label", "cp=1", "busybox", "sh", "-c",
                "head -c 50000 /dev/zero > /f");
        var other = berthd.berth("create", "--name", "cp-other", "--label", "cp=2", "busybox", "true");
        assertThat(keepRunning.exitCode()).as(keepRunning.err()).isZero();
        assertThat(stopped.exitCode()).as(stopped.err()).isZero();
        String stoppedId = berthd.client().containers().inspect("cp-stopped").id();

        var cancelled = berthd.berthProcess("n\n", "container", "prune", "--filter", "label=cp=1");
        assertThat(cancelled.out()).isEqualTo("WARNING! This will remove all stopped containers.\n"
                + "Are you sure you want to continue? [y/N] ");
        assertThat(berthd.berth("ps", "-a", "-q", "--filter", "name=cp-stopped").out()).isNotEmpty();

        var tooNew = berthd.berth("container", "prune", "-f", "--filter", "until=1h");
        assertThat(tooNew.out()).isEqualTo("Total reclaimed space: 0B\n");
        var invalid = berthd.docker("container", "prune", "-f", "--filter", "colour=red");
        assertThat(invalid.exitCode()).isEqualTo(1);
        assertThat(invalid.err()).contains("invalid filter 'colour'");

        var pruned = berthd.berth("container", "prune", "-f", "--filter", "label=cp=1", "--filter", "label!=keep");
        assertThat(pruned.exitCode()).as(pruned.err()).isZero();
        assertThat(pruned.out()).matches("Deleted Containers:\n" + stoppedId + "\n\nTotal reclaimed space: 5\\d(\\.\\d+)?kB\n");
        var left = berthd.berth("ps", "-a", "--format", "{{.Names}}").out();
        assertThat(left).contains("cp-running", "cp-other").doesNotContain("cp-stopped");

        var events = berthd.berth("events", "--since", "5m", "--until", "0s", "--filter", "type=container",
                "--format", "{{.Action}} {{.Actor.Attributes.reclaimed}}");
        assertThat(events.out()).contains("destroy ").containsPattern("prune 5\\d{4}\n");

        String otherId = berthd.client().containers().inspect("cp-other").id();
        var docker = berthd.docker("container", "prune", "-f");
        assertThat(docker.exitCode()).as(docker.err()).isZero();
        assertThat(docker.out()).isEqualTo("Deleted Containers:\n" + otherId + "\n\nTotal reclaimed space: 0B\n");
        berthd.berth("rm", "-f", "cp-running");
    }

    @Test
    @Order(3)
    void imagePruneTakesDanglingImagesThenWithAllEveryUnusedOne() throws Exception {
        Path ctx = context("ip", "FROM busybox\nLABEL stage=ip\nCOPY a.txt /a.txt\nRUN head -c 70000 /dev/zero > /big\n");
        assertThat(berthd.berth("build", "-q", "-t", "ip-web:1", ctx.toString()).exitCode()).isZero();
        String oldId = berthd.client().images().inspect("ip-web:1").id();
        Files.writeString(ctx.resolve("a.txt"), "changed\n");
        assertThat(berthd.berth("build", "-q", "-t", "ip-web:1", ctx.toString()).exitCode()).isZero();
        String newId = berthd.client().images().inspect("ip-web:1").id();
        assertThat(newId).isNotEqualTo(oldId);

        var dangling = berthd.docker("image", "prune", "-f", "--filter", "label=stage=ip");
        assertThat(dangling.exitCode()).as(dangling.err()).isZero();
        assertThat(dangling.out()).startsWith("Deleted Images:\ndeleted: " + oldId + "\n")
                .doesNotContain("untagged:").endsWith("\nTotal reclaimed space: 70kB\n");
        assertThat(berthd.client().images().inspect("ip-web:1").id()).isEqualTo(newId);

        var labelled = berthd.berth("image", "prune", "-a", "-f", "--filter", "label=stage=other");
        assertThat(labelled.out()).isEqualTo("Total reclaimed space: 0B\n");
        var user = berthd.berth("create", "--name", "ip-user", "ip-web:1", "true");
        assertThat(user.exitCode()).isZero();
        var used = berthd.berth("image", "prune", "-a", "-f", "--filter", "label=stage=ip");
        assertThat(used.out()).isEqualTo("Total reclaimed space: 0B\n");
        berthd.berth("rm", "ip-user");

        var all = berthd.docker("image", "prune", "-a", "-f", "--filter", "label=stage=ip");
        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.out()).startsWith("Deleted Images:\nuntagged: ip-web:1\ndeleted: " + newId + "\n")
                .endsWith("\nTotal reclaimed space: 70.01kB\n"); // the COPY layer holds "changed\n"
        assertThat(berthd.berth("images", "-a", "-q").out().strip().lines().count()).isEqualTo(1); // busybox

        var events = berthd.berth("events", "--since", "5m", "--until", "0s", "--filter", "type=image",
                "--filter", "event=prune", "--format", "{{.Action}} {{.Actor.Attributes.reclaimed}}");
        assertThat(events.out()).contains("prune 70003\n", "prune 70008\n", "prune 0\n");
        var deletes = berthd.berth("events", "--since", "5m", "--until", "0s", "--filter", "type=image",
                "--filter", "event=delete", "--filter", "event=untag", "--format", "{{.Action}} {{.ID}}");
        assertThat(deletes.out()).contains("delete " + oldId + "\n", "untag " + newId + "\n", "delete " + newId + "\n");
        var invalid = call("POST", "/images/prune?filters="
                + URLEncoder.encode("{\"dangling\":[\"maybe\"]}", StandardCharsets.UTF_8));
        assertThat(invalid.status()).isEqualTo(400);
    }

    @Test
    @Order(4)
    void builderPruneTakesUnusedCacheAndAllWithAll() throws Exception {
        berthd.berth("builder", "prune", "-a", "-f"); // what the tests before left (entries of removed images)
        Path failing = context("bp", "FROM busybox\nCOPY a.txt /a.txt\nRUN head -c 80000 /dev/zero > /big\nRUN exit 3\n");
        var failed = berthd.berth("build", "-q", failing.toString());
        assertThat(failed.exitCode()).isNotZero();
        Path good = context("bp2", "FROM busybox\nCOPY a.txt /b.txt\nRUN head -c 60000 /dev/zero > /big\n");
        assertThat(berthd.berth("build", "-q", "-t", "bp-web:1", good.toString()).exitCode()).isZero();
        var summary = berthd.berth("system", "df").out();
        assertThat(summary).containsPattern("\nBuild Cache +4 +0 +80kB +80kB\n");

        var cancelled = berthd.berthProcess("n\n", "builder", "prune");
        assertThat(cancelled.out()).isEqualTo("WARNING! This will remove all dangling build cache. "
                + "Are you sure you want to continue? [y/N] ");
        var kept = berthd.berth("builder", "prune", "-f", "--keep-storage", "1m"); // 80kB is less than 1MiB
        assertThat(kept.out()).isEqualTo("Total reclaimed space: 0B\n");
        var tooNew = berthd.docker("builder", "prune", "-af", "--filter", "until=24h");
        assertThat(tooNew.exitCode()).as(tooNew.err()).isZero();
        assertThat(tooNew.out()).isEqualTo("Total reclaimed space: 0B\n");
        var dangling = berthd.docker("builder", "prune", "-f");
        assertThat(dangling.exitCode()).as(dangling.err()).isZero();
        assertThat(dangling.out()).matches("(?s)Deleted build cache objects:\n[0-9a-f]{64}\n[0-9a-f]{64}\n\n"
                + "Total reclaimed space: 80kB\n");
        assertThat(Json.tree(Json.writeBytes(berthd.client().system().diskUsage(List.of("build-cache"))))
                .path("BuildCache").size()).isEqualTo(2);

        var all = berthd.docker("builder", "prune", "-af");
        assertThat(all.out()).matches("(?s)Deleted build cache objects:\n[0-9a-f]{64}\n[0-9a-f]{64}\n\n"
                + "Total reclaimed space: 0B\n"); // the image keeps its layers
        assertThat(berthd.berth("system", "df").out()).containsPattern("\nBuild Cache +0 +0 +0B +0B\n");
        var rebuilt = berthd.berth("build", "-t", "bp-web:1", good.toString());
        assertThat(rebuilt.out()).doesNotContain("Using cache");

        var events = berthd.berth("events", "--since", "5m", "--until", "0s", "--filter", "type=builder",
                "--format", "{{.Type}} {{.Action}} {{.Actor.Attributes.reclaimed}}");
        assertThat(events.out()).contains("builder prune 80003\n");
        berthd.berth("rmi", "bp-web:1");
        berthd.berth("builder", "prune", "-a", "-f");
    }

    @Test
    @Order(5)
    void searchListsTheRegistrysCatalog() throws Exception {
        for (String repo : List.of("search/busybox", "search/busytool", "search/other")) {
            berthd.berth("tag", "busybox", registry.host() + "/" + repo + ":1");
            var push = berthd.berth("push", registry.host() + "/" + repo + ":1");
            assertThat(push.exitCode()).as(push.err()).isZero();
        }
        var berth = berthd.berth("search", registry.host() + "/busy");
        var docker = berthd.docker("search", registry.host() + "/busy");
        assertThat(docker.exitCode()).as(docker.err()).isZero();
        assertThat(berth.out()).isEqualTo(docker.out());
        var lines = berth.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches("NAME +DESCRIPTION   STARS     OFFICIAL");
        assertThat(lines.get(1)).matches(Pattern.quote(registry.host() + "/search/busybox") + " +0 *");
        assertThat(lines.get(2)).matches(Pattern.quote(registry.host() + "/search/busytool") + " +0 *");
        assertThat(berthd.berth("search", "--limit", "1", "--format", "{{.Name}}", registry.host() + "/busy").out())
                .isEqualTo(registry.host() + "/search/busybox\n");
        assertThat(berthd.berth("search", "--filter", "stars=3", registry.host() + "/busy").out())
                .isEqualTo("NAME      DESCRIPTION   STARS     OFFICIAL\n");
        var api = call("GET", "/images/search?term=" + registry.host() + "/other&limit=5");
        assertThat(api.status()).isEqualTo(200);
        assertThat(Json.tree(api.body().getBytes())).hasSize(1);
        assertThat(Json.tree(api.body().getBytes()).get(0).toString()).isEqualTo("{\"description\":\"\","
                + "\"is_official\":false,\"is_automated\":false,\"name\":\"" + registry.host() + "/search/other\","
                + "\"star_count\":0}");
        var badLimit = call("GET", "/images/search?term=x&limit=500");
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badLimit.body()).contains("limit 500 is outside the range of [1, 100]");
        for (String repo : List.of("search/busybox", "search/busytool", "search/other")) {
            berthd.berth("rmi", registry.host() + "/" + repo + ":1");
        }
    }

    @Test
    @Order(6)
    void imageTreeDrawsSharedLayersOnce() throws Exception {
        Path ctx = context("tree", "FROM busybox\nCOPY a.txt /a.txt\nRUN head -c 40000 /dev/zero > /big\n");
        assertThat(berthd.berth("build", "-q", "-t", "tree-web:1", ctx.toString()).exitCode()).isZero();
        var tree = berthd.berth("image", "tree");
        assertThat(tree.exitCode()).as(tree.err()).isZero();
        var lines = tree.out().lines().toList();
        String root = lines.stream().filter(l -> l.contains("busybox:latest")).findFirst().orElseThrow();
        assertThat(root).startsWith("└── ID: ").doesNotStartWith(" ");
        String top = lines.stream().filter(l -> l.contains("[tree-web:1]")).findFirst().orElseThrow();
        assertThat(top).startsWith("        └── ID: "); // busybox → COPY → RUN
        assertThat(top).matches(".* Size: 2\\.0\\d\\dMB Top Layer of: \\[tree-web:1\\]");
        var incremental = berthd.berth("image", "tree", "--incremental").out();
        assertThat(incremental).containsPattern("ID: [0-9a-f]{12} Size: 40(\\.\\d+)?kB Top Layer of: \\[tree-web:1\\]");
        var one = berthd.berth("image", "tree", "tree-web:1");
        assertThat(one.out()).startsWith("Image ID: " + berthd.client().images().inspect("tree-web:1").id().substring(7, 19)
                + "\nTags:     [tree-web:1]\nSize:     2.0").contains("\nImage Layers\n├── ID: ")
                .contains("Top Layer of: [busybox:latest]\n").containsPattern("└── ID: .* Top Layer of: \\[tree-web:1\\]\n$");
        var missing = berthd.berth("image", "tree", "nosuch");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.err()).contains("No such image: nosuch");
        berthd.berth("rmi", "tree-web:1");
    }

    @Test
    @Order(7)
    void systemPruneAsksThenTakesEverythingUnused() throws Exception {
        assertThat(berthd.berth("create", "--name", "sp-stopped", "-v", "/anon", "busybox", "true").exitCode()).isZero();
        assertThat(berthd.berth("network", "create", "sp-net").exitCode()).isZero();
        assertThat(berthd.berth("volume", "create", "sp-named").exitCode()).isZero();
        assertThat(berthd.berth("build", "-q", "-t", "sp-web:1",
                context("sp", "FROM busybox\nCOPY a.txt /a.txt\n").toString()).exitCode()).isZero();

        var cancelled = berthd.berthProcess("n\n", "system", "prune", "-a", "--volumes", "--filter", "label=x=1");
        assertThat(cancelled.out()).isEqualTo("WARNING! This will remove:\n"
                + "  - all stopped containers\n"
                + "  - all networks not used by at least one container\n"
                + "  - all anonymous volumes not used by at least one container\n"
                + "  - all images without at least one container associated to them\n"
                + "  - all build cache\n\n"
                + "  Items to be pruned will be filtered with:\n"
                + "  - label=x=1\n\n"
                + "Are you sure you want to continue? [y/N] ");
        var dockerCancelled = berthd.dockerWithInput("n\n", "system", "prune");
        assertThat(dockerCancelled.out()).isEqualTo("WARNING! This will remove:\n"
                + "  - all stopped containers\n"
                + "  - all networks not used by at least one container\n"
                + "  - all dangling images\n"
                + "  - unused build cache\n\n"
                + "Are you sure you want to continue? [y/N] ");
        assertThat(berthd.berthProcess("n\n", "system", "prune").out()).isEqualTo(dockerCancelled.out());
        assertThat(berthd.berth("ps", "-a", "-q").out()).isNotEmpty();

        var untilVolumes = berthd.berth("system", "prune", "-f", "--volumes", "--filter", "until=1h");
        var dockerUntilVolumes = berthd.docker("system", "prune", "-f", "--volumes", "--filter", "until=1h");
        assertThat(untilVolumes.exitCode()).isEqualTo(dockerUntilVolumes.exitCode()).isEqualTo(1);
        assertThat(untilVolumes.err()).isEqualTo(dockerUntilVolumes.err())
                .isEqualTo("ERROR: The \"until\" filter is not supported with \"--volumes\"\n");

        var pruned = berthd.docker("system", "prune", "-af", "--volumes");
        assertThat(pruned.exitCode()).as(pruned.err()).isZero();
        assertThat(pruned.out()).containsPattern("^Deleted Containers:\n[0-9a-f]{64}\n\n")
                .contains("\nDeleted Networks:\nsp-net\n\n", "\nDeleted Volumes:\n", "\nDeleted Images:\nuntagged: sp-web:1\n",
                        "untagged: busybox:latest\n", "\nDeleted build cache objects:\n")
                .containsPattern("\nTotal reclaimed space: \\d+(\\.\\d+)?MB\n$");
        assertThat(berthd.berth("ps", "-a", "-q").out()).isEmpty();
        assertThat(berthd.berth("images", "-a", "-q").out()).isEmpty();
        assertThat(berthd.berth("volume", "ls", "-q").out()).isEqualTo("sp-named\n"); // named volumes stay
        assertThat(berthd.berth("network", "ls", "--format", "{{.Name}}").out()).doesNotContain("sp-net");
        assertThat(berthd.berth("system", "df").out()).isEqualTo(
                "TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE\n"
                        + "Images          0         0         0B        0B\n"
                        + "Containers      0         0         0B        0B\n"
                        + "Local Volumes   1         0         0B        0B\n"
                        + "Build Cache     0         0         0B        0B\n");
        var again = berthd.berth("system", "prune", "-f");
        assertThat(again.out()).isEqualTo("Total reclaimed space: 0B\n");
        berthd.berth("volume", "rm", "sp-named");
    }
}
