package io.ego.core.encryption;

/**
 * Wraps and unwraps data keys with master keys: the SPI a KMS integration implements (the
 * master key then never leaves the KMS). {@link LocalMasterKeyProvider} holds the keys in
 * memory, from configuration.
 * <p>
 * Master key rotation: the provider wraps new data keys with its current key and still
 * unwraps with its older ones; {@link io.ego.core.EgoEngine#rewrapDataKeys()} then
 * rewraps every stored data key with the current key, after which the older keys can be
 * retired. Payloads are never re-encrypted: they name their data key, not the master key.
 * <p>
 * Implementations must be thread-safe, must bind the wrapped key to its context (data key
 * id and persistence id, e.g. as associated data or a KMS encryption context) so that a
 * wrapped key copied to another row does not unwrap, and must throw an
 * {@link EncryptionException} (never return garbage) when a key does not unwrap.
 *
 * @author eGo team
 * @since 0.1.0
 */
public interface MasterKeyProvider {

	/**
	 * Returns the id of the master key new data keys are wrapped with.
	 * @return the id (at most 255 characters)
	 */
	String currentKeyId();

	/**
	 * Wraps a data key with the current master key.
	 * @param dataKeyId the data key's id
	 * @param persistenceId the entity the data key belongs to
	 * @param dataKey the 32 bytes of the data key
	 * @return the wrapped key and the id of the master key that wrapped it
	 * @throws EncryptionException when the key cannot be wrapped
	 */
	WrappedKey wrap(String dataKeyId, String persistenceId, byte[] dataKey);

	/**
	 * Unwraps a data key.
	 * @param masterKeyId the id of the master key that wrapped it
	 * @param dataKeyId the data key's id
	 * @param persistenceId the entity the data key belongs to
	 * @param wrappedKey the wrapped key
	 * @return the 32 bytes of the data key
	 * @throws EncryptionException when the master key is unknown or the wrapped key does
	 * not unwrap with it
	 */
	byte[] unwrap(String masterKeyId, String dataKeyId, String persistenceId, byte[] wrappedKey);

}
