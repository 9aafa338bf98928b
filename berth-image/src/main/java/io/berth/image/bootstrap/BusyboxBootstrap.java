package io.berth.image.bootstrap;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.berth.common.Digest;
import io.berth.common.Exec;
import io.berth.common.InternalException;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import io.berth.image.ImageRecord;
import io.berth.image.ImageStore;
import io.berth.image.LayerBlob;
import io.berth.image.oci.ImageConfigFile;
import io.berth.image.oci.MediaTypes;
import io.berth.image.ref.ImageRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Builds {@code busybox:latest} from a static busybox binary: one layer holding the binary, a
 * link per applet, {@code /etc/passwd}, {@code /etc/group} and the usual empty directories,
 * {@code Cmd ["sh"]}. The tar is deterministic (times from the binary), so the same binary always
 * gives the same image ID.
 */
public final class BusyboxBootstrap {
    public static final Path DEFAULT_BINARY = Path.of("/bin/busybox");

    private static final String PASSWD = """
            root:x:0:0:root:/root:/bin/sh
            daemon:x:1:1:daemon:/usr/sbin:/bin/false
            bin:x:2:2:bin:/bin:/bin/false
            sys:x:3:3:sys:/dev:/bin/false
            sync:x:4:100:sync:/bin:/bin/sync
            mail:x:8:8:mail:/var/spool/mail:/bin/false
            www-data:x:33:33:www-data:/var/www:/bin/false
            operator:x:37:37:Operator:/var:/bin/false
            nobody:x:65534:65534:nobody:/home:/bin/false
            """;
    private static final String GROUP = """
            root:x:0:
            daemon:x:1:
            bin:x:2:
            sys:x:3:
            adm:x:4:
            tty:x:5:
            disk:x:6:
            wheel:x:10:root
            mail:x:8:
            www-data:x:33:
            operator:x:37:
            staff:x:50:
            users:x:100:
            nogroup:x:65534:
            """;

    private BusyboxBootstrap() {}

    /** Builds the image from {@code binary}, stores it and tags it {@code busybox:latest}. */
    public static ImageRecord build(ImageStore images, Path binary) {
        if (!Files.isRegularFile(binary)) {
            throw new InvalidArgumentException("cannot bootstrap busybox: " + binary
                    + " not found (install Debian's busybox-static)");
        }
        try {
            Instant time = Files.getLastModifiedTime(binary).toInstant();
            byte[] layer = layerTar(binary, applets(binary), time);
            var layerBlob = images.content().write(layer);
            var configDoc = new ImageConfigFile(
                    "amd64".equals(goArch()) ? "amd64" : goArch(), "linux", null, time.toString(), null,
                    containerDefaults(),
                    new ImageConfigFile.RootFs("layers", List.of(layerBlob.digest().toString())),
                    List.of(new ImageConfigFile.History(time.toString(), "berth image bootstrap busybox", null,
                            "built offline from " + binary, null)),
                    null, null, null, null);
            byte[] configBytes = Json.writeBytes(configDoc);
            Digest configDigest = images.content().write(configBytes).digest();
            var image = images.add(configDigest,
                    List.of(new LayerBlob(layerBlob.digest(), MediaTypes.DOCKER_LAYER, layerBlob.size())),
                    Optional.empty());
            images.tag(ImageRef.parse("busybox:latest"), image.id());
            return images.byId(image.id()).orElseThrow();
        } catch (IOException e) {
            throw new InternalException("bootstrapping busybox from " + binary, e);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode containerDefaults() {
        var config = JsonNodeFactory.instance.objectNode();
        config.putArray("Env").add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        config.putArray("Cmd").add("sh");
        return config;
    }

    static String goArch() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> arch;
        };
    }

    /** The applet paths busybox knows ({@code busybox --list-full}: {@code bin/sh}, {@code usr/bin/awk}, …). */
    static List<String> applets(Path binary) {
        var result = Exec.run(List.of(binary.toString(), "--list-full"), Duration.ofSeconds(10)).orThrow();
        var applets = new TreeSet<String>();
        for (String line : result.out().split("\n")) {
            String path = line.strip();
            if (!path.isEmpty() && !path.equals("bin/busybox") && !path.contains("..")) {
                applets.add(path.startsWith("/") ? path.substring(1) : path);
            }
        }
        return new ArrayList<>(applets);
    }

    static byte[] layerTar(Path binary, List<String> applets, Instant time) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            var dirs = new TreeSet<>(List.of("bin", "dev", "etc", "home", "proc", "root", "sbin", "sys", "tmp", "usr",
                    "usr/bin", "usr/sbin", "var", "var/spool", "var/spool/mail", "var/www"));
            for (String applet : applets) {
                int slash = applet.lastIndexOf('/');
                if (slash > 0) {
                    String dir = applet.substring(0, slash);
                    for (int i = dir.indexOf('/'); i > 0; i = dir.indexOf('/', i + 1)) {
                        dirs.add(dir.substring(0, i));
                    }
                    dirs.add(dir);
                }
            }
            for (String dir : dirs) {
                int mode = switch (dir) {
                    case "tmp" -> 01777;
                    case "root" -> 0700;
                    default -> 0755;
                };
                var entry = new TarArchiveEntry(dir + "/", TarArchiveEntry.LF_DIR);
                entry.setMode(040000 | mode);
                entry.setModTime(time.toEpochMilli());
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            }
            var busybox = new TarArchiveEntry("bin/busybox");
            busybox.setMode(0100755);
            busybox.setSize(Files.size(binary));
            busybox.setModTime(time.toEpochMilli());
            tar.putArchiveEntry(busybox);
            Files.copy(binary, tar);
            tar.closeArchiveEntry();
            for (String applet : applets) {
                var link = new TarArchiveEntry(applet, TarArchiveEntry.LF_SYMLINK);
                link.setLinkName("/bin/busybox");
                link.setMode(0120777);
                link.setModTime(time.toEpochMilli());
                tar.putArchiveEntry(link);
                tar.closeArchiveEntry();
            }
            file(tar, "etc/passwd", PASSWD, 0644, time);
            file(tar, "etc/group", GROUP, 0644, time);
            file(tar, "etc/shadow", "root:*:10933:0:99999:7:::\nnobody:*:10933:0:99999:7:::\n", 0640, time);
            tar.finish();
        }
        return bytes.toByteArray();
    }

    private static void file(TarArchiveOutputStream tar, String name, String text, int mode, Instant time)
            throws IOException {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        var entry = new TarArchiveEntry(name);
        entry.setMode(0100000 | mode);
        entry.setSize(data.length);
        entry.setModTime(time.toEpochMilli());
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }
}
