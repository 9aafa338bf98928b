/**
 * {@code berth}: docker's command line (plus what Podman adds), a client of the Docker Engine API.
 * {@link io.berth.cli.Main} runs {@link io.berth.cli.BerthCommand}; commands live in
 * {@code command.<noun>}, one class each; {@code format} renders {@code --format} templates and tables.
 */
package io.berth.cli;
