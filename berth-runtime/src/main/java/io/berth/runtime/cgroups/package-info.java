/**
 * What the kernel counts for a container, read from plain files: its cgroup (cpu, memory, pids,
 * block I/O) through {@link io.berth.runtime.cgroups.Cgroups} (cgroup v1 or v2, detected once),
 * the host's totals ({@link io.berth.runtime.cgroups.HostStats}: {@code /proc/stat}, online CPUs,
 * {@code MemTotal}) and the interfaces of its network namespace ({@link io.berth.runtime.cgroups.NetDev}).
 *
 * <p>Files read, relative to the cgroup mount ({@code /sys/fs/cgroup}) and a container's cgroup
 * path ({@code /berth/<id>}):
 * <pre>
 * v1  cpuacct/&lt;path&gt;/cpuacct.usage, cpuacct.usage_percpu, cpuacct.stat (user/system in USER_HZ ticks)
 *     cpu/&lt;path&gt;/cpu.stat                 nr_periods, nr_throttled, throttled_time (ns)
 *     memory/&lt;path&gt;/memory.usage_in_bytes, memory.max_usage_in_bytes, memory.limit_in_bytes,
 *                    memory.failcnt, memory.stat
 *     pids/&lt;path&gt;/pids.current, pids.max
 *     blkio/&lt;path&gt;/blkio.throttle.io_service_bytes, blkio.throttle.io_serviced
 * v2  &lt;path&gt;/cpu.stat (usage_usec, user_usec, system_usec, nr_periods, nr_throttled, throttled_usec),
 *     memory.current, memory.max, memory.stat, pids.current, pids.max, io.stat
 * </pre>
 * A file that does not exist (a controller that is not mounted, a container that just exited) reads
 * as zero; nothing here needs root, so the tests use fake trees in a temporary directory.
 */
package io.berth.runtime.cgroups;
