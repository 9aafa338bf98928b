package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.common.Json;
import io.berth.testing.BerthdExtension;
import io.berth.testing.RequiresRoot;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The docker CLI's network commands against berthd. */
@RequiresRoot
class NetworkConformanceIT {
    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    @BeforeAll
    static void image() {
        berthd.bootstrapBusybox();
    }

    @Test
    void containersOnAUserNetworkReachEachOtherByNameAndAlias() {
        var create = berthd.docker("network", "create", "--subnet", "10.231.40.0/24", "--label", "team=a", "labnet");
        var web = berthd.docker("run", "-d", "--name", "web", "--network", "labnet", "--network-alias", "www",
                "busybox", "sh", "-c", "echo hello > /tmp/index.html; httpd -f -p 80 -h /tmp");
        var client = berthd.docker("run", "--rm", "--network", "labnet", "busybox", "sh", "-c",
                "ping -c1 -W2 web >/dev/null && echo ping-ok; wget -q -O - http://www/index.html");
        var ls = berthd.docker("network", "ls", "--filter", "label=team=a", "--format", "{{.Name}} {{.Driver}}");
        var inspect = berthd.docker("network", "inspect", "labnet");

        assertThat(create.exitCode()).as(create.err()).isZero();
        assertThat(create.out().strip()).matches("[0-9a-f]{64}");
        assertThat(web.exitCode()).as(web.err()).isZero();
        assertThat(client.out()).isEqualTo("ping-ok\nhello\n");
        assertThat(ls.out()).isEqualTo("labnet bridge\n");
        var json = Json.tree(inspect.out().getBytes()).get(0);
        assertThat(json.path("IPAM").path("Config").get(0).path("Subnet").asText()).isEqualTo("10.231.40.0/24");
        assertThat(json.path("Containers").size()).isEqualTo(1);

        var rmBusy = berthd.docker("network", "rm", "labnet");
        assertThat(rmBusy.exitCode()).isEqualTo(1);
        assertThat(rmBusy.err()).contains("has active endpoints");
        berthd.docker("rm", "-f", "web");
        assertThat(berthd.docker("network", "rm", "labnet").out()).isEqualTo("labnet\n");
    }

    @Test
    void connectAndDisconnectARunningContainer() {
        berthd.docker("network", "create", "net1");
        berthd.docker("network", "create", "net2");
        berthd.docker("run", "-d", "--name", "mover", "--network", "net1", "busybox", "sleep", "600");

        var connect = berthd.docker("network", "connect", "--alias", "mv", "net2", "mover");
        var networks = berthd.docker("inspect", "-f", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}", "mover");
        var reach = berthd.docker("run", "--rm", "--network", "net2", "busybox", "sh", "-c",
                "ping -c1 -W2 mv >/dev/null && echo ok");
        var disconnect = berthd.docker("network", "disconnect", "net2", "mover");
        var after = berthd.docker("inspect", "-f", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}", "mover");

        assertThat(connect.exitCode()).as(connect.err()).isZero();
        assertThat(networks.out().strip()).isEqualTo("net1 net2");
        assertThat(reach.out()).isEqualTo("ok\n");
        assertThat(disconnect.exitCode()).isZero();
        assertThat(after.out().strip()).isEqualTo("net1");
        berthd.docker("rm", "-f", "mover");
        berthd.docker("network", "rm", "net1", "net2");
    }

    /** As dockerd: a created container already set up for a network keeps that config; a running one is refused. */
    @Test
    void connectingAContainerToTheNetworkItIsOn() {
        berthd.docker("network", "create", "--label", "a=1", "--label", "b=2", "samenet");
        // several label filters: every one must match (docker-compose v1 lists its project's networks so)
        assertThat(berthd.docker("network", "ls", "-q", "--filter", "label=a=1", "--filter", "label=b=2").out()
                .lines().count()).isEqualTo(1);
        assertThat(berthd.docker("network", "ls", "-q", "--filter", "label=a=1", "--filter", "label=b=3").out())
                .isEmpty();
        var create = berthd.docker("create", "--name", "same", "--network", "samenet", "--network-alias", "first",
                "busybox", "sleep", "600");
        assertThat(create.exitCode()).as(create.err()).isZero();

        var again = berthd.docker("network", "connect", "--alias", "second", "samenet", "same");
        var aliases = berthd.docker("inspect", "-f", "{{json .NetworkSettings.Networks.samenet.Aliases}}", "same");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(aliases.out()).contains("first").doesNotContain("second");
        // docker-compose v1 disconnects and connects again with the aliases it wants, before the start
        assertThat(berthd.docker("network", "disconnect", "samenet", "same").exitCode()).isZero();
        assertThat(berthd.docker("network", "connect", "--alias", "second", "samenet", "same").exitCode()).isZero();
        assertThat(berthd.docker("start", "same").exitCode()).isZero();
        var reach = berthd.docker("run", "--rm", "--network", "samenet", "busybox", "sh", "-c",
                "ping -c1 -W2 second >/dev/null && echo ok");
        assertThat(reach.out()).isEqualTo("ok\n");

        var running = berthd.docker("network", "connect", "samenet", "same");
        assertThat(running.exitCode()).isEqualTo(1);
        assertThat(running.err()).contains("endpoint with name same already exists in network samenet");
        berthd.docker("rm", "-f", "same");
        berthd.docker("network", "rm", "samenet");
    }

    @Test
    void aPortPublishedOnLoopbackAnswersThere() throws Exception {
        var run = berthd.docker("run", "-d", "--name", "pub", "-p", "127.0.0.1::80", "busybox", "sh", "-c",
                "echo published > /tmp/index.html; httpd -f -p 80 -h /tmp");
        var port = berthd.docker("port", "pub", "80");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(port.out()).startsWith("127.0.0.1:");
        String address = port.out().strip();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .untilAsserted(() -> assertThat(Http.get("http://" + address + "/index.html")).isEqualTo("published\n"));
        var ps = berthd.docker("ps", "--format", "{{.Ports}}", "--filter", "name=pub");
        assertThat(ps.out().strip()).isEqualTo(address + "->80/tcp");
        berthd.docker("rm", "-f", "pub");
    }

    @Test
    void publishAllGivesEveryExposedPortAHostPortThatAnswersFromTheHostAndFromOtherContainers() throws Exception {
        var run = berthd.docker("run", "-d", "--name", "all", "-P", "--expose", "8080", "--expose", "9000/udp",
                "busybox", "sh", "-c", "echo everywhere > /tmp/index.html; httpd -f -p 8080 -h /tmp");
        var ports = berthd.docker("port", "all");
        var one = berthd.docker("port", "all", "8080/tcp");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(ports.out()).matches("(?s)8080/tcp -> 0\\.0\\.0\\.0:\\d+\\n9000/udp -> 0\\.0\\.0\\.0:\\d+\\n");
        String hostPort = one.out().strip().replaceAll(".*:", "");
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() ->
                assertThat(Http.get("http://127.0.0.1:" + hostPort + "/index.html")).isEqualTo("everywhere\n"));
        // another container reaches it through the host's side of the default bridge
        String gateway = berthd.docker("network", "inspect", "-f", "{{(index .IPAM.Config 0).Gateway}}", "bridge")
                .out().strip();
        var neighbour = berthd.docker("run", "--rm", "busybox", "wget", "-q", "-O", "-",
                "http://" + gateway + ":" + hostPort + "/index.html");
        assertThat(neighbour.out()).isEqualTo("everywhere\n");
        var inspect = berthd.docker("inspect", "-f", "{{json .NetworkSettings.Ports}}", "all");
        assertThat(inspect.out()).contains("\"8080/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"" + hostPort + "\"}]");
        berthd.docker("rm", "-f", "all");
    }

    @Test
    void aPortRangeMapsPortByPortAndAddHostGatewayNamesTheHost() {
        var run = berthd.docker("run", "-d", "--name", "ranged", "-p", "127.0.0.1:28181-28182:81-82",
                "--add-host", "host.docker.internal:host-gateway", "--add-host", "db.example:192.0.2.10",
                "busybox", "sh", "-c", "cat /etc/hosts; exec sleep 600");
        var ports = berthd.docker("port", "ranged");
        String gateway = berthd.docker("network", "inspect", "-f", "{{(index .IPAM.Config 0).Gateway}}", "bridge")
                .out().strip();

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(ports.out()).isEqualTo("81/tcp -> 127.0.0.1:28181\n82/tcp -> 127.0.0.1:28182\n");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(berthd.docker("logs", "ranged").out())
                .contains(gateway + "\thost.docker.internal\n").contains("192.0.2.10\tdb.example\n"));
        berthd.docker("rm", "-f", "ranged");
    }

    @Test
    void dnsAndNameFlagsWriteResolvConfAndHostsAsDockerDoes() {
        var run = berthd.docker("run", "--rm", "--dns", "192.0.2.53", "--dns", "192.0.2.54", "--dns-search",
                "a.example", "--dns-option", "ndots:3", "--hostname", "box", "--domainname", "example.org",
                "busybox", "sh", "-c", "cat /etc/resolv.conf; hostname; grep -c 'box' /etc/hosts");
        var userNet = berthd.docker("network", "create", "named");
        var onUserNet = berthd.docker("run", "--rm", "--network", "named", "--dns-search", "b.example", "busybox",
                "sh", "-c", "grep -c nameserver /etc/resolv.conf; grep search /etc/resolv.conf");

        assertThat(run.out()).isEqualTo("nameserver 192.0.2.53\nnameserver 192.0.2.54\nsearch a.example\n"
                + "options ndots:3\nbox\n1\n");
        assertThat(userNet.exitCode()).isZero();
        // aardvark-dns of the network is the one resolver
        assertThat(onUserNet.out()).isEqualTo("1\nsearch b.example\n");
        berthd.docker("network", "rm", "named");
    }

    @Test
    void anInternalNetworkHasNoWayOut() {
        var create = berthd.docker("network", "create", "--internal", "--subnet", "10.231.95.0/24", "sealed");
        var routes = berthd.docker("run", "--rm", "--network", "sealed", "busybox", "sh", "-c",
                "ip route | grep -c default; ip -4 addr show dev eth0 | grep -c 10.231.95");
        var inspect = berthd.docker("network", "inspect", "-f", "{{.Internal}}", "sealed");

        assertThat(create.exitCode()).as(create.err()).isZero();
        assertThat(routes.out()).isEqualTo("0\n1\n");
        assertThat(inspect.out()).isEqualTo("true\n");
        berthd.docker("network", "rm", "sealed");
    }

    @Test
    void aPortPublishedOnlyOnLoopbackIsNotReachableThroughTheBridge() throws Exception {
        var run = berthd.berth("run", "-d", "--name", "lo-only", "-p", "127.0.0.1:28190:80", "busybox", "sh", "-c",
                "echo local > /tmp/index.html; httpd -f -p 80 -h /tmp");
        var port = berthd.berth("port", "lo-only");
        String gateway = berthd.docker("network", "inspect", "-f", "{{(index .IPAM.Config 0).Gateway}}", "bridge")
                .out().strip();

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(port.out()).isEqualTo("80/tcp -> 127.0.0.1:28190\n");
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() ->
                assertThat(Http.get("http://127.0.0.1:28190/index.html")).isEqualTo("local\n"));
        var neighbour = berthd.docker("run", "--rm", "busybox", "sh", "-c",
                "wget -q -O - http://" + gateway + ":28190/index.html 2>/dev/null || echo refused");
        assertThat(neighbour.out()).isEqualTo("refused\n");
        berthd.berth("rm", "-f", "lo-only");
    }
}
