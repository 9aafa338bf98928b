/**
 * Image formats: OCI and Docker v2 schema 2 manifests, indexes/manifest lists, descriptors and
 * the image configuration file. Unknown fields are kept out of the way (ignored on read).
 */
package io.berth.image.oci;
