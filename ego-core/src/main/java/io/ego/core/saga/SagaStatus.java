package io.ego.core.saga;

/**
 * Where a saga instance stands. {@link #COMPLETED}, {@link #COMPENSATED} and
 * {@link #FAILED} are final, except that an operator may {@link Sagas#retry retry} a
 * failed instance.
 *
 * @author eGo team
 * @since 0.2.0
 */
public enum SagaStatus {

	/** Not started: no event of the instance exists. */
	NEW,

	/** Started, steps running. */
	RUNNING,

	/** Done. */
	COMPLETED,

	/** Undoing its completed steps, newest first. */
	COMPENSATING,

	/** Every completed step was undone. */
	COMPENSATED,

	/**
	 * Stopped with a reason an operator must look at: the behaviour failed it, a
	 * compensation could not complete, or a step's outcome stayed unknown.
	 */
	FAILED;

	/**
	 * @return whether the instance has ended
	 */
	public boolean isFinal() {
		return this == COMPLETED || this == COMPENSATED || this == FAILED;
	}

}
