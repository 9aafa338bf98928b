/**
 * berthd's HTTP/1.1 server on a UNIX socket (or TCP): one virtual thread per connection, keep-alive,
 * chunked streams, and the {@code Upgrade: tcp} hijack that turns a connection into a raw stream
 * for attach. Routes return a {@link io.berth.daemon.http.Response}; the server writes it. A stream
 * that may wait for ever (events) asks to be interrupted when its client leaves: a
 * {@code DisconnectWatch} reads the idle connection meanwhile and interrupts the writer at its end.
 */
package io.berth.daemon.http;
