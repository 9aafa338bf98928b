/** {@code berth compose}: docker compose's verbs and flags over {@code berth-compose}. */
package io.berth.cli.command.compose;
