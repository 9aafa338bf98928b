/**
 * conmon, the per-container monitor: its command line ({@link io.berth.runtime.conmon.ConmonCommand}),
 * starting it with its sync pipe, exit files ({@link io.berth.runtime.conmon.ExitWatcher}), the
 * attach socket ({@link io.berth.runtime.conmon.AttachSocket}), the control FIFO and the k8s-file
 * log format ({@link io.berth.runtime.conmon.K8sLog}); and conmon in exec mode, one per exec session
 * ({@link io.berth.runtime.conmon.ConmonExecCommand}, its pipe protocol in {@link io.berth.runtime.conmon.ExecMonitor}).
 */
package io.berth.runtime.conmon;
