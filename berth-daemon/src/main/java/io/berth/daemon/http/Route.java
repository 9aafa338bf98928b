package io.berth.daemon.http;

/** A handler: parse the request, call the engine, say what to answer. Routes never catch. */
@FunctionalInterface
public interface Route {
    Response handle(Request request) throws Exception;
}
