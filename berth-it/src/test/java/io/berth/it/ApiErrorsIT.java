package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.common.Json;
import io.berth.testing.BerthdExtension;
import io.berth.testing.RequiresRoot;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bad input on the wire: Docker's statuses and messages, and nothing left behind. */
@RequiresRoot
class ApiErrorsIT {
    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    @BeforeAll
    static void image() {
        berthd.bootstrapBusybox();
    }

    private record Reply(int status, String headers, String body) {
        String message() {
            return Json.tree(body.getBytes(StandardCharsets.UTF_8)).path("message").asText();
        }
    }

    private static Reply call(String method, String path, String body) throws IOException {
        try (var channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(berthd.socket()));
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            String request = method + " " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + (body == null ? "Content-Length: 0\r\n" : "Content-Type: application/json\r\nContent-Length: "
                    + content.length + "\r\n") + "\r\n";
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)));
            channel.write(ByteBuffer.wrap(content));
            var response = new java.io.ByteArrayOutputStream();
            var buffer = ByteBuffer.allocate(65536);
            while (channel.read(buffer) > 0) {
                response.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            String text = response.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            int status = Integer.parseInt(text.substring(9, 12));
            return new Reply(status, text.substring(0, split), text.substring(split + 4));
        }
    }

    @Test
    void malformedJsonIs400() throws IOException {
        var reply = call("POST", "/v1.44/containers/create", "{not json");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.message()).startsWith("invalid JSON");
    }

    @Test
    void unknownObjectsAre404WithDockersWording() throws IOException {
        assertThat(call("GET", "/containers/nope/json", null).message()).isEqualTo("No such container: nope");
        assertThat(call("POST", "/containers/nope/start", null).status()).isEqualTo(404);
        assertThat(call("GET", "/images/nope/json", null).message())
                .isEqualTo("no such image: nope:latest: No such image: nope:latest");
        var noImage = call("POST", "/containers/create", "{\"Image\":\"nosuchimage\"}");
        assertThat(noImage.status()).isEqualTo(404);
        assertThat(noImage.message()).isEqualTo("No such image: nosuchimage:latest");
        assertThat(call("GET", "/no/such/path", null).status()).isEqualTo(404);
    }

    @Test
    void versionsOutsideTheSupportedRangeAre400() throws IOException {
        assertThat(call("GET", "/v1.99/info", null).message())
                .isEqualTo("client version 1.99 is too new. Maximum supported API version is 1.47");
        assertThat(call("GET", "/v1.12/info", null).message()).startsWith("client version 1.12 is too old.");
        var ping = call("GET", "/v1.24/_ping", null);
        assertThat(ping.status()).isEqualTo(200);
        assertThat(ping.headers()).contains("Api-Version: 1.47").contains("Builder-Version: 1").contains("Ostype: linux");
    }

    @Test
    void invalidNamesReferencesAndSettingsAre400AndCreateNothing() throws IOException {
        long before = containerDirs();

        var badName = call("POST", "/containers/create?name=no%2Fslashes", "{\"Image\":\"busybox\"}");
        var badRef = call("POST", "/containers/create", "{\"Image\":\"busy/Box\"}");
        var badMemory = call("POST", "/containers/create",
                "{\"Image\":\"busybox\",\"Cmd\":[\"true\"],\"HostConfig\":{\"Memory\":1024}}");
        var badPort = call("POST", "/containers/create",
                "{\"Image\":\"busybox\",\"HostConfig\":{\"PortBindings\":{\"http/tcp\":[{}]}}}");

        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.message()).isEqualTo("Invalid container name (no/slashes), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        assertThat(badRef.status()).isEqualTo(400);
        assertThat(badRef.message()).startsWith("invalid reference format");
        assertThat(badMemory.message()).isEqualTo("Minimum memory limit allowed is 6MB");
        assertThat(badPort.status()).isEqualTo(400);
        assertThat(containerDirs()).isEqualTo(before);
    }

    @Test
    void stateConflictsUseDockersStatuses() throws IOException {
        String id = Json.tree(call("POST", "/containers/create?name=conflicts",
                "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"600\"],\"HostConfig\":{\"NetworkMode\":\"none\"}}")
                .body().getBytes()).path("Id").asText();

        assertThat(call("POST", "/containers/conflicts/stop", null).status()).isEqualTo(304);
        assertThat(call("POST", "/containers/conflicts/kill", null).status()).isEqualTo(409);
        assertThat(call("POST", "/containers/conflicts/start", null).status()).isEqualTo(204);
        assertThat(call("POST", "/containers/conflicts/start", null).status()).isEqualTo(304);
        assertThat(call("DELETE", "/containers/conflicts", null).status()).isEqualTo(409);
        assertThat(call("POST", "/containers/create?name=conflicts", "{\"Image\":\"busybox\"}").status())
                .isEqualTo(409);
        assertThat(call("DELETE", "/containers/" + id + "?force=1", null).status()).isEqualTo(204);
    }

    private static long containerDirs() throws IOException {
        try (var dirs = Files.list(berthd.dataRoot().resolve("containers"))) {
            return dirs.count();
        }
    }
}
