package io.ego.core.internal.crypto;

import javax.crypto.SecretKey;

/**
 * An unwrapped data key of one entity.
 *
 * @param keyId the key's id, as payloads record it
 * @param persistenceId the entity it belongs to
 * @param secret the AES-256 key
 * @author eGo team
 * @since 0.1.0
 */
public record DataKey(String keyId, String persistenceId, SecretKey secret) {

	@Override
	public String toString() {
		// never the key material
		return "DataKey[" + this.keyId + " of " + this.persistenceId + "]";
	}

}
