package io.berth.cli.command.system;

import io.berth.api.model.DockerApi;
import io.berth.api.model.SystemInfo;
import io.berth.cli.command.container.BerthCommands;
import io.berth.cli.format.TableFormat;
import io.berth.common.Json;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code berth info}: docker's summary, plus which OCI runtime Berth uses and why. */
@Command(name = "info", description = "Display system-wide information")
public final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--format"}, description = "Format output using a custom template")
    String format;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Override
    public Integer call() {
        SystemInfo info = BerthCommands.root(spec).client().info();
        var out = spec.commandLine().getOut();
        if (format != null) {
            out.print(TableFormat.of(format, Map.of()).renderOne(Json.mapper().convertValue(info, Object.class)));
            out.flush();
            return 0;
        }
        out.println("Client:");
        out.println(" Version:    " + DockerApi.ENGINE_VERSION);
        out.println(" Context:    default");
        out.println(" Debug Mode: false");
        out.println();
        out.println("Server:");
        out.println(" Containers: " + info.containers());
        out.println("  Running: " + info.containersRunning());
        out.println("  Paused: " + info.containersPaused());
        out.println("  Stopped: " + info.containersStopped());
        out.println(" Images: " + info.images());
        out.println(" Server Version: " + info.serverVersion());
        out.println(" Storage Driver: " + info.driver());
        out.println(" Logging Driver: " + info.loggingDriver());
        out.println(" Cgroup Driver: " + info.cgroupDriver());
        out.println(" Cgroup Version: " + info.cgroupVersion());
        runtimes(out, info);
        out.println(" Init Binary: " + info.initBinary());
        out.println(" Security Options:");
        for (String option : info.securityOptions()) {
            out.println("  " + option);
        }
        out.println(" Kernel Version: " + info.kernelVersion());
        out.println(" Operating System: " + info.operatingSystem());
        out.println(" OSType: " + info.osType());
        out.println(" Architecture: " + info.architecture());
        out.println(" CPUs: " + info.ncpu());
        out.println(" Total Memory: " + binary(info.memTotal() == null ? 0 : info.memTotal()));
        out.println(" Name: " + info.name());
        out.println(" ID: " + info.id());
        out.println(" Docker Root Dir: " + info.dockerRootDir());
        out.println(" Debug Mode: false");
        out.println(" Experimental: false");
        out.println(" Insecure Registries:");
        if (info.registryConfig().indexConfigs() != null) {
            info.registryConfig().indexConfigs().values().stream().filter(i -> !Boolean.TRUE.equals(i.secure()))
                    .forEach(i -> out.println("  " + i.name()));
        }
        for (String cidr : info.registryConfig().insecureRegistryCIDRs()) {
            out.println("  " + cidr);
        }
        if (info.registryConfig().mirrors() != null && !info.registryConfig().mirrors().isEmpty()) {
            out.println(" Registry Mirrors:");
            info.registryConfig().mirrors().forEach(m -> out.println("  " + m));
        }
        out.println(" Live Restore Enabled: " + info.liveRestoreEnabled());
        out.flush();
        return 0;
    }

    private static void runtimes(PrintWriter out, SystemInfo info) {
        out.println(" Runtimes: " + String.join(" ", info.runtimes().keySet()));
        out.println(" Default Runtime: " + info.defaultRuntime());
        for (var entry : info.runtimes().entrySet()) {
            var status = entry.getValue().status();
            if (status == null) {
                continue;
            }
            String reason = status.get("io.berth.default-reason");
            if (reason != null) {
                out.println("  " + entry.getKey() + " is the default: " + reason);
            }
            String note = status.get("io.berth.note");
            if (note != null) {
                out.println("  " + entry.getKey() + ": " + note);
            }
        }
    }

    /** docker's units.BytesSize: binary units, 4 significant digits. */
    static String binary(double size) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        int i = 0;
        while (size >= 1024 && i < units.length - 1) {
            size /= 1024;
            i++;
        }
        var decimal = new java.math.BigDecimal(size).round(new java.math.MathContext(4));
        return decimal.stripTrailingZeros().toPlainString() + units[i];
    }

}
