/**
 * The {@code --format} machinery of the {@code berth} CLI: {@link io.berth.cli.format.GoTemplate}
 * evaluates the subset of Go's {@code text/template} that docker users write (with docker's extra
 * functions), {@link io.berth.cli.format.TabWriter} aligns columns exactly as Go's
 * {@code text/tabwriter} does, and {@link io.berth.cli.format.TableFormat} puts the two together
 * the way docker's {@code table}, {@code json} and plain formats behave.
 */
package io.berth.cli.format;
