package io.berth.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.berth.testing.BerthdExtension;
import io.berth.testing.LocalRegistry;
import io.berth.testing.RequiresRoot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * docker-java (from Maven Central, the release Testcontainers depends on) drives berthd with its
 * own commands, over its zero-dependency UNIX-socket transport, at the API version Testcontainers
 * pins (1.44): every request goes to {@code /v1.44/...}.
 */
@RequiresRoot
class DockerJavaIT {
    private static final String API = "1.44";

    @RegisterExtension
    static final LocalRegistry registry = LocalRegistry.onTempStorage();

    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    private static DockerClient docker;

    @BeforeAll
    static void client() {
        berthd.bootstrapBusybox();
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(berthd.host())
                .withApiVersion(API)
                .withDockerTlsVerify(false)
                .build();
        var http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .connectionTimeout(Duration.ofSeconds(10))
                .responseTimeout(Duration.ofSeconds(120))
                .build();
        docker = DockerClientImpl.getInstance(config, http);
    }

    @AfterAll
    static void close() throws Exception {
        if (docker != null) {
            docker.close();
        }
    }

    @Test
    void pingVersionAndInfo() {
        docker.pingCmd().exec();
        var version = docker.versionCmd().exec();
        assertThat(version.getApiVersion()).isNotBlank();
        assertThat(version.getOperatingSystem()).isEqualTo("linux");
        var info = docker.infoCmd().exec();
        assertThat(info.getDockerRootDir()).isEqualTo(berthd.dataRoot().toString());
        assertThat(info.getImages()).isPositive();
    }

    @Test
    void listsAndInspectsImages() {
        List<Image> images = docker.listImagesCmd().exec();
        assertThat(images).flatExtracting(i -> i.getRepoTags() == null ? List.of() : List.of(i.getRepoTags()))
                .contains("busybox:latest");
        var busybox = docker.inspectImageCmd("busybox:latest").exec();
        assertThat(busybox.getId()).startsWith("sha256:");
        assertThat(busybox.getRepoTags()).contains("busybox:latest");
        assertThat(busybox.getOs()).isEqualTo("linux");
        assertThat(busybox.getRootFS().getLayers()).isNotEmpty();
        assertThatThrownBy(() -> docker.inspectImageCmd("no-such-image:nope").exec())
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void createsRunsListsInspectsAndReadsLogsOfAContainer() throws Exception {
        var created = docker.createContainerCmd("busybox:latest")
                .withName("dj-run")
                .withCmd("sh", "-c", "echo to stdout; echo to stderr >&2; exit 7")
                .withLabels(Map.of("client", "docker-java"))
                .withEnv("A=1")
                .exec();
        String id = created.getId();
        try {
            docker.startContainerCmd(id).exec();
            int status = docker.waitContainerCmd(id).start().awaitStatusCode(60, TimeUnit.SECONDS);
            assertThat(status).isEqualTo(7);

            List<Container> listed = docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of("client", "docker-java")).exec();
            assertThat(listed).extracting(Container::getId).containsExactly(id);
            assertThat(listed.get(0).getNames()).containsExactly("/dj-run");
            assertThat(listed.get(0).getState()).isEqualTo("exited");
            assertThat(docker.listContainersCmd().withLabelFilter(Map.of("client", "docker-java")).exec())
                    .as("only running containers without showAll").isEmpty();

            var inspected = docker.inspectContainerCmd("dj-run").exec();
            assertThat(inspected.getId()).isEqualTo(id);
            assertThat(inspected.getState().getExitCodeLong()).isEqualTo(7L);
            assertThat(inspected.getState().getRunning()).isFalse();
            assertThat(inspected.getConfig().getEnv()).contains("A=1");

            var frames = new ArrayList<Frame>();
            docker.logContainerCmd(id).withStdOut(true).withStdErr(true)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            frames.add(frame);
                        }
                    }).awaitCompletion(30, TimeUnit.SECONDS);
            assertThat(frames).anySatisfy(f -> {
                assertThat(f.getStreamType()).isEqualTo(StreamType.STDOUT);
                assertThat(new String(f.getPayload(), StandardCharsets.UTF_8)).isEqualTo("to stdout\n");
            });
            assertThat(frames).anySatisfy(f -> {
                assertThat(f.getStreamType()).isEqualTo(StreamType.STDERR);
                assertThat(new String(f.getPayload(), StandardCharsets.UTF_8)).isEqualTo("to stderr\n");
            });
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
        assertThatThrownBy(() -> docker.inspectContainerCmd(id).exec()).isInstanceOf(NotFoundException.class);
    }

    @Test
    void execCreateAndStart() throws Exception {
        String id = docker.createContainerCmd("busybox:latest").withCmd("sleep", "600").exec().getId();
        try {
            docker.startContainerCmd(id).exec();
            var exec = docker.execCreateCmd(id).withCmd("sh", "-c", "echo $HOME; exit 4")
                    .withAttachStdout(true).withAttachStderr(true).exec();
            var out = new StringBuilder();
            docker.execStartCmd(exec.getId()).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }).awaitCompletion(30, TimeUnit.SECONDS);
            assertThat(out.toString()).isEqualTo("/root\n");
            assertThat(docker.inspectExecCmd(exec.getId()).exec().getExitCodeLong()).isEqualTo(4L);
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    @Test
    void eventsWithFilters() throws Exception {
        long since = System.currentTimeMillis() / 1000 - 1;
        String id = docker.createContainerCmd("busybox:latest").withCmd("true")
                .withLabels(Map.of("events", "dj")).exec().getId();
        String other = docker.createContainerCmd("busybox:latest").withCmd("true").exec().getId();
        try {
            docker.startContainerCmd(id).exec();
            docker.waitContainerCmd(id).start().awaitStatusCode(60, TimeUnit.SECONDS);
            docker.startContainerCmd(other).exec();
            docker.waitContainerCmd(other).start().awaitStatusCode(60, TimeUnit.SECONDS);
            long until = System.currentTimeMillis() / 1000 + 1;

            var events = Collections.synchronizedList(new ArrayList<Event>());
            docker.eventsCmd()
                    .withSince(Long.toString(since))
                    .withUntil(Long.toString(until))
                    .withEventTypeFilter(EventType.CONTAINER)
                    .withLabelFilter(Map.of("events", "dj"))
                    .withEventFilter("create", "start", "die")
                    .exec(new ResultCallback.Adapter<Event>() {
                        @Override
                        public void onNext(Event event) {
                            events.add(event);
                        }
                    }).awaitCompletion(30, TimeUnit.SECONDS);
            assertThat(events).extracting(Event::getAction).containsExactly("create", "start", "die");
            assertThat(events).extracting(Event::getId).containsOnly(id);
            assertThat(events).extracting(Event::getType).containsOnly(EventType.CONTAINER);
            assertThat(events.get(2).getActor().getAttributes()).containsEntry("exitCode", "0")
                    .containsEntry("events", "dj");
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
            docker.removeContainerCmd(other).withForce(true).exec();
        }
    }

    @Test
    void liveEventsAndFollowedLogs() throws Exception {
        var events = new java.util.concurrent.CopyOnWriteArrayList<Event>();
        var subscription = docker.eventsCmd().withEventTypeFilter(EventType.CONTAINER)
                .withLabelFilter(Map.of("live", "yes"))
                .exec(new ResultCallback.Adapter<Event>() {
                    @Override
                    public void onNext(Event event) {
                        events.add(event);
                    }
                });
        subscription.awaitStarted(30, TimeUnit.SECONDS);
        String id = docker.createContainerCmd("busybox:latest").withLabels(Map.of("live", "yes"))
                .withCmd("sh", "-c", "for i in 1 2 3; do echo tick $i; sleep 1; done").exec().getId();
        try {
            // started first: as with Docker, following the log of a container that is not running ends at once
            docker.startContainerCmd(id).exec();
            var lines = new StringBuffer();
            var follow = docker.logContainerCmd(id).withStdOut(true).withFollowStream(true)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            lines.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                        }
                    });
            // a followed log ends when the container does
            assertThat(follow.awaitCompletion(60, TimeUnit.SECONDS)).isTrue();
            assertThat(lines.toString()).isEqualTo("tick 1\ntick 2\ntick 3\n");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> events.stream().map(Event::getAction).toList().contains("die"));
            assertThat(events).extracting(Event::getAction).containsSubsequence("create", "start", "die");
            assertThat(events).extracting(Event::getId).containsOnly(id);
        } finally {
            subscription.close();
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    @Test
    void historyDiffAndExport() throws Exception {
        var history = docker.imageHistoryCmd("busybox:latest").exec();
        assertThat(history).singleElement().satisfies(h -> {
            assertThat(h.getId()).isEqualTo(docker.inspectImageCmd("busybox:latest").exec().getId());
            assertThat(h.getTags()).containsExactly("busybox:latest");
            assertThat(h.getSize()).isPositive();
        });
        String id = docker.createContainerCmd("busybox:latest").withCmd("sh", "-c", "echo x > /made; rm /bin/true").exec().getId();
        try {
            docker.startContainerCmd(id).exec();
            docker.waitContainerCmd(id).start().awaitStatusCode(60, TimeUnit.SECONDS);
            var changes = docker.containerDiffCmd(id).exec();
            assertThat(changes).anySatisfy(c -> {
                assertThat(c.getPath()).isEqualTo("/bin");
                assertThat(c.getKind()).as("0: changed").isEqualTo(0);
            });
            assertThat(changes).anySatisfy(c -> {
                assertThat(c.getPath()).isEqualTo("/made");
                assertThat(c.getKind()).as("1: added").isEqualTo(1);
            });
            assertThat(changes).anySatisfy(c -> {
                assertThat(c.getPath()).isEqualTo("/bin/true");
                assertThat(c.getKind()).as("2: deleted").isEqualTo(2);
            });
            try (var in = docker.exportContainerCmd(id).exec();
                    var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(in)) {
                var names = new java.util.HashSet<String>();
                for (var e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                    names.add(e.getName());
                }
                assertThat(names).contains("made", "bin/sh").doesNotContain("bin/true");
            }
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    @Test
    void tagPushLoginSearchAndPullThroughALocalRegistry() throws Exception {
        String repository = registry.host() + "/docker-java/busybox";
        docker.tagImageCmd("busybox:latest", repository, "v1").exec();
        docker.pushImageCmd(repository).withTag("v1").start().awaitCompletion(120, TimeUnit.SECONDS);
        String pushedId = docker.inspectImageCmd(repository + ":v1").exec().getId();
        var login = docker.authCmd().withAuthConfig(new com.github.dockerjava.api.model.AuthConfig()
                .withRegistryAddress(registry.host()).withUsername("someone").withPassword("secret")).exec();
        assertThat(login.getStatus()).isEqualTo("Login Succeeded");
        var found = docker.searchImagesCmd(registry.host() + "/docker-java").exec();
        assertThat(found).extracting(i -> i.getName()).contains(repository);
        docker.removeImageCmd(repository + ":v1").exec();
        assertThatThrownBy(() -> docker.inspectImageCmd(repository + ":v1").exec())
                .isInstanceOf(NotFoundException.class);

        docker.pullImageCmd(repository).withTag("v1").start().awaitCompletion(120, TimeUnit.SECONDS);
        var pulled = docker.inspectImageCmd(repository + ":v1").exec();
        assertThat(pulled.getId()).isEqualTo(pushedId);
        assertThat(pulled.getRepoDigests()).anySatisfy(d -> assertThat(d).startsWith(repository + "@sha256:"));

        assertThatThrownBy(() -> docker.pullImageCmd(repository).withTag("missing").start()
                        .awaitCompletion(60, TimeUnit.SECONDS))
                .isInstanceOf(NotFoundException.class);
        docker.removeImageCmd(repository + ":v1").exec();
    }
}
