package io.berth.compose.build;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A build context as the tar {@code POST /build} takes: the directory's files, directories and
 * symbolic links (names relative to it, owner 0, PAX headers for long names), less what
 * {@code .dockerignore} excludes, plus extra files (a {@code dockerfile_inline}).
 */
public final class ContextTar {
    private ContextTar() {}

    /** The entries' names, in the order they are written (for tests and progress). */
    public static List<String> write(Path context, DockerIgnore ignore, Map<String, byte[]> extra, OutputStream out) {
        var names = new ArrayList<String>();
        try (Stream<Path> walk = Files.walk(context)) {
            for (Path p : walk.sorted().toList()) {
                if (p.equals(context)) {
                    continue;
                }
                String name = context.relativize(p).toString().replace('\\', '/');
                if (ignore.excludes(name) && !ignore.mustKeep(name)) {
                    continue;
                }
                var attrs = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                int mode = mode(attrs.permissions());
                long mtime = attrs.lastModifiedTime().toMillis() / 1000;
                if (attrs.isSymbolicLink()) {
                    header(out, name, '2', 0, mode, mtime, Files.readSymbolicLink(p).toString());
                } else if (attrs.isDirectory()) {
                    header(out, name + "/", '5', 0, mode, mtime, "");
                } else if (attrs.isRegularFile()) {
                    header(out, name, '0', attrs.size(), mode, mtime, "");
                    try (var in = Files.newInputStream(p)) {
                        long copied = in.transferTo(out);
                        pad(out, copied);
                    }
                } else {
                    continue;
                }
                names.add(name);
            }
            for (var e : extra.entrySet()) {
                header(out, e.getKey(), '0', e.getValue().length, 0644, System.currentTimeMillis() / 1000, "");
                out.write(e.getValue());
                pad(out, e.getValue().length);
                names.add(e.getKey());
            }
            out.write(new byte[1024]);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    private static int mode(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= 1 << (8 - p.ordinal());
        }
        return mode;
    }

    private static void header(OutputStream out, String name, char type, long size, int mode, long mtime, String link)
            throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] linkBytes = link.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > 100 || linkBytes.length > 100) {
            var pax = new StringBuilder();
            if (nameBytes.length > 100) {
                pax.append(paxRecord("path", name));
            }
            if (linkBytes.length > 100) {
                pax.append(paxRecord("linkpath", link));
            }
            byte[] data = pax.toString().getBytes(StandardCharsets.UTF_8);
            rawHeader(out, "PaxHeaders/" + tail(name), 'x', data.length, 0644, mtime, "");
            out.write(data);
            pad(out, data.length);
        }
        rawHeader(out, name, type, size, mode, mtime, link);
    }

    private static String tail(String name) {
        String t = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        t = t.substring(t.lastIndexOf('/') + 1);
        return t.length() > 80 ? t.substring(0, 80) : t;
    }

    private static String paxRecord(String key, String value) {
        String body = " " + key + "=" + value + "\n";
        int len = body.getBytes(StandardCharsets.UTF_8).length;
        int total = len + Integer.toString(len).length();
        if (Integer.toString(total).length() != Integer.toString(len).length()) {
            total++;
        }
        return total + body;
    }

    private static void rawHeader(OutputStream out, String name, char type, long size, int mode, long mtime, String link)
            throws IOException {
        byte[] h = new byte[512];
        put(h, 0, 100, name);
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, mtime);
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        h[156] = (byte) type;
        put(h, 157, 100, link);
        put(h, 257, 6, "ustar");
        h[262] = 0;
        h[263] = '0';
        h[264] = '0';
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        h[155] = ' ';
        out.write(h);
    }

    private static void put(byte[] h, int off, int len, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, off, Math.min(len, b.length));
    }

    private static void octal(byte[] h, int off, int len, long value) {
        String s = Long.toOctalString(value);
        while (s.length() < len - 1) {
            s = "0" + s;
        }
        put(h, off, len - 1, s);
        h[off + len - 1] = 0;
    }

    private static void pad(OutputStream out, long size) throws IOException {
        int rest = (int) (size % 512);
        if (rest != 0) {
            out.write(new byte[512 - rest]);
        }
    }
}
