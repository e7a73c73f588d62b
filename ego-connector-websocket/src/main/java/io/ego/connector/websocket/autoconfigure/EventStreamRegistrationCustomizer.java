package io.ego.connector.websocket.autoconfigure;

import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistration;

/**
 * Customizes the registration of the event stream's endpoint: handshake interceptors
 * (e.g. to check the authenticated principal's authorities or copy attributes), a
 * handshake handler. Beans of this type are applied in order.
 *
 * @author eGo team
 * @since 0.2.0
 */
@FunctionalInterface
public interface EventStreamRegistrationCustomizer {

	/**
	 * @param registration the endpoint's registration
	 */
	void customize(WebSocketHandlerRegistration registration);

}
