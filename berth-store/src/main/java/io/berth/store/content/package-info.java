/**
 * The content store: immutable blobs (manifests, image configs, layer tarballs) named by their
 * digest.
 *
 * <pre>
 * &lt;data-root&gt;/blobs/sha256/&lt;hex&gt;        a blob, named only after its bytes were verified
 * &lt;data-root&gt;/blobs/ingest/&lt;random&gt;     a blob being written; removed on failure, swept at start-up
 * </pre>
 *
 * <p>Writes are crash-safe: bytes go to an ingest file, are fsynced, hashed on the way in, compared
 * with the expected digest, and only then renamed to their name. A blob whose bytes do not match
 * its digest is rejected and nothing is stored.
 */
package io.berth.store.content;
