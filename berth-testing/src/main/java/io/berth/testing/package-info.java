/**
 * Test support: {@link io.berth.testing.RequiresRoot} (root tests are opt-in with
 * {@code -Dberth.it=true} and then checked), {@link io.berth.testing.BerthdExtension} (a real
 * berthd per test class on a temp data-root and socket, torn down with a check that it left no
 * mounts, namespaces or bridges behind), and {@link io.berth.testing.Processes} for running the
 * CLIs under test.
 */
package io.berth.testing;
