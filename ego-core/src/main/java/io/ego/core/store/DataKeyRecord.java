package io.ego.core.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A data key of one entity, as a {@link DataKeyStore} keeps it: wrapped (encrypted) by a
 * master key, never in plain. The engine creates one per entity on its first encrypted
 * write; payloads record its {@link #keyId()}.
 *
 * @param keyId the data key's id, as payloads record it ({@code dk1.} and 22 base64url
 * characters)
 * @param persistenceId the entity the key belongs to
 * @param wrappedKey the data key wrapped by the master key (format of the
 * {@link io.ego.core.encryption.MasterKeyProvider}, opaque to the store)
 * @param masterKeyId the id of the master key that wrapped it (changes on rewrap)
 * @param createdAt when the key was created
 * @author eGo team
 * @since 0.1.0
 */
public record DataKeyRecord(String keyId, String persistenceId, byte[] wrappedKey, String masterKeyId,
		Instant createdAt) {

	public DataKeyRecord {
		Objects.requireNonNull(keyId, "keyId");
		Objects.requireNonNull(persistenceId, "persistenceId");
		Objects.requireNonNull(wrappedKey, "wrappedKey");
		Objects.requireNonNull(masterKeyId, "masterKeyId");
		Objects.requireNonNull(createdAt, "createdAt");
	}

	/**
	 * Returns a copy wrapped by another master key.
	 * @param wrapped the newly wrapped key
	 * @param masterKey the id of the master key that wrapped it
	 * @return the copy
	 */
	public DataKeyRecord rewrapped(byte[] wrapped, String masterKey) {
		return new DataKeyRecord(this.keyId, this.persistenceId, wrapped, masterKey, this.createdAt);
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof DataKeyRecord k && this.keyId.equals(k.keyId) && this.persistenceId.equals(k.persistenceId)
				&& this.masterKeyId.equals(k.masterKeyId) && Arrays.equals(this.wrappedKey, k.wrappedKey);
	}

	@Override
	public int hashCode() {
		return this.keyId.hashCode();
	}

	@Override
	public String toString() {
		return "DataKeyRecord[" + this.keyId + " of " + this.persistenceId + ", wrapped by " + this.masterKeyId + "]";
	}

}
