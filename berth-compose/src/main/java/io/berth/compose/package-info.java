/**
 * {@code berth compose} as a client of the Docker Engine API, like docker compose v2:
 * {@code loader} reads projects, {@code output} prints them, {@code project} runs them
 * through {@link io.berth.client.BerthClient}, labelling everything as docker compose does.
 */
package io.berth.compose;
