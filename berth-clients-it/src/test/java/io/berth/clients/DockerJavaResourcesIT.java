package io.berth.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.berth.testing.BerthdExtension;
import io.berth.testing.RequiresRoot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * docker-java's commands beyond the basics: networks, volumes, archives, attach, stats, the
 * lifecycle verbs (pause, rename, update, top, restart, kill), commit, save/load and build, at
 * the API version Testcontainers pins (1.44).
 */
@RequiresRoot
class DockerJavaResourcesIT {
    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    private static DockerClient docker;

    @BeforeAll
    static void client() {
        berthd.bootstrapBusybox();
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(berthd.host()).withApiVersion("1.44").withDockerTlsVerify(false).build();
        docker = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).responseTimeout(Duration.ofSeconds(120)).build());
    }

    @AfterAll
    static void close() throws Exception {
        if (docker != null) {
            docker.close();
        }
    }

    @Test
    void networksWithAliasesConnectAndDisconnect() throws Exception {
        String net = docker.createNetworkCmd().withName("dj-net").withDriver("bridge")
                .withLabels(Map.of("owner", "docker-java")).withCheckDuplicate(true).exec().getId();
        String server = null;
        String client = null;
        try {
            assertThat(docker.listNetworksCmd().withNameFilter("dj-net").exec())
                    .extracting(n -> n.getId()).containsExactly(net);
            server = docker.createContainerCmd("busybox:latest").withCmd("sleep", "600").withName("dj-server")
                    .exec().getId();
            docker.connectToNetworkCmd().withNetworkId("dj-net").withContainerId(server)
                    .withContainerNetwork(new ContainerNetwork().withAliases("backend")).exec();
            docker.startContainerCmd(server).exec();
            client = docker.createContainerCmd("busybox:latest").withCmd("sleep", "600")
                    .withHostConfig(HostConfig.newHostConfig().withNetworkMode("dj-net")).exec().getId();
            docker.startContainerCmd(client).exec();

            var inspected = docker.inspectNetworkCmd().withNetworkId(net).exec();
            assertThat(inspected.getContainers()).containsKeys(server, client);
            assertThat(inspected.getLabels()).containsEntry("owner", "docker-java");
            var serverNet = docker.inspectContainerCmd(server).exec().getNetworkSettings().getNetworks().get("dj-net");
            assertThat(serverNet.getAliases()).contains("backend");

            assertThat(exec(client, "ping", "-c", "1", "-W", "3", "backend")).contains("1 packets received");
            docker.disconnectFromNetworkCmd().withNetworkId(net).withContainerId(server).withForce(true).exec();
            assertThat(docker.inspectNetworkCmd().withNetworkId(net).exec().getContainers()).doesNotContainKey(server);

            String id = net;
            assertThatThrownBy(() -> docker.removeNetworkCmd(id).exec())
                    .as("a network with a container on it").isInstanceOf(ConflictException.class);
        } finally {
            for (String c : new String[] {client, server}) {
                if (c != null) {
                    docker.removeContainerCmd(c).withForce(true).exec();
                }
            }
            docker.removeNetworkCmd(net).exec();
        }
        assertThatThrownBy(() -> docker.inspectNetworkCmd().withNetworkId("dj-net").exec())
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void volumesCreateInspectListMountAndRemove() throws Exception {
        var created = docker.createVolumeCmd().withName("dj-vol").withLabels(Map.of("kind", "test")).exec();
        assertThat(created.getName()).isEqualTo("dj-vol");
        assertThat(created.getDriver()).isEqualTo("local");
        assertThat(docker.inspectVolumeCmd("dj-vol").exec().getMountpoint()).endsWith("/volumes/dj-vol/_data");
        assertThat(docker.listVolumesCmd().withFilter("label", List.of("kind=test")).exec().getVolumes())
                .extracting(v -> v.getName()).containsExactly("dj-vol");

        String writer = docker.createContainerCmd("busybox:latest")
                .withCmd("sh", "-c", "echo kept > /v/f")
                .withHostConfig(HostConfig.newHostConfig().withBinds(com.github.dockerjava.api.model.Bind.parse("dj-vol:/v")))
                .exec().getId();
        docker.startContainerCmd(writer).exec();
        assertThat(docker.waitContainerCmd(writer).start().awaitStatusCode(60, TimeUnit.SECONDS)).isZero();
        assertThatThrownBy(() -> docker.removeVolumeCmd("dj-vol").exec()).isInstanceOf(ConflictException.class);
        docker.removeContainerCmd(writer).exec();

        String reader = docker.createContainerCmd("busybox:latest").withCmd("cat", "/v/f")
                .withHostConfig(HostConfig.newHostConfig().withBinds(com.github.dockerjava.api.model.Bind.parse("dj-vol:/v:ro")))
                .exec().getId();
        docker.startContainerCmd(reader).exec();
        docker.waitContainerCmd(reader).start().awaitStatusCode(60, TimeUnit.SECONDS);
        assertThat(logs(reader)).isEqualTo("kept\n");
        docker.removeContainerCmd(reader).exec();
        docker.removeVolumeCmd("dj-vol").exec();
        assertThatThrownBy(() -> docker.inspectVolumeCmd("dj-vol").exec()).isInstanceOf(NotFoundException.class);
    }

    @Test
    void archivesInAndOut() throws Exception {
        String id = docker.createContainerCmd("busybox:latest").withCmd("sleep", "600").exec().getId();
        try {
            docker.startContainerCmd(id).exec();
            var tar = new ByteArrayOutputStream();
            try (var out = new TarArchiveOutputStream(tar)) {
                byte[] body = "archived\n".getBytes(StandardCharsets.UTF_8);
                var entry = new TarArchiveEntry("dir/file.txt");
                entry.setSize(body.length);
                entry.setMode(0600);
                out.putArchiveEntry(entry);
                out.write(body);
                out.closeArchiveEntry();
            }
            docker.copyArchiveToContainerCmd(id).withRemotePath("/tmp")
                    .withTarInputStream(new ByteArrayInputStream(tar.toByteArray())).exec();
            assertThat(exec(id, "cat", "/tmp/dir/file.txt")).isEqualTo("archived\n");

            try (InputStream in = docker.copyArchiveFromContainerCmd(id, "/tmp/dir").exec();
                    var entries = new TarArchiveInputStream(in)) {
                var names = new ArrayList<String>();
                String content = null;
                for (TarArchiveEntry e; (e = entries.getNextEntry()) != null; ) {
                    names.add(e.getName());
                    if (e.getName().equals("dir/file.txt")) {
                        content = new String(entries.readAllBytes(), StandardCharsets.UTF_8);
                        assertThat(e.getMode() & 0777).isEqualTo(0600);
                    }
                }
                assertThat(names).contains("dir/", "dir/file.txt");
                assertThat(content).isEqualTo("archived\n");
            }
            assertThatThrownBy(() -> docker.copyArchiveFromContainerCmd(id, "/no/such").exec().close())
                    .isInstanceOf(NotFoundException.class);
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    @Test
    void attachWithStdinAndStatsAndTop() throws Exception {
        String id = docker.createContainerCmd("busybox:latest").withCmd("sh", "-c", "read line; echo got $line; exec sleep 600")
                .withStdinOpen(true).withStdInOnce(false).withAttachStdin(true).withAttachStdout(true).exec().getId();
        try {
            var stdin = new PipedOutputStream();
            var frames = new CopyOnWriteArrayList<String>();
            var attach = docker.attachContainerCmd(id).withStdIn(new PipedInputStream(stdin))
                    .withStdOut(true).withStdErr(true).withFollowStream(true)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            frames.add(new String(frame.getPayload(), StandardCharsets.UTF_8));
                        }
                    });
            attach.awaitStarted(30, TimeUnit.SECONDS);
            docker.startContainerCmd(id).exec();
            stdin.write("hello\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            await().atMost(Duration.ofSeconds(30)).until(() -> String.join("", frames).contains("got hello\n"));
            attach.close();

            var stats = new CopyOnWriteArrayList<Statistics>();
            docker.statsCmd(id).withNoStream(true).exec(new ResultCallback.Adapter<Statistics>() {
                @Override
                public void onNext(Statistics s) {
                    stats.add(s);
                }
            }).awaitCompletion(30, TimeUnit.SECONDS);
            assertThat(stats).hasSize(1);
            assertThat(stats.get(0).getMemoryStats().getUsage()).isPositive();
            assertThat(stats.get(0).getPidsStats().getCurrent()).isPositive();

            var top = docker.topContainerCmd(id).exec();
            assertThat(top.getTitles()).contains("PID");
            assertThat(java.util.Arrays.stream(top.getProcesses()).map(p -> String.join(" ", p)))
                    .anySatisfy(p -> assertThat(p).contains("sleep 600"));
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    @Test
    void pauseRenameUpdateRestartKill() throws Exception {
        String id = docker.createContainerCmd("busybox:latest").withCmd("sleep", "600").withName("dj-life")
                .withExposedPorts(ExposedPort.tcp(80))
                .withHostConfig(HostConfig.newHostConfig()
                        .withPortBindings(new Ports(ExposedPort.tcp(80), Ports.Binding.bindIp("127.0.0.1"))))
                .exec().getId();
        try {
            docker.startContainerCmd(id).exec();
            var bindings = docker.inspectContainerCmd(id).exec().getNetworkSettings().getPorts().getBindings();
            assertThat(bindings.get(ExposedPort.tcp(80))).singleElement()
                    .satisfies(b -> assertThat(Integer.parseInt(b.getHostPortSpec())).isPositive());

            docker.pauseContainerCmd(id).exec();
            assertThat(docker.inspectContainerCmd(id).exec().getState().getPaused()).isTrue();
            docker.unpauseContainerCmd(id).exec();
            assertThat(docker.inspectContainerCmd(id).exec().getState().getStatus()).isEqualTo("running");

            docker.renameContainerCmd(id).withName("dj-renamed").exec();
            assertThat(docker.inspectContainerCmd("dj-renamed").exec().getName()).isEqualTo("/dj-renamed");

            docker.updateContainerCmd(id).withMemory(64L * 1024 * 1024).withMemorySwap(128L * 1024 * 1024).exec();
            assertThat(docker.inspectContainerCmd(id).exec().getHostConfig().getMemory()).isEqualTo(64L * 1024 * 1024);

            var before = docker.inspectContainerCmd(id).exec().getState();
            docker.restartContainerCmd(id).withTimeout(1).exec();
            var after = docker.inspectContainerCmd(id).exec().getState();
            assertThat(after.getRunning()).isTrue();
            assertThat(after.getPidLong()).isNotEqualTo(before.getPidLong());
            assertThat(after.getStartedAt()).isNotEqualTo(before.getStartedAt());

            docker.killContainerCmd(id).withSignal("KILL").exec();
            assertThat(docker.waitContainerCmd(id).start().awaitStatusCode(30, TimeUnit.SECONDS)).isEqualTo(137);
            assertThatThrownBy(() -> docker.killContainerCmd(id).exec()).isInstanceOf(ConflictException.class);
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    @Test
    void pruneContainersAndImagesByLabel() {
        String stopped = docker.createContainerCmd("busybox:latest").withCmd("true")
                .withLabels(Map.of("dj-prune", "yes")).exec().getId();
        String running = docker.createContainerCmd("busybox:latest").withCmd("sleep", "600")
                .withLabels(Map.of("dj-prune", "yes")).exec().getId();
        docker.startContainerCmd(running).exec();
        String dangling = docker.commitCmd(running).withLabels(Map.of("dj-prune", "yes")).exec();

        var containers = docker.pruneCmd(com.github.dockerjava.api.model.PruneType.CONTAINERS)
                .withLabelFilter("dj-prune=yes").exec();
        assertThatThrownBy(() -> docker.inspectContainerCmd(stopped).exec()).isInstanceOf(NotFoundException.class);
        assertThat(docker.inspectContainerCmd(running).exec().getState().getRunning()).isTrue();
        assertThat(containers.getSpaceReclaimed()).isNotNull();

        docker.pruneCmd(com.github.dockerjava.api.model.PruneType.IMAGES).withDangling(true)
                .withLabelFilter("dj-prune=yes").exec();
        assertThatThrownBy(() -> docker.inspectImageCmd(dangling).exec()).isInstanceOf(NotFoundException.class);
        assertThat(docker.inspectImageCmd("busybox:latest").exec().getId()).isNotNull();
        docker.removeContainerCmd(running).withForce(true).exec();
    }

    @Test
    void commitSaveLoadAndBuild() throws Exception {
        String id = docker.createContainerCmd("busybox:latest").withCmd("sh", "-c", "echo committed > /c").exec().getId();
        docker.startContainerCmd(id).exec();
        docker.waitContainerCmd(id).start().awaitStatusCode(60, TimeUnit.SECONDS);
        String image = docker.commitCmd(id).withRepository("dj/committed").withTag("1")
                .withEnv("COMMITTED=yes").withLabels(Map.of("from", "commit")).exec();
        docker.removeContainerCmd(id).exec();
        var committed = docker.inspectImageCmd("dj/committed:1").exec();
        assertThat(committed.getId()).isEqualTo(image);
        assertThat(committed.getConfig().getEnv()).contains("COMMITTED=yes");
        assertThat(committed.getConfig().getLabels()).containsEntry("from", "commit");

        byte[] saved;
        try (InputStream in = docker.saveImageCmd("dj/committed").withTag("1").exec()) {
            saved = in.readAllBytes();
        }
        docker.removeImageCmd("dj/committed:1").exec();
        docker.loadImageCmd(new ByteArrayInputStream(saved)).exec();
        assertThat(docker.inspectImageCmd("dj/committed:1").exec().getId()).isEqualTo(image);

        var context = new ByteArrayOutputStream();
        try (var out = new TarArchiveOutputStream(context)) {
            byte[] dockerfile = "FROM dj/committed:1\nARG V=0\nRUN cat /c > /built && echo $V >> /built\nCMD [\"cat\", \"/built\"]\n"
                    .getBytes(StandardCharsets.UTF_8);
            var entry = new TarArchiveEntry("Dockerfile");
            entry.setSize(dockerfile.length);
            out.putArchiveEntry(entry);
            out.write(dockerfile);
            out.closeArchiveEntry();
        }
        var stream = new ArrayList<String>();
        String built = docker.buildImageCmd(new ByteArrayInputStream(context.toByteArray()))
                .withTags(Set.of("dj/built:1")).withBuildArg("V", "7").withLabels(new HashMap<>(Map.of("b", "1")))
                .exec(new com.github.dockerjava.api.command.BuildImageResultCallback() {
                    @Override
                    public void onNext(BuildResponseItem item) {
                        if (item.getStream() != null) {
                            stream.add(item.getStream());
                        }
                        super.onNext(item);
                    }
                }).awaitImageId(120, TimeUnit.SECONDS);
        assertThat(String.join("", stream)).contains("Step 3/5 : RUN", "Step 5/5 : LABEL b=1");
        // the last word of the stream is "Successfully built <short id>", as from Docker
        assertThat(docker.inspectImageCmd("dj/built:1").exec().getId()).startsWith("sha256:" + built);
        String run = docker.createContainerCmd("dj/built:1").exec().getId();
        docker.startContainerCmd(run).exec();
        docker.waitContainerCmd(run).start().awaitStatusCode(60, TimeUnit.SECONDS);
        assertThat(logs(run)).isEqualTo("committed\n7\n");
        docker.removeContainerCmd(run).exec();

        assertThat(docker.listImagesCmd().withReferenceFilter("dj/*").exec())
                .flatExtracting(i -> List.of(i.getRepoTags())).containsExactlyInAnyOrder("dj/committed:1", "dj/built:1");
    }

    private static String exec(String container, String... cmd) throws InterruptedException {
        var exec = docker.execCreateCmd(container).withCmd(cmd).withAttachStdout(true).withAttachStderr(true).exec();
        var out = new StringBuilder();
        docker.execStartCmd(exec.getId()).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
        }).awaitCompletion(60, TimeUnit.SECONDS);
        return out.toString();
    }

    private static String logs(String container) throws InterruptedException {
        var out = new StringBuilder();
        docker.logContainerCmd(container).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
        }).awaitCompletion(30, TimeUnit.SECONDS);
        return out.toString();
    }
}
