/**
 * Loading a compose project as Docker Compose v2 does: file discovery, {@code .env}, YAML with
 * merge keys ({@link io.berth.compose.loader.ComposeYaml}), interpolation
 * ({@link io.berth.compose.loader.Interpolation}), schema validation
 * ({@link io.berth.compose.loader.SchemaCheck}), override files ({@link io.berth.compose.loader.Merge}),
 * {@code extends}, {@code include}, profiles, the canonical model and its checks. The entry point is
 * {@link io.berth.compose.loader.ProjectLoader#load}; the result, {@link io.berth.compose.loader.Project},
 * holds the model as plain maps and lists in the shape {@code docker compose config} prints.
 */
package io.berth.compose.loader;
