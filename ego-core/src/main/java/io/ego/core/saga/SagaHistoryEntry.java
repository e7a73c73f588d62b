package io.ego.core.saga;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of a saga instance's history, as operators read it.
 *
 * @param at when
 * @param what what happened, e.g. {@code "step 2 'credit' accepted"}
 * @author eGo team
 * @since 0.2.0
 */
public record SagaHistoryEntry(Instant at, String what) {

	public SagaHistoryEntry {
		Objects.requireNonNull(at, "at");
		Objects.requireNonNull(what, "what");
	}

}
