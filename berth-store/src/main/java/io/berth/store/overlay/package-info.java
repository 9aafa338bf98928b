/**
 * Overlay snapshots: image layers unpacked once per chain ID, and each container's writable layer.
 *
 * <pre>
 * &lt;data-root&gt;/overlay/&lt;chain-id hex&gt;/diff      an image layer, unpacked, whiteouts in overlayfs form
 * &lt;data-root&gt;/overlay/&lt;chain-id hex&gt;/size      its unpacked size in bytes
 * &lt;data-root&gt;/overlay/.tmp-&lt;random&gt;/          a layer being unpacked (swept at start-up)
 * &lt;data-root&gt;/overlay/&lt;container id&gt;/{diff,work,merged}   a container's writable layer and its mount point
 * </pre>
 *
 * <p>A layer directory appears under its final name only once it is complete (rename of the
 * temporary directory), so a crash mid-unpack leaves nothing that looks like a layer.
 */
package io.berth.store.overlay;
