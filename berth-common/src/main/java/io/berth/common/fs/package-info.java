/**
 * Files of a tree that someone else controls (a container's root filesystem, its writable layer, a
 * directory a copy lands in), reached without ever letting that someone redirect Berth elsewhere:
 * {@link io.berth.common.fs.RootedFs} resolves paths as inside a chroot, one component at a time
 * with {@link io.berth.common.linux.Fd} (no link followed by the kernel), with mounts spliced in;
 * {@link io.berth.common.fs.TreeTar} archives and {@link io.berth.common.fs.TreeUntar} extracts
 * with Docker's naming and rules. This is the answer to CVE-2018-15664 (a container swapping a
 * directory for a link to {@code /} while {@code docker cp} runs).
 */
package io.berth.common.fs;
