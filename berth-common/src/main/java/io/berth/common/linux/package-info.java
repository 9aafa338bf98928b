/**
 * The few Linux system calls the JDK lacks, through {@code java.lang.foreign}: mounts, process
 * spawning with inherited descriptors (conmon's sync pipe), {@code waitpid}, signals, and
 * {@code SOCK_SEQPACKET} UNIX sockets (conmon's attach socket).
 *
 * <p>Native calls pin a virtual thread to its carrier: callers that may block for long (reading an
 * attach socket) do so on platform threads; every other call here returns at once.
 */
package io.berth.common.linux;
