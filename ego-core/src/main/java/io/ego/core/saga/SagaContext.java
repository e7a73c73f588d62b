package io.ego.core.saga;

import java.time.Instant;

/**
 * The saga instance a behaviour reacts for.
 *
 * @author eGo team
 * @since 0.2.0
 */
public interface SagaContext {

	/**
	 * @return the saga's name
	 */
	String sagaName();

	/**
	 * @return the instance's id
	 */
	String sagaId();

	/**
	 * @return the instance's status before this reaction
	 */
	SagaStatus status();

	/**
	 * @return the engine clock's time of this reaction (timers are due relative to it)
	 */
	Instant now();

}
