package io.ego.spring.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link MasterKeyMismatchException} at start-up: which property holds the
 * master key, what the stored keys were wrapped with, and how to recover.
 *
 * @author eGo team
 */
class MasterKeyMismatchFailureAnalyzer extends AbstractFailureAnalyzer<MasterKeyMismatchException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MasterKeyMismatchException cause) {
		return new FailureAnalysis(
				"The master key in ego.encryption.master-key (id '" + cause.currentKeyId() + "') cannot unwrap "
						+ cause.failed() + " of the " + cause.sampled()
						+ " data keys sampled from the data key store; they were wrapped by master key(s) "
						+ cause.unknownKeyIds()
						+ ", which ego.encryption.previous-master-keys does not hold. Started like this, every entity "
						+ "whose data key was wrapped by them would fail its commands.",
				"If the master key was rotated, add the key it replaced to ego.encryption.previous-master-keys "
						+ "(e.g. EGO_PREVIOUS_MASTER_KEYS), start, then rewrap the data keys "
						+ "(POST /actuator/ego/encryption {\"operation\":\"rewrap-data-keys\"}) before retiring it. "
						+ "Otherwise restore the master key the data was written with (EGO_MASTER_KEY). "
						+ "ego.encryption.startup-check-keys=0 turns this check off.",
				cause);
	}

}
