package io.ego.spring.boot.autoconfigure;

import java.util.Set;

/**
 * The configured master key cannot unwrap data keys the store already holds: the master
 * key changed without the previous one being kept in
 * {@code ego.encryption.previous-master-keys}. Thrown at start-up, before the engine
 * serves a command; reported by {@link MasterKeyMismatchFailureAnalyzer}.
 *
 * @author eGo team
 * @since 0.2.0
 */
public class MasterKeyMismatchException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final int sampled;

	private final int failed;

	private final String currentKeyId;

	private final transient Set<String> unknownKeyIds;

	/**
	 * Creates the exception.
	 * @param sampled how many stored data keys were tried
	 * @param failed how many of them did not unwrap
	 * @param currentKeyId the id of the configured master key
	 * @param unknownKeyIds the ids of the master keys that wrapped the keys that did not
	 * unwrap
	 */
	public MasterKeyMismatchException(int sampled, int failed, String currentKeyId, Set<String> unknownKeyIds) {
		super("the master key (ego.encryption.master-key, id '" + currentKeyId + "') cannot unwrap " + failed + " of "
				+ sampled + " data keys sampled from the store, wrapped by master key(s) " + unknownKeyIds
				+ ": keep the key they were wrapped with in ego.encryption.previous-master-keys");
		this.sampled = sampled;
		this.failed = failed;
		this.currentKeyId = currentKeyId;
		this.unknownKeyIds = Set.copyOf(unknownKeyIds);
	}

	/**
	 * @return how many stored data keys were tried
	 */
	public int sampled() {
		return this.sampled;
	}

	/**
	 * @return how many of them did not unwrap
	 */
	public int failed() {
		return this.failed;
	}

	/**
	 * @return the id of the configured master key
	 */
	public String currentKeyId() {
		return this.currentKeyId;
	}

	/**
	 * @return the ids of the master keys that wrapped the keys that did not unwrap
	 */
	public Set<String> unknownKeyIds() {
		return this.unknownKeyIds;
	}

}
