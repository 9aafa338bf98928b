/**
 * The Docker Engine API as records. Most types here are generated from
 * {@code shared/specs/docker-engine-api} by {@code tools/gen-api-model.py} (the union of the
 * properties of API 1.44, 1.55 and the newest spec) and keep the swagger definition names and
 * Docker's JSON names; their components are nullable because Docker's JSON is ({@code "Env":null}).
 * Hand-written here: the verb options that mirror query parameters ({@link io.berth.api.model.StopOptions},
 * {@link io.berth.api.model.LogsOptions}, …), shared by the client, the daemon's routes and the
 * engine, and {@link io.berth.api.model.DockerApi}, the strings Docker clients match.
 */
package io.berth.api.model;
