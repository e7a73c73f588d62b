package io.ego.migration;

import java.util.List;

/**
 * What a {@link StoreVerification} found.
 *
 * @param entities the source's entities compared
 * @param events their events
 * @param states the source's durable states compared
 * @param differences one line per entity or state that differs on the target, naming its
 * persistence id and both sides; empty when the copy is faithful
 * @author eGo team
 * @since 0.2.0
 */
public record VerificationReport(long entities, long events, long states, List<String> differences) {

	public VerificationReport {
		differences = List.copyOf(differences);
	}

	/**
	 * @return whether the target holds exactly the source's entities and states
	 */
	public boolean matches() {
		return this.differences.isEmpty();
	}

}
