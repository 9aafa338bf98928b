/**
 * Container lifecycle: create, start, stop, kill, restart, wait, remove, inspect, list, logs,
 * attach, resize, rename; and, at start-up, reconciliation of the records with what conmon and the
 * runtime report (live restore).
 *
 * <p>Records: {@link io.berth.engine.container.Container} (persisted in the state store as JSON,
 * kind {@code container}); its {@link io.berth.engine.container.RunState}. Files, in
 * {@code <data-root>/containers/<id>/}: the OCI bundle ({@code config.json}), {@code hostname},
 * {@code hosts}, {@code resolv.conf}, conmon's pid files and FIFOs, and the log files
 * ({@link io.berth.engine.logs}: conmon's spool {@code ctr.log}, {@code <id>-json.log*} or
 * {@code local-logs/}), which a remove deletes with the rest.
 *
 * <p>Mounts: a container's mount points ({@link io.berth.engine.container.ContainerMount}) are decided
 * at create and kept in its record; {@link io.berth.engine.container.ContainerMounts} takes their
 * volumes, fills new ones from the image, prepares them at each start and gives them back at remove.
 *
 * <p>Restart policies: {@link io.berth.engine.container.RestartManager} decides at each exit (under the
 * container's lock) whether the container restarts and after which back-off; the state is then
 * {@code Restarting} and a virtual thread starts it after the delay unless a stop, kill, start, restart
 * or removal bumped the container's restart token first. Health checks:
 * {@link io.berth.engine.container.HealthMonitor}, one virtual thread per running container, probing
 * through the exec service; its actions (kill, restart, stop) run on threads of their own, as they stop
 * the monitor that asked for them.
 *
 * <p>Locks, in this order: a container's own lock (held while it is started, stopped or removed, so
 * nobody else changes it meanwhile) → the name index ({@link io.berth.engine.container.ContainerIndex},
 * short sections, never across a subprocess) → a volume's lock (file system work only) → the state
 * store (short). A thread never takes two containers' locks.
 */
package io.berth.engine.container;
