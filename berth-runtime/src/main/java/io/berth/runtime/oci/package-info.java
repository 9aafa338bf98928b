/**
 * The OCI runtime specification as records ({@link io.berth.runtime.oci.OciSpec}, written as a
 * bundle's {@code config.json}), Docker's default confinement (capabilities, masked paths, the
 * default seccomp profile translated to the OCI form) and {@link io.berth.runtime.oci.SpecGenerator},
 * which turns a {@link io.berth.runtime.oci.BundleSpec} (what the engine decided) into an
 * {@link io.berth.runtime.oci.OciSpec}.
 */
package io.berth.runtime.oci;
