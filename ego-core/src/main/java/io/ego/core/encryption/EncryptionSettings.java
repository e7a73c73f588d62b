package io.ego.core.encryption;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import io.ego.core.EngineConfigurationException;

/**
 * Encryption at rest, set on the engine builder with a
 * {@link io.ego.core.store.DataKeyStore}: event payloads and snapshot states are always
 * encrypted, durable states when {@code durableState} is set.
 *
 * @param masterKeys wraps and unwraps the data keys
 * @param durableState whether durable states are encrypted too
 * ({@code ego.encryption.durable-state})
 * @param keyCacheSize how many unwrapped data keys the engine's readers (projections,
 * publishers, snapshot writers) keep, least recently used evicted first; live entities
 * hold their own key besides
 * @param keyCacheTtl how long a cached key is used before it is read (and unwrapped)
 * again, which bounds how long another engine keeps the key of an entity erased elsewhere
 * @author eGo team
 * @since 0.1.0
 */
public record EncryptionSettings(MasterKeyProvider masterKeys, boolean durableState, int keyCacheSize,
		Duration keyCacheTtl) {

	public EncryptionSettings {
		if (masterKeys == null) {
			throw new EngineConfigurationException("encryption needs a master key: set "
					+ LocalMasterKeyProvider.MASTER_KEY_PROPERTY + " or provide a MasterKeyProvider");
		}
		Objects.requireNonNull(keyCacheTtl, "keyCacheTtl");
		if (keyCacheSize <= 0) {
			throw new EngineConfigurationException(
					"ego.encryption.key-cache-size must be positive but was " + keyCacheSize);
		}
		if (keyCacheTtl.isNegative() || keyCacheTtl.isZero()) {
			throw new EngineConfigurationException(
					"ego.encryption.key-cache-ttl must be positive but was " + keyCacheTtl);
		}
	}

	/**
	 * Encrypts with the given master keys: events and snapshots, not durable states;
	 * 10,000 cached keys for 10 minutes.
	 * @param masterKeys the master keys
	 * @return the settings
	 */
	public static EncryptionSettings of(MasterKeyProvider masterKeys) {
		return new EncryptionSettings(masterKeys, false, 10_000, Duration.ofMinutes(10));
	}

	/**
	 * Encrypts with a master key from configuration.
	 * @param base64 the master key ({@code ego.encryption.master-key}): 32 bytes in
	 * base64
	 * @return the settings
	 * @throws EngineConfigurationException naming {@code ego.encryption.master-key} when
	 * it is missing or malformed
	 */
	public static EncryptionSettings withMasterKey(String base64) {
		return of(LocalMasterKeyProvider.fromBase64(base64, List.of()));
	}

	/**
	 * @param value whether durable states are encrypted
	 * @return a copy with that setting
	 */
	public EncryptionSettings withDurableState(boolean value) {
		return new EncryptionSettings(this.masterKeys, value, this.keyCacheSize, this.keyCacheTtl);
	}

	/**
	 * @param size how many unwrapped keys are cached
	 * @param ttl how long a cached key is used
	 * @return a copy with that cache
	 */
	public EncryptionSettings withKeyCache(int size, Duration ttl) {
		return new EncryptionSettings(this.masterKeys, this.durableState, size, ttl);
	}

}
