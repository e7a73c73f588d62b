package io.ego.core.encryption;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.ego.core.EngineConfigurationException;

/**
 * A {@link MasterKeyProvider} holding 256-bit AES master keys in memory, typically from
 * configuration ({@code ego.encryption.master-key}, base64, from an environment variable
 * or a secret store). Data keys are wrapped with AES-256-GCM:
 * {@code 0x01 || nonce (12 bytes) || ciphertext (32 bytes) || tag (16 bytes)}, with the
 * data key id and the persistence id as associated data.
 * <p>
 * A key's id is derived from the key ({@code mk1.} and the first 8 bytes of a SHA-256
 * over a label and the key, in hex), so a configuration that names the wrong key fails
 * with the ids of the key it has and the key it needs. Rotation: configure the new key as
 * the master key and the old ones as previous keys, run
 * {@link io.ego.core.EgoEngine#rewrapDataKeys()}, then drop the old keys.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class LocalMasterKeyProvider implements MasterKeyProvider {

	/**
	 * The configuration property of the current master key, named by configuration
	 * errors.
	 */
	public static final String MASTER_KEY_PROPERTY = "ego.encryption.master-key";

	/**
	 * The configuration property of the previous master keys, named by configuration
	 * errors.
	 */
	public static final String PREVIOUS_KEYS_PROPERTY = "ego.encryption.previous-master-keys";

	private static final byte FORMAT = 1;

	private static final int NONCE_LENGTH = 12;

	private static final int TAG_BITS = 128;

	private static final byte[] ID_LABEL = "ego master key id v1".getBytes(StandardCharsets.UTF_8);

	private static final byte[] AAD_LABEL = "ego data key v1".getBytes(StandardCharsets.UTF_8);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final String currentKeyId;

	private final Map<String, SecretKeySpec> keys;

	private LocalMasterKeyProvider(String currentKeyId, Map<String, SecretKeySpec> keys) {
		this.currentKeyId = currentKeyId;
		this.keys = keys;
	}

	/**
	 * Creates a provider from base64 keys, as configured.
	 * @param masterKey the current master key: 32 bytes in base64 (standard or URL-safe
	 * alphabet)
	 * @param previousKeys older master keys, still used to unwrap data keys they wrapped
	 * @return the provider
	 * @throws EngineConfigurationException naming {@value #MASTER_KEY_PROPERTY} or
	 * {@value #PREVIOUS_KEYS_PROPERTY} when a key is missing or is not 32 bytes of base64
	 */
	public static LocalMasterKeyProvider fromBase64(String masterKey, List<String> previousKeys) {
		byte[] current = decode(MASTER_KEY_PROPERTY, masterKey);
		List<byte[]> previous = new ArrayList<>();
		for (int i = 0; i < previousKeys.size(); i++) {
			previous.add(decode(PREVIOUS_KEYS_PROPERTY + "[" + i + "]", previousKeys.get(i)));
		}
		return of(current, previous);
	}

	/**
	 * Creates a provider from raw keys.
	 * @param masterKey the current master key, 32 bytes
	 * @param previousKeys older master keys, 32 bytes each
	 * @return the provider
	 */
	public static LocalMasterKeyProvider of(byte[] masterKey, List<byte[]> previousKeys) {
		Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
		String current = put(keys, MASTER_KEY_PROPERTY, masterKey);
		for (int i = 0; i < previousKeys.size(); i++) {
			put(keys, PREVIOUS_KEYS_PROPERTY + "[" + i + "]", previousKeys.get(i));
		}
		return new LocalMasterKeyProvider(current, Map.copyOf(keys));
	}

	/**
	 * Generates a new random master key, for {@value #MASTER_KEY_PROPERTY}.
	 * @return 32 random bytes in base64
	 */
	public static String generateKey() {
		byte[] key = new byte[32];
		RANDOM.nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

	/**
	 * Returns the id of a master key.
	 * @param masterKey the key, 32 bytes
	 * @return {@code mk1.} and 16 hex digits
	 */
	public static String keyIdOf(byte[] masterKey) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(ID_LABEL);
			digest.update(masterKey);
			byte[] hash = digest.digest();
			return "mk1." + HexFormat.of().formatHex(hash, 0, 8);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	private static byte[] decode(String property, String base64) {
		if (base64 == null || base64.isBlank()) {
			throw new EngineConfigurationException(property + " is not set: encryption needs a 256-bit master key in "
					+ "base64 (e.g. from an environment variable); generate one with 'openssl rand -base64 32'");
		}
		String trimmed = base64.strip();
		byte[] key;
		try {
			key = (trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0) ? Base64.getUrlDecoder().decode(trimmed)
					: Base64.getDecoder().decode(trimmed);
		}
		catch (IllegalArgumentException ex) {
			throw new EngineConfigurationException(property + " is not valid base64 (" + ex.getMessage()
					+ "); it must hold a 256-bit key, e.g. from 'openssl rand -base64 32'");
		}
		if (key.length != 32) {
			throw new EngineConfigurationException(property + " must be 32 bytes (256 bits) in base64 but is "
					+ key.length + " bytes; generate one with 'openssl rand -base64 32'");
		}
		return key;
	}

	private static String put(Map<String, SecretKeySpec> keys, String property, byte[] key) {
		if (key == null || key.length != 32) {
			throw new EngineConfigurationException(property + " must be 32 bytes (256 bits) but is "
					+ ((key == null) ? "missing" : key.length + " bytes"));
		}
		String id = keyIdOf(key);
		keys.putIfAbsent(id, new SecretKeySpec(key, "AES"));
		return id;
	}

	/**
	 * @return the ids of every master key this provider holds, the current one first
	 */
	public List<String> keyIds() {
		List<String> ids = new ArrayList<>();
		ids.add(this.currentKeyId);
		for (String id : this.keys.keySet()) {
			if (!id.equals(this.currentKeyId)) {
				ids.add(id);
			}
		}
		return ids;
	}

	@Override
	public String currentKeyId() {
		return this.currentKeyId;
	}

	@Override
	public WrappedKey wrap(String dataKeyId, String persistenceId, byte[] dataKey) {
		byte[] out = new byte[1 + NONCE_LENGTH + dataKey.length + TAG_BITS / 8];
		out[0] = FORMAT;
		byte[] nonce = new byte[NONCE_LENGTH];
		RANDOM.nextBytes(nonce);
		System.arraycopy(nonce, 0, out, 1, NONCE_LENGTH);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.keys.get(this.currentKeyId), new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(aad(dataKeyId, persistenceId));
			cipher.doFinal(dataKey, 0, dataKey.length, out, 1 + NONCE_LENGTH);
		}
		catch (GeneralSecurityException ex) {
			throw new EncryptionException("cannot wrap data key '" + dataKeyId + "' of '" + persistenceId + "': " + ex,
					ex);
		}
		return new WrappedKey(this.currentKeyId, out);
	}

	@Override
	public byte[] unwrap(String masterKeyId, String dataKeyId, String persistenceId, byte[] wrappedKey) {
		SecretKeySpec key = this.keys.get(masterKeyId);
		if (key == null) {
			throw new EncryptionException("data key '" + dataKeyId + "' of '" + persistenceId
					+ "' is wrapped by master key '" + masterKeyId + "', which is not configured (configured: "
					+ keyIds() + "); set it as " + MASTER_KEY_PROPERTY + " or in " + PREVIOUS_KEYS_PROPERTY);
		}
		if (wrappedKey.length != 1 + NONCE_LENGTH + 32 + TAG_BITS / 8 || wrappedKey[0] != FORMAT) {
			throw new EncryptionException("data key '" + dataKeyId + "' of '" + persistenceId
					+ "' is not in the wrapped-key format of " + LocalMasterKeyProvider.class.getSimpleName());
		}
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, wrappedKey, 1, NONCE_LENGTH));
			cipher.updateAAD(aad(dataKeyId, persistenceId));
			return cipher.doFinal(wrappedKey, 1 + NONCE_LENGTH, wrappedKey.length - 1 - NONCE_LENGTH);
		}
		catch (AEADBadTagException ex) {
			throw new EncryptionException(
					"data key '" + dataKeyId + "' of '" + persistenceId + "' does not unwrap with master key '"
							+ masterKeyId + "': the key row was altered or moved to another entity",
					ex);
		}
		catch (GeneralSecurityException ex) {
			throw new EncryptionException(
					"cannot unwrap data key '" + dataKeyId + "' of '" + persistenceId + "': " + ex, ex);
		}
	}

	private static byte[] aad(String dataKeyId, String persistenceId) {
		byte[] id = dataKeyId.getBytes(StandardCharsets.UTF_8);
		byte[] pid = persistenceId.getBytes(StandardCharsets.UTF_8);
		return ByteBuffer.allocate(AAD_LABEL.length + 4 + id.length + pid.length)
			.put(AAD_LABEL)
			.putInt(id.length)
			.put(id)
			.put(pid)
			.array();
	}

	@Override
	public String toString() {
		return "LocalMasterKeyProvider" + keyIds(); // ids only, never key material
	}

}
