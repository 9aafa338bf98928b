/**
 * Image use cases over berth-image's store: list, inspect, history, tag, remove (with Docker's
 * conflict rules), offline bootstrap, and the API views of images.
 */
package io.berth.engine.image;
