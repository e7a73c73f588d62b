package io.ego.spring.boot.actuate.endpoint;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * A section of the {@link EgoEndpoint} that another module contributes, read at
 * {@code GET /actuator/ego/{name}} (such as {@code cluster}, from
 * {@code ego-cluster-hazelcast}). Declared as a bean, it is picked up by the endpoint's
 * auto-configuration.
 *
 * @author eGo team
 * @since 0.3.0
 */
public interface EgoEndpointSection {

	/**
	 * @return the section's name under {@code /actuator/ego}; it hides an entity type of
	 * that name
	 */
	String name();

	/**
	 * Reads the section; a read that needs a store or a remote member bounds its wait.
	 * @return the section's description
	 */
	OperationResponseBody read();

}
