package io.berth.cli.command.container;

import io.berth.client.ContainersClient;
import io.berth.common.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** Forwards SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1 and SIGUSR2 received by the CLI to the container (docker's --sig-proxy). */
final class SignalProxy implements AutoCloseable {
    private static final List<String> SIGNALS = List.of("INT", "TERM", "HUP", "QUIT", "USR1", "USR2");

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private SignalProxy() {}

    static SignalProxy none() {
        return new SignalProxy();
    }

    static SignalProxy install(ContainersClient containers, String id) {
        var proxy = new SignalProxy();
        for (String name : SIGNALS) {
            try {
                var signal = new Signal(name);
                proxy.previous.add(Signal.handle(signal, s -> {
                    try {
                        containers.kill(id, Optional.of("SIG" + s.getName()));
                    } catch (BerthException ignored) {
                        // the container is gone
                    }
                }));
                proxy.signals.add(signal);
            } catch (IllegalArgumentException ignored) {
                // the JVM keeps this one (SIGQUIT with some options)
            }
        }
        return proxy;
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
