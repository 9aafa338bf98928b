/**
 * Image tarballs: {@link io.berth.image.archive.ImageArchives} loads, saves and imports them.
 *
 * <p><b>Load</b> ({@code docker load}) reads, possibly gzip- or bzip2-compressed as a whole:
 * <ul>
 *   <li>a <em>docker-archive</em>: {@code manifest.json}
 *       ({@code [{"Config":…,"RepoTags":[…],"Layers":[…]}]}) with the config and layer tars at any
 *       paths ({@code <hex>.json}, {@code <id>/layer.tar} — symbolic and hard links followed —
 *       or {@code blobs/sha256/<hex>}); layers plain, gzip or bzip2;</li>
 *   <li>an <em>OCI image layout</em>: {@code index.json} and {@code blobs/sha256/<hex>}; nested
 *       indexes are followed to the host's platform (a single manifest loads whatever its
 *       platform); tags come from {@code io.containerd.image.name}, else from a full reference in
 *       {@code org.opencontainers.image.ref.name} (a bare tag there names no repository, so the
 *       image stays untagged); layers plain or gzip (zstd is refused);</li>
 *   <li>Docker 25's tarball, which is both: {@code manifest.json} is used.</li>
 * </ul>
 * Entries may come in any order. Every file named {@code blobs/sha256/<hex>} must match its
 * digest, uncompressed layers must match their diff IDs, and a config naming another operating
 * system is refused. Failure registers nothing and removes what the load stored.
 *
 * <p><b>Save</b> ({@code docker save}) writes what Docker 25 writes: {@code blobs/sha256/…}
 * (configs, OCI manifests, uncompressed layers), {@code index.json}, {@code manifest.json},
 * {@code oci-layout} and {@code repositories}, byte for byte the same for the same images and names.
 *
 * <p><b>Import</b> ({@code docker import}) stores a root filesystem tarball as a one-layer image;
 * {@link io.berth.image.archive.ConfigChanges} applies {@code --change} instructions (also what
 * {@code docker commit --change} needs).
 */
package io.berth.image.archive;
