/**
 * Images: records and tags ({@link io.berth.image.ImageStore}) over the state, content and layer
 * stores. Sub-packages: {@code ref} (Docker's reference grammar), {@code oci} (manifests, indexes,
 * image configs), {@code archive} (docker-archive and OCI-layout tarballs), {@code bootstrap}
 * (images built offline from host files).
 */
package io.berth.image;
