/**
 * Berth's use cases, one service per API resource ({@code container}, {@code image},
 * {@code network}, {@code system}, {@code events}). The engine takes Docker's create-time configs
 * from berth-api-model, keeps its own records, drives runtime, network and stores, and builds the
 * inspect and list views. It knows nothing of HTTP or command lines.
 */
package io.berth.engine;
