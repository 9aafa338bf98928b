/**
 * Exec: running another process in a running container ({@code docker exec}). Each process runs
 * under a conmon of its own in exec mode, which holds its stdio (reached through an attach socket)
 * and reports its pid and exit status ({@link io.berth.runtime.ExecProcess}).
 *
 * <p>Records are kept in memory only: like Docker, a restarted daemon knows no execs. A finished
 * exec is forgotten some minutes after it exited, or when its container is gone.
 *
 * <p>Files, in the daemon's exec root (tmpfs), removed when the process has exited:
 * <pre>
 * execs/&lt;exec id&gt;/process.json      the OCI process the runtime's exec runs
 * execs/&lt;exec id&gt;/{pid,conmon.pid}   pid files
 * execs/&lt;exec id&gt;/{ctl,winsz}        conmon's control FIFOs (resize)
 * execs/&lt;exec id&gt;/attach             conmon's attach socket (SOCK_SEQPACKET)
 * execs/&lt;exec id&gt;/exits/&lt;ctr id&gt;     the exit status, as conmon writes it
 * execs/socks/&lt;session&gt;             link to the exec's directory (session = the first 12 digits of its id)
 * </pre>
 *
 * <p>Locks: each {@link io.berth.engine.exec.ExecSession} guards its own state (short sections,
 * never across a subprocess); the service's map is concurrent. No container lock is taken.
 */
package io.berth.engine.exec;
