/** The event bus: what happened to containers, images and networks, for {@code /events} and for waiters. */
package io.berth.engine.events;
