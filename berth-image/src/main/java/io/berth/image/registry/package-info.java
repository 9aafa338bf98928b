/**
 * Registries (the distribution v2 API): {@link io.berth.image.registry.RegistryClient} over
 * {@code java.net.http} with Bearer-token and Basic challenges; {@link io.berth.image.registry.ImagePuller}
 * (manifests, indexes by platform, layers three at a time, each verified by the content store
 * before it is named) and {@link io.berth.image.registry.ImagePusher} (HEAD, cross-repository
 * mount, monolithic upload, manifest put). Both report Docker's progress messages as
 * {@link io.berth.image.registry.Progress} events, which the daemon writes as JSON lines and the CLI
 * draws. {@link io.berth.image.registry.RegistryHosts} decides plain HTTP (insecure registries,
 * 127.0.0.0/8 by default) or HTTPS.
 *
 * <p>Concurrency: a {@code Repository} keeps its tokens in a concurrent map and is shared by the
 * download and upload threads of one operation; no lock is held across a request.
 */
package io.berth.image.registry;
