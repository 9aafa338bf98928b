package io.berth.cli.command.container;

import io.berth.api.model.HostConfig;
import io.berth.common.BerthException;
import io.berth.common.InvalidArgumentException;
import io.berth.cli.ExitCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth update}: new resource limits or restart policy, applied live to running containers. */
@Command(name = "update", description = "Update configuration of one or more containers")
public final class UpdateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--cpu-period", description = "Limit CPU CFS (Completely Fair Scheduler) period")
    Long cpuPeriod;

    @Option(names = "--cpu-quota", description = "Limit CPU CFS (Completely Fair Scheduler) quota")
    Long cpuQuota;

    @Option(names = {"-c", "--cpu-shares"}, description = "CPU shares (relative weight)")
    Long cpuShares;

    @Option(names = "--cpus", description = "Number of CPUs")
    String cpus;

    @Option(names = "--cpuset-cpus", description = "CPUs in which to allow execution (0-3, 0,1)")
    String cpusetCpus;

    @Option(names = "--cpuset-mems", description = "MEMs in which to allow execution (0-3, 0,1)")
    String cpusetMems;

    @Option(names = {"-m", "--memory"}, description = "Memory limit")
    String memory;

    @Option(names = "--memory-reservation", description = "Memory soft limit")
    String memoryReservation;

    @Option(names = "--memory-swap", description = "Swap limit equal to memory plus swap: -1 to enable unlimited swap")
    String memorySwap;

    @Option(names = "--pids-limit", description = "Tune container pids limit (set -1 for unlimited)")
    Long pidsLimit;

    @Option(names = "--restart", description = "Restart policy to apply when a container exits")
    String restart;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    public Integer call() {
        if (cpuPeriod == null && cpuQuota == null && cpuShares == null && cpus == null && cpusetCpus == null
                && cpusetMems == null && memory == null && memoryReservation == null && memorySwap == null
                && pidsLimit == null && restart == null) {
            throw new InvalidArgumentException("you must provide one or more flags when using this command");
        }
        var changes = HostConfig.builder()
                .cpuPeriod(cpuPeriod)
                .cpuQuota(cpuQuota)
                .cpuShares(cpuShares)
                .nanoCpus(cpus == null ? null : ContainerFlags.nanoCpus(cpus))
                .cpusetCpus(cpusetCpus)
                .cpusetMems(cpusetMems)
                .memory(memory == null ? null : Sizes.ramInBytes(memory, "-m, --memory"))
                .memoryReservation(memoryReservation == null ? null
                        : Sizes.ramInBytes(memoryReservation, "--memory-reservation"))
                .memorySwap(memorySwap == null ? null
                        : memorySwap.equals("-1") ? -1L : Sizes.ramInBytes(memorySwap, "--memory-swap"))
                .pidsLimit(pidsLimit == null || pidsLimit == 0 ? null : pidsLimit)
                .restartPolicy(restart == null ? null : ContainerFlags.parseRestartPolicy(restart))
                .build();
        var client = BerthCommands.root(spec).client();
        var out = spec.commandLine().getOut();
        var warnings = new ArrayList<String>();
        int failed = 0;
        for (String ref : containers) {
            try {
                warnings.addAll(client.containers().update(ref, changes));
                out.println(ref);
            } catch (BerthException e) {
                ExitCodes.print(spec.commandLine().getErr(), e);
                failed++;
            }
        }
        if (!warnings.isEmpty()) {
            out.println(String.join("\n", warnings));
        }
        out.flush();
        return failed == 0 ? 0 : 1;
    }
}
