/**
 * The WebSocket event stream: {@link io.ego.connector.websocket.EventStreamHandler}
 * streams the journal's events to subscribed clients as
 * {@link io.ego.connector.v1.PublishedEvent} envelopes, one per binary frame, from a
 * position the client chooses (gap-free, from the journal) and then live, through a
 * bounded buffer per client.
 */
@NullMarked
package io.ego.connector.websocket;

import org.jspecify.annotations.NullMarked;
