/**
 * Container networking: Berth keeps its own record of networks and addresses
 * ({@link io.berth.network.Ipam}) and asks {@code netavark} to plumb them
 * ({@link io.berth.network.Netavark}: bridges, veths, NAT, port forwarding; {@code aardvark-dns} for
 * name DNS) inside network namespaces that {@link io.berth.network.NetworkNamespaces} pins to files.
 *
 * <pre>
 * &lt;exec-root&gt;/netns/&lt;container id&gt;   a container's network namespace (a bind mount of nsfs)
 * &lt;exec-root&gt;/netavark/               netavark's --config directory (its own lock and aardvark state)
 * </pre>
 */
package io.berth.network;
