/**
 * Spring Boot auto-configuration of the WebSocket event stream
 * ({@code ego.publishers.websocket.*}).
 */
@NullMarked
package io.ego.connector.websocket.autoconfigure;

import org.jspecify.annotations.NullMarked;
