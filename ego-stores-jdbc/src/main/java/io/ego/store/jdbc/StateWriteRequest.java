package io.ego.store.jdbc;

import io.ego.core.store.DurableStateRecord;

/**
 * One entity's durable-state write waiting for the {@link StateWriter}: the validated
 * state.
 *
 * @author eGo team
 * @since 0.2.0
 */
final class StateWriteRequest extends WriteRequest {

	private final DurableStateRecord state;

	StateWriteRequest(DurableStateRecord state) {
		this.state = state;
	}

	DurableStateRecord state() {
		return this.state;
	}

	@Override
	public String persistenceId() {
		return this.state.persistenceId();
	}

	/**
	 * @return {@code 1}: a batch is bounded in states
	 */
	@Override
	public int size() {
		return 1;
	}

	@Override
	public long bytes() {
		return this.state.payload().length;
	}

	/**
	 * @return the revision the stored state must have for this write to apply
	 */
	long expectedRevision() {
		return this.state.revision() - 1;
	}

	@Override
	String unknownOutcomeMessage() {
		return "writing the state of '" + persistenceId() + "' failed; it may or may not have been written";
	}

}
