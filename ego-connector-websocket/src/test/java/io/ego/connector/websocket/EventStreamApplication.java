package io.ego.connector.websocket;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The tests' application: Tomcat with Spring WebSocket, the ego engine on in-memory
 * stores with two event-sourced entity types ({@code account}, {@code savings}), and the
 * event stream auto-configured.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ AccountEntity.class, SavingsEntity.class })
class EventStreamApplication {

}
