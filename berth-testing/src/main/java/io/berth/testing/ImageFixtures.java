package io.berth.testing;

import io.berth.common.Digest;
import io.berth.common.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Test images made without a registry or a build: a docker-archive (what {@code docker save}
 * writes) of a runnable multi-layer image: the host's static busybox in the first layer, then
 * {@code layers} layers each holding {@code /data/N}, {@code bytesPerLayer} bytes of seeded random
 * data (incompressible, so a pull moves that many bytes).
 */
public final class ImageFixtures {
    private ImageFixtures() {}

    /** The archive written, and the SHA-256 (hex) of each {@code /data/N} file, N from 1. */
    public record Archive(Path path, List<String> dataSha256) {}

    public static Archive multiLayer(Path out, String repoTag, int layers, int bytesPerLayer, long seed) throws IOException {
        var random = new Random(seed);
        var layerTars = new ArrayList<byte[]>();
        layerTars.add(tar(tar -> {
            dir(tar, "bin/");
            byte[] busybox = Files.readAllBytes(Path.of("/bin/busybox"));
            file(tar, "bin/busybox", busybox, 0755);
            var link = new TarArchiveEntry("bin/sh", TarConstants.LF_SYMLINK);
            link.setLinkName("busybox");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }));
        var sums = new ArrayList<String>();
        for (int i = 1; i <= layers; i++) {
            byte[] data = new byte[bytesPerLayer];
            random.nextBytes(data);
            sums.add(Digest.sha256(data).encoded());
            int n = i;
            layerTars.add(tar(tar -> {
                dir(tar, "data/");
                file(tar, "data/" + n, data, 0644);
            }));
        }
        var diffIds = new ArrayList<String>();
        for (byte[] t : layerTars) {
            diffIds.add(Digest.sha256(t).toString());
        }
        var config = new LinkedHashMap<String, Object>();
        config.put("architecture", "amd64");
        config.put("os", "linux");
        config.put("created", "2026-01-01T00:00:00Z");
        config.put("config", Map.of("Cmd", List.of("/bin/sh"), "Env", List.of("PATH=/bin")));
        config.put("rootfs", Map.of("type", "layers", "diff_ids", diffIds));
        byte[] configBytes = Json.writeBytes(config);
        String configName = Digest.sha256(configBytes).encoded() + ".json";
        var layerNames = new ArrayList<String>();
        for (byte[] t : layerTars) {
            layerNames.add(Digest.sha256(t).encoded() + "/layer.tar");
        }
        byte[] manifest = Json.writeBytes(List.of(Map.of("Config", configName, "RepoTags", List.of(repoTag),
                "Layers", layerNames)));
        try (var archive = new TarArchiveOutputStream(Files.newOutputStream(out))) {
            file(archive, configName, configBytes, 0644);
            for (int i = 0; i < layerTars.size(); i++) {
                file(archive, layerNames.get(i), layerTars.get(i), 0644);
            }
            file(archive, "manifest.json", manifest, 0644);
        }
        return new Archive(out, sums);
    }

    private interface Body {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private static byte[] tar(Body body) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            body.write(tar);
        }
        return bytes.toByteArray();
    }

    private static void dir(TarArchiveOutputStream tar, String name) throws IOException {
        var entry = new TarArchiveEntry(name, TarConstants.LF_DIR);
        entry.setMode(040755);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] content, int mode) throws IOException {
        var entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        entry.setMode(0100000 | mode);
        entry.setModTime(java.util.Date.from(java.time.Instant.parse("2026-01-01T00:00:00Z")));
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    /**
     * An OCI image layout (a directory, as {@code skopeo copy --all oci:DIR} reads it) holding one
     * index of two images, linux/amd64 and linux/arm64, that share one layer (the host's busybox)
     * and differ in their config ({@code architecture}, and {@code ARCH=} in Env).
     */
    public static Path multiPlatformLayout(Path dir) throws IOException {
        Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
        byte[] layer = tar(tar -> {
            dir(tar, "bin/");
            file(tar, "bin/busybox", Files.readAllBytes(Path.of("/bin/busybox")), 0755);
        });
        Digest layerDigest = blob(blobs, layer);
        var manifests = new ArrayList<Map<String, Object>>();
        for (String arch : List.of("amd64", "arm64")) {
            var config = new LinkedHashMap<String, Object>();
            config.put("architecture", arch);
            config.put("os", "linux");
            config.put("config", Map.of("Env", List.of("ARCH=" + arch), "Cmd", List.of("/bin/busybox", "env")));
            config.put("rootfs", Map.of("type", "layers", "diff_ids", List.of(layerDigest.toString())));
            byte[] configBytes = Json.writeBytes(config);
            Digest configDigest = blob(blobs, configBytes);
            byte[] manifest = Json.writeBytes(Map.of("schemaVersion", 2,
                    "mediaType", "application/vnd.oci.image.manifest.v1+json",
                    "config", Map.of("mediaType", "application/vnd.oci.image.config.v1+json",
                            "digest", configDigest.toString(), "size", configBytes.length),
                    "layers", List.of(Map.of("mediaType", "application/vnd.oci.image.layer.v1.tar",
                            "digest", layerDigest.toString(), "size", layer.length))));
            Digest manifestDigest = blob(blobs, manifest);
            manifests.add(Map.of("mediaType", "application/vnd.oci.image.manifest.v1+json",
                    "digest", manifestDigest.toString(), "size", manifest.length,
                    "platform", Map.of("architecture", arch, "os", "linux")));
        }
        byte[] index = Json.writeBytes(Map.of("schemaVersion", 2, "mediaType", "application/vnd.oci.image.index.v1+json",
                "manifests", manifests));
        Digest indexDigest = blob(blobs, index);
        Files.write(dir.resolve("index.json"), Json.writeBytes(Map.of("schemaVersion", 2,
                "manifests", List.of(Map.of("mediaType", "application/vnd.oci.image.index.v1+json",
                        "digest", indexDigest.toString(), "size", index.length,
                        "annotations", Map.of("org.opencontainers.image.ref.name", "multi"))))));
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        return dir;
    }

    private static Digest blob(Path blobs, byte[] bytes) throws IOException {
        Digest d = Digest.sha256(bytes);
        Files.write(blobs.resolve(d.encoded()), bytes);
        return d;
    }
}
