/**
 * A Java client of the WebSocket event stream on the JDK's
 * {@link java.net.http.WebSocket}:
 * {@link io.ego.connector.websocket.client.EgoEventStreamClient}. No Spring.
 */
@NullMarked
package io.ego.connector.websocket.client;

import org.jspecify.annotations.NullMarked;
