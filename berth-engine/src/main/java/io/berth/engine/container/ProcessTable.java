package io.berth.engine.container;

import io.berth.api.model.ContainerTopResponse;
import io.berth.common.Exec;
import io.berth.common.ExecResult;
import io.berth.common.InternalException;
import io.berth.common.InvalidArgumentException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code docker top} as moby does it: the host's {@code ps} with the client's arguments (default
 * {@code -ef}) and {@code -q} with the container's PIDs (or, for options that exclude {@code -q},
 * without it), then only the rows whose PID belongs to the container, split into columns under
 * the header's titles (the last column keeps its spaces).
 */
final class ProcessTable {
    private static final Duration PS_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern PID_REASSIGNMENT = Pattern.compile("\\s+(\\S*)=\\s*(PID)");

    private ProcessTable() {}

    static ContainerTopResponse top(String psArgs, List<Long> pids) {
        String args = psArgs == null || psArgs.isEmpty() ? "-ef" : psArgs;
        validate(args);
        var argv = new ArrayList<String>();
        argv.add("ps");
        argv.addAll(Arrays.asList(args.split(" ")));
        var withPids = new ArrayList<>(argv);
        withPids.add("-q" + String.join(",", pids.stream().map(String::valueOf).toList()));
        ExecResult result = pids.isEmpty() ? null : Exec.run(withPids, PS_TIMEOUT);
        if (result == null || !result.ok()) {
            // some ps options (f, for one) cannot go with -q: ask for everything and filter
            result = Exec.run(argv, PS_TIMEOUT);
            if (!result.ok()) {
                String first = result.err().lines().findFirst().orElse("exit status " + result.exitCode());
                throw new InternalException("ps: " + first);
            }
        }
        return parse(result.out(), new HashSet<>(pids));
    }

    /** moby's validatePSArgs: renaming the PID column would hide which row is whose. */
    static void validate(String psArgs) {
        var matcher = PID_REASSIGNMENT.matcher(psArgs);
        while (matcher.find()) {
            if (!matcher.group(1).equals("pid")) {
                throw new InvalidArgumentException("specifying \"" + matcher.group(1) + "=" + matcher.group(2)
                        + "\" is not allowed");
            }
        }
    }

    static ContainerTopResponse parse(String output, Set<Long> pids) {
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            throw new InternalException("Couldn't find PID field in ps output");
        }
        List<String> titles = fields(lines.getFirst());
        int pidIndex = titles.indexOf("PID");
        if (pidIndex < 0) {
            throw new InternalException("Couldn't find PID field in ps output");
        }
        var processes = new ArrayList<List<String>>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> fields = fields(line);
            if (fields.size() <= pidIndex) {
                continue;
            }
            if (fields.get(pidIndex).equals("-")) {
                continue; // a thread line (ps -L, -T) without a PID of its own
            }
            long pid;
            try {
                pid = Long.parseLong(fields.get(pidIndex));
            } catch (NumberFormatException e) {
                throw new InternalException("Unexpected pid '" + fields.get(pidIndex) + "': " + e.getMessage());
            }
            if (!pids.contains(pid)) {
                continue;
            }
            var row = new ArrayList<>(fields.subList(0, Math.min(titles.size() - 1, fields.size())));
            if (fields.size() >= titles.size()) {
                row.add(String.join(" ", fields.subList(titles.size() - 1, fields.size())));
            }
            processes.add(row);
        }
        return ContainerTopResponse.builder().titles(titles).processes(processes).build();
    }

    private static List<String> fields(String line) {
        return Arrays.stream(line.strip().split("[ \\t]+")).filter(f -> !f.isEmpty()).toList();
    }
}
