package io.berth.cli.command.container;

import io.berth.api.model.PortBinding;
import io.berth.common.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code -p [ip:][hostPort:]containerPort[/proto]}, as docker parses it (ranges included). */
final class PortSpecs {
    private PortSpecs() {}

    static void parse(String spec, Map<String, Map<String, Object>> exposed, Map<String, List<PortBinding>> bindings) {
        String proto = "tcp";
        String rest = spec;
        int slash = rest.lastIndexOf('/');
        if (slash >= 0) {
            proto = rest.substring(slash + 1).toLowerCase(java.util.Locale.ROOT);
            rest = rest.substring(0, slash);
            if (!List.of("tcp", "udp", "sctp").contains(proto)) {
                throw new InvalidArgumentException("invalid proto: " + proto);
            }
        }
        String ip = "";
        String hostPort = "";
        String containerPort;
        int last = rest.lastIndexOf(':');
        if (last < 0) {
            containerPort = rest;
        } else {
            containerPort = rest.substring(last + 1);
            String front = rest.substring(0, last);
            int mid = front.lastIndexOf(':');
            if (front.startsWith("[") && front.endsWith("]") || mid < 0 && front.contains(".")) {
                ip = front;
            } else if (mid < 0) {
                hostPort = front;
            } else {
                ip = front.substring(0, mid);
                hostPort = front.substring(mid + 1);
            }
            if (ip.startsWith("[") && ip.endsWith("]")) {
                ip = ip.substring(1, ip.length() - 1);
            }
        }
        int[] container = range(containerPort, "containerPort");
        int[] host = hostPort.isEmpty() ? null : range(hostPort, "hostPort");
        boolean oneContainerPort = container[0] == container[1];
        // a host range for one container port is a range to pick from; otherwise the sizes must match
        if (host != null && host[1] - host[0] != container[1] - container[0] && !oneContainerPort) {
            throw new InvalidArgumentException("invalid ranges specified for container and host Ports: "
                    + containerPort + " and " + hostPort);
        }
        for (int i = 0; i <= container[1] - container[0]; i++) {
            String key = (container[0] + i) + "/" + proto;
            exposed.put(key, Map.of());
            String hp;
            if (host == null) {
                hp = "";
            } else if (oneContainerPort && host[0] != host[1]) {
                hp = host[0] + "-" + host[1];
            } else {
                hp = Integer.toString(host[0] + i);
            }
            bindings.computeIfAbsent(key, _ -> new ArrayList<>())
                    .add(PortBinding.builder().hostIp(ip).hostPort(hp).build());
        }
    }

    private static int[] range(String s, String what) {
        try {
            int dash = s.indexOf('-');
            int start = Integer.parseInt(dash < 0 ? s : s.substring(0, dash));
            int end = dash < 0 ? start : Integer.parseInt(s.substring(dash + 1));
            if (start < 1 || end > 65535 || end < start) {
                throw new NumberFormatException();
            }
            return new int[] {start, end};
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("invalid " + what + ": " + s);
        }
    }
}
