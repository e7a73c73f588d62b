package io.ego.connector.websocket;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The tests' application: Tomcat with Spring WebSocket, the ego engine on in-memory
 * stores with two event-sourced entity types ({@code account}, {@code savings}), and the
 * event stream auto-configured. Spring Security is on the test class path (for
 * {@link SecuredEventStreamTests}); this application lets every request through.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ AccountEntity.class, SavingsEntity.class })
class EventStreamApplication {

	@Bean
	SecurityFilterChain openFilterChain(HttpSecurity http) {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll()).build();
	}

}
