package io.berth.cli.command.image;

import io.berth.cli.ProgressPrinter;
import io.berth.cli.Terminal;
import io.berth.client.BerthClient;
import java.io.PrintWriter;

/** The pull that {@code run} and {@code create} do when the image is missing (or {@code --pull always}): progress on stderr. */
public final class ImplicitPull {
    private ImplicitPull() {}

    public static void pull(BerthClient client, String image, String platform, PrintWriter err) {
        var names = ImageNames.split(image);
        String tag = names.nameOnly() ? "latest" : names.apiTag();
        client.images().pull(names.name(), tag, platform,
                io.berth.cli.auth.Credentials.fromEnvironment().headerFor(names.name()), new ProgressPrinter(err, Terminal.isStderrTerminal()));
        err.flush();
    }
}
