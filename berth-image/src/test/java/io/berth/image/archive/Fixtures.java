package io.berth.image.archive;

import io.berth.common.Digest;
import io.berth.common.Json;
import io.berth.image.ImageStore;
import io.berth.image.oci.Descriptor;
import io.berth.image.oci.ImageConfigFile;
import io.berth.image.oci.Index;
import io.berth.image.oci.Manifest;
import io.berth.image.oci.MediaTypes;
import io.berth.store.content.ContentStore;
import io.berth.store.overlay.LayerStore;
import io.berth.store.state.StateStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Hand-built layers, configs and archives for the tests. */
final class Fixtures {
    private Fixtures() {}

    static ImageStore store(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ImageStore(StateStore.open(dir.resolve("state.db")), new ContentStore(dir.resolve("blobs")),
                new LayerStore(dir.resolve("overlay")));
    }

    /** Files in the content store of a store made by {@link #store}. */
    static List<String> blobs(Path dir) throws IOException {
        try (var files = Files.list(dir.resolve("blobs/sha256"))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A layer tar: one file (path → content) per entry, with its directories. */
    static byte[] layer(Map<String, byte[]> files) {
        var out = new ByteArrayOutputStream();
        try (var tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            var dirs = new java.util.TreeSet<String>();
            for (String name : files.keySet()) {
                for (int i = name.indexOf('/'); i > 0; i = name.indexOf('/', i + 1)) {
                    dirs.add(name.substring(0, i + 1));
                }
            }
            for (String dir : dirs) {
                var entry = new TarArchiveEntry(dir, TarArchiveEntry.LF_DIR);
                entry.setMode(040755);
                entry.setModTime(1_000_000L);
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            }
            for (var file : files.entrySet()) {
                var entry = new TarArchiveEntry(file.getKey());
                entry.setMode(0100644);
                entry.setSize(file.getValue().length);
                entry.setModTime(1_000_000L);
                tar.putArchiveEntry(entry);
                tar.write(file.getValue());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] layer(String path, String content) {
        return layer(Map.of(path, content.getBytes(StandardCharsets.UTF_8)));
    }

    /** Incompressible bytes, to push entries past the in-memory limit. */
    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static byte[] gzip(byte[] data) {
        var out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An image config for uncompressed layers. */
    static byte[] config(byte[]... uncompressedLayers) {
        var diffIds = java.util.Arrays.stream(uncompressedLayers).map(l -> Digest.sha256(l).toString()).toList();
        var config = Json.mapper().createObjectNode();
        config.putArray("Cmd").add("sh");
        return Json.writeBytes(new ImageConfigFile("amd64", "linux", null, "2024-01-02T03:04:05Z", null, config,
                new ImageConfigFile.RootFs("layers", diffIds), null, null, null, null, null));
    }

    static String hex(byte[] data) {
        return Digest.sha256(data).encoded();
    }

    static String blobPath(byte[] data) {
        return "blobs/sha256/" + hex(data);
    }

    /** An OCI manifest for a config and layer blobs (as stored: maybe compressed). */
    static byte[] manifest(byte[] config, String layerType, byte[]... layerBlobs) {
        var layers = java.util.Arrays.stream(layerBlobs)
                .map(b -> new Descriptor(layerType, Digest.sha256(b).toString(), b.length)).toList();
        return Json.writeBytes(new Manifest(2, MediaTypes.OCI_MANIFEST,
                new Descriptor(MediaTypes.OCI_CONFIG, Digest.sha256(config).toString(), config.length), layers, null));
    }

    static Descriptor descriptor(String mediaType, byte[] blob, Map<String, String> annotations,
                                 Descriptor.Platform platform) {
        return new Descriptor(mediaType, Digest.sha256(blob).toString(), blob.length, annotations, platform);
    }

    static byte[] index(Descriptor... manifests) {
        return Json.writeBytes(new Index(2, MediaTypes.OCI_INDEX, List.of(manifests), null));
    }

    /** A tar of files in the given order. */
    static byte[] tar(Map<String, byte[]> files) {
        return tar(files, Map.of());
    }

    /** A tar of files in the given order, then symbolic links (name → target). */
    static byte[] tar(Map<String, byte[]> files, Map<String, String> symlinks) {
        var out = new ByteArrayOutputStream();
        try (var tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (var file : files.entrySet()) {
                var entry = new TarArchiveEntry(file.getKey());
                entry.setSize(file.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(file.getValue());
                tar.closeArchiveEntry();
            }
            for (var link : symlinks.entrySet()) {
                var entry = new TarArchiveEntry(link.getKey(), TarArchiveEntry.LF_SYMLINK);
                entry.setLinkName(link.getValue());
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The regular files of a tar, in order. */
    static Map<String, byte[]> untar(byte[] tarBytes) {
        var files = new LinkedHashMap<String, byte[]>();
        try (var tar = new TarArchiveInputStream(new ByteArrayInputStream(tarBytes))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isFile()) {
                    files.put(entry.getName(), tar.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    static Map<String, byte[]> files(Object... nameThenBytes) {
        var files = new LinkedHashMap<String, byte[]>();
        for (int i = 0; i < nameThenBytes.length; i += 2) {
            Object value = nameThenBytes[i + 1];
            files.put((String) nameThenBytes[i],
                    value instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) value);
        }
        return files;
    }
}
