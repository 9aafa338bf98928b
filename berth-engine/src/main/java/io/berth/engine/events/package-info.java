/**
 * Events: what happened to containers, images and networks, for {@code GET /events}. The
 * {@link io.berth.engine.events.EventBus} numbers each event, keeps it in an
 * {@link io.berth.engine.events.EventJournal} (berthd's is {@code state.db}'s events ring, see
 * {@code io.berth.store.state}) and hands it to the open
 * {@link io.berth.engine.events.EventStream}s, each with its Docker-compatible
 * {@link io.berth.engine.events.EventFilter}. Lock order: container → event bus → state store.
 */
package io.berth.engine.events;
