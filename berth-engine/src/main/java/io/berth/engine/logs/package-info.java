/**
 * Container logs that never fill the disk: Docker's {@code json-file} and {@code local} drivers
 * (its on-disk formats, byte for byte), {@code none}, and Podman's {@code k8s-file}; rotation is on
 * by default (20 MiB × 5 files, as Docker's {@code local} driver; daemon.json {@code log-driver}
 * and {@code log-opts}, {@code --log-driver}/{@code --log-opt} change it).
 *
 * <h2>Design: conmon spools, berthd writes</h2>
 *
 * conmon 2.1.6 writes only k8s-file, and can cap that file but not rotate it: when a line would
 * take it past {@code --log-size-max} it renames an empty file over it. So conmon writes a
 * <em>spool</em>, {@code ctr.log} in the bundle, and berthd writes the log:
 * <pre>
 *   container ─stdout/stderr─▶ conmon ─k8s-file─▶ ctr.log (spool) ─▶ {@link io.berth.engine.logs.SpoolPump}
 *        ─▶ {@link io.berth.engine.logs.LogFileSet}: &lt;id&gt;-json.log, .1, .2.gz … (or local-logs/container.log …)
 *        ─▶ {@link io.berth.engine.logs.LogFileReader}: logs, logs -f, attach replays
 * </pre>
 * <ul>
 * <li><b>No line lost while berthd runs.</b> The pump reads the spool as conmon writes it (an
 *     inotify watch wakes it) and keeps the file open, so when conmon replaces the spool the pump
 *     reads the old one to its end before it moves on; it looks for a replacement every 4 MiB it
 *     reads and at every end of data. Rotation of the log files is berthd's own (rename, then a new
 *     file, under one lock), so it needs nothing from conmon.</li>
 * <li><b>Followers across rotations.</b> Readers open every file of a snapshot at once, and a
 *     follower moves on by the file's generation, not its name: a rotation (or several) while it
 *     reads costs it nothing, unlike Docker's followers (moby#37646). A follower further behind
 *     than {@code max-file} files loses what was rotated away, as in Docker.</li>
 * <li><b>{@code --tail}, {@code --since}, {@code --until} without reading the history.</b>
 *     {@code tail} reads the files backwards from the end (json-file by newlines, local by the
 *     length that ends every record); {@code since} skips rotated files whose last record is older
 *     (a gzipped file's last time is in its gzip header, as Docker writes it) and reads back only
 *     as far as {@code since} in the first file it needs; the first record after {@code until}
 *     ends a read. This assumes time order in the log, which holds unless the clock goes back.</li>
 * <li><b>A cap without berthd.</b> conmon's {@code --log-size-max} is the log's budget
 *     ({@code max-size × max-file}, at least 16 MiB): while no daemon pumps, the spool grows to at
 *     most that, then conmon starts it afresh (losing what it held, which is the price of having no
 *     daemon). While berthd runs, the pumped part of the spool is freed (a hole punched with
 *     {@code fallocate}) so the spool takes only what is not pumped yet. A restarted berthd pumps
 *     from the position the last one recorded ({@code ctr.log.pos}: inode and offset, written
 *     after every batch; a {@code kill -9} between a batch and its record repeats that batch).</li>
 * <li><b>Docker's semantics.</b> A line conmon read in pieces is joined again, lines longer than
 *     16 KiB are split into partial records as Docker's copier splits them, and an unfinished line
 *     is written as a partial record after a second, or when the container exits. {@code tail}
 *     counts records before {@code since}/{@code until} apply. {@code none} keeps nothing and
 *     {@code logs} answers 501 "configured logging driver does not support reading".</li>
 * </ul>
 * The alternative — conmon's k8s-file as the log, rotated by renaming it and asking conmon to
 * reopen it ({@code 2 0 0} on the control FIFO) — was rejected: the file would not be in Docker's
 * format, and conmon counts its size limit from its own start, not from the reopen, so its own
 * replacement still strikes at arbitrary moments.
 *
 * <h2>Files, in {@code <data-root>/containers/<id>/}</h2>
 * <pre>
 * ctr.log, ctr.log.pos          conmon's spool and how far it was pumped (while a run is pumped)
 * &lt;id&gt;-json.log[.N[.gz]]        json-file (mode 0640; inspect's LogPath once started)
 * local-logs/container.log[.N[.gz]]   local
 * ctr.log                       k8s-file: conmon's own file is the log (capped by max-size, 100 MiB unless set)
 * </pre>
 *
 * <h2>Threads and locks</h2>
 * One virtual thread per pumped run; one platform thread for the inotify watch. A pump's lock is
 * held while it drains (a reader's {@link io.berth.engine.logs.SpoolPump#catchUp} takes it too);
 * a file set's lock only for renames and counters, never while encoding or compressing. Order:
 * pump → file set. Compression runs on a thread of its own; the next rotation waits for it.
 */
package io.berth.engine.logs;
