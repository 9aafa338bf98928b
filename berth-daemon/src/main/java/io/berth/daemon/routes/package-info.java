/**
 * One class per API resource: parse the request, call the engine, return a response. Version
 * quirks are normalised here, before the engine is called; routes never catch.
 */
package io.berth.daemon.routes;
