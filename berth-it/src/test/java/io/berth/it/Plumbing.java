package io.berth.it;

import io.berth.testing.BerthdExtension;
import io.berth.testing.Processes;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

/**
 * What a daemon's networking puts on the host: veth ends, its bridges, firewall rules that name
 * its networks' subnets, pinned namespaces, aardvark-dns entries. Counted before and after a
 * scenario; other engines' or daemons' pieces are not counted.
 */
record Plumbing(long veths, long bridges, long rules, long namespaces, long dnsEntries) {
    static Plumbing snapshot(BerthdExtension berthd) throws Exception {
        String links = Processes.run(List.of("ip", "-o", "link", "show"), null, Duration.ofSeconds(10)).out();
        long veths = links.lines().filter(l -> l.contains("veth") && (l.contains("master br-") || l.contains("master berth")))
                .count();
        long bridges = links.lines().filter(l -> l.contains(": br-") || l.matches("\\d+: berth[0-9a-f]+[:@].*")).count();
        String rules = Processes.run(List.of("iptables-save"), null, Duration.ofSeconds(10)).out();
        long ruleCount = rules.lines().filter(l -> l.contains("10.231.") || l.contains("br-")).count();
        long namespaces;
        try (var files = Files.list(berthd.execRoot().resolve("netns"))) {
            namespaces = files.count();
        }
        long dns = 0;
        var aardvark = berthd.execRoot().resolve("netavark").resolve("aardvark-dns");
        if (Files.isDirectory(aardvark)) {
            try (var files = Files.list(aardvark)) {
                for (var file : files.filter(Files::isRegularFile).toList()) {
                    dns += Files.readAllLines(file).stream().filter(l -> l.matches("^[0-9a-f]{64} .*")).count();
                }
            }
        }
        return new Plumbing(veths, bridges, ruleCount, namespaces, dns);
    }
}
