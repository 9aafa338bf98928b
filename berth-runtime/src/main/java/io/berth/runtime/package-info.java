/**
 * Running containers: {@link io.berth.runtime.OciRuntime} (crun or runc through their command
 * lines) under a {@code conmon} monitor per container ({@link io.berth.runtime.conmon}), which holds
 * the container's stdio, writes its log and records its exit code, and outlives berthd.
 *
 * <p>Files, under the daemon's exec root (tmpfs, {@code /run/berth} by default):
 * <pre>
 * exits/&lt;id&gt;                       the exit code, written by conmon when the container exits
 * socks/&lt;short id&gt;/attach          conmon's attach socket (SOCK_SEQPACKET)
 * crun/ or runc/                     the runtime's own state (--root)
 * runtimes/crun-hybrid               wrapper that runs crun in a private mount namespace (hybrid cgroups)
 * </pre>
 * and in the bundle directory ({@code <data-root>/containers/<id>/}): {@code config.json},
 * {@code pid}, {@code conmon.pid}, {@code ctr.log} (conmon's k8s-file: the log itself for the
 * k8s-file driver, else the spool berthd turns into the json-file or local files; see
 * {@code io.berth.engine.logs}), {@code ctl} (conmon's control FIFO: resize, log reopening).
 */
package io.berth.runtime;
