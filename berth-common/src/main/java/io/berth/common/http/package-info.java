/**
 * HTTP/1.1 framing shared by the daemon's server and the client: header blocks, fixed-length and
 * chunked bodies. The Docker Engine API uses a small part of HTTP/1.1 over a UNIX socket, plus the
 * {@code Upgrade: tcp} hijack that turns a connection into a raw stream; owning the framing keeps
 * that hand-over trivial on both sides.
 */
package io.berth.common.http;
