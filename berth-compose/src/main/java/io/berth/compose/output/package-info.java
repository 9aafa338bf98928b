/** Printing a compose model as {@code docker compose config} does (YAML or JSON). */
package io.berth.compose.output;
