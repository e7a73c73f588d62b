package io.ego.core.internal.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

import io.ego.core.encryption.EncryptionException;

/**
 * AES-256-GCM of payloads, one instance per thread of use (a live cell, a projection
 * worker, a snapshot write): it keeps its {@link Cipher} and buffers, so encrypting
 * allocates only the output and the nonce's parameter spec.
 *
 * <h2>Ciphertext format (version 1)</h2>
 * {@code 0x01 || nonce (12 random bytes) || AES-GCM ciphertext || tag (16 bytes)}: 29
 * bytes more than the plaintext. The associated data binds the ciphertext to its row:
 * {@code 0x01 || kind || number (8 bytes, big-endian) || u16 length || key id || u16 length || message type ||
 * persistence id}, strings in UTF-8, where kind is {@code 'E'} (event; number = sequence
 * number), {@code 'S'} (snapshot; number = sequence number) or {@code 'D'} (durable
 * state; number = revision). A ciphertext moved to another row, entity, kind or type, or
 * decrypted with another key, fails its tag check.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class PayloadCipher {

	static final byte FORMAT = 1;

	public static final byte EVENT = 'E';

	public static final byte SNAPSHOT = 'S';

	public static final byte STATE = 'D';

	static final int NONCE_LENGTH = 12;

	static final int TAG_LENGTH = 16;

	/** Bytes a ciphertext has more than its plaintext. */
	static final int OVERHEAD = 1 + NONCE_LENGTH + TAG_LENGTH;

	private final Cipher cipher;

	private final SecureRandom random;

	private final byte[] nonce = new byte[NONCE_LENGTH];

	private byte[] aad = new byte[256];

	public PayloadCipher(SecureRandom random) {
		this.random = random;
		try {
			this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
		}
		catch (GeneralSecurityException ex) {
			throw new EncryptionException("AES/GCM/NoPadding is not available in this JDK", ex);
		}
	}

	/**
	 * Encrypts a payload.
	 * @param key the entity's data key
	 * @param kind {@link #EVENT}, {@link #SNAPSHOT} or {@link #STATE}
	 * @param number the sequence number or revision of the row
	 * @param type the message type stored with the row
	 * @param plaintext the serialized message
	 * @return the ciphertext
	 */
	public byte[] encrypt(DataKey key, byte kind, long number, String type, byte[] plaintext) {
		byte[] out = new byte[OVERHEAD + plaintext.length];
		out[0] = FORMAT;
		this.random.nextBytes(this.nonce);
		System.arraycopy(this.nonce, 0, out, 1, NONCE_LENGTH);
		try {
			this.cipher.init(Cipher.ENCRYPT_MODE, key.secret(), new GCMParameterSpec(TAG_LENGTH * 8, this.nonce));
			this.cipher.updateAAD(this.aad, 0, associatedData(key, kind, number, type));
			this.cipher.doFinal(plaintext, 0, plaintext.length, out, 1 + NONCE_LENGTH);
		}
		catch (GeneralSecurityException ex) {
			throw new EncryptionException("cannot encrypt " + describe(kind, number, key.persistenceId())
					+ " with key '" + key.keyId() + "': " + ex, ex);
		}
		return out;
	}

	/**
	 * Decrypts a payload.
	 * @param key the data key the row names
	 * @param kind {@link #EVENT}, {@link #SNAPSHOT} or {@link #STATE}
	 * @param number the sequence number or revision of the row
	 * @param type the message type stored with the row
	 * @param payload the ciphertext
	 * @return the plaintext
	 * @throws EncryptionException when the ciphertext does not belong to this row or key
	 */
	public byte[] decrypt(DataKey key, byte kind, long number, String type, byte[] payload) {
		if (payload.length < OVERHEAD || payload[0] != FORMAT) {
			throw new EncryptionException("cannot decrypt " + describe(kind, number, key.persistenceId())
					+ ": not a ciphertext of format " + FORMAT + " (" + payload.length + " bytes, first byte "
					+ ((payload.length > 0) ? payload[0] : "none") + ")");
		}
		try {
			this.cipher.init(Cipher.DECRYPT_MODE, key.secret(),
					new GCMParameterSpec(TAG_LENGTH * 8, payload, 1, NONCE_LENGTH));
			this.cipher.updateAAD(this.aad, 0, associatedData(key, kind, number, type));
			return this.cipher.doFinal(payload, 1 + NONCE_LENGTH, payload.length - 1 - NONCE_LENGTH);
		}
		catch (AEADBadTagException ex) {
			throw new EncryptionException("cannot decrypt " + describe(kind, number, key.persistenceId()) + " (" + type
					+ ", key '" + key.keyId() + "'): the ciphertext does not belong to this row — it was moved "
					+ "from another row or entity, swapped or altered", ex);
		}
		catch (GeneralSecurityException ex) {
			throw new EncryptionException("cannot decrypt " + describe(kind, number, key.persistenceId()) + ": " + ex,
					ex);
		}
	}

	static String describe(byte kind, long number, String persistenceId) {
		return switch (kind) {
			case EVENT -> "event " + number + " of '" + persistenceId + "'";
			case SNAPSHOT -> "snapshot " + number + " of '" + persistenceId + "'";
			default -> "state revision " + number + " of '" + persistenceId + "'";
		};
	}

	/** Writes the associated data into {@link #aad}; returns its length. */
	private int associatedData(DataKey key, byte kind, long number, String type) {
		String keyId = key.keyId();
		String persistenceId = key.persistenceId();
		int max = 1 + 1 + 8 + 2 + 3 * keyId.length() + 2 + 3 * type.length() + 3 * persistenceId.length();
		if (this.aad.length < max) {
			this.aad = new byte[Math.max(max, this.aad.length * 2)];
		}
		byte[] b = this.aad;
		int i = 0;
		b[i++] = FORMAT;
		b[i++] = kind;
		for (int shift = 56; shift >= 0; shift -= 8) {
			b[i++] = (byte) (number >>> shift);
		}
		i = putSized(b, i, keyId);
		i = putSized(b, i, type);
		return putUtf8(b, i, persistenceId);
	}

	private static int putSized(byte[] b, int at, String value) {
		int start = at + 2;
		int end = putUtf8(b, start, value);
		int length = end - start;
		b[at] = (byte) (length >>> 8);
		b[at + 1] = (byte) length;
		return end;
	}

	/**
	 * UTF-8 without allocating; an unpaired surrogate is written as {@code '?'}, as
	 * String.getBytes does.
	 */
	private static int putUtf8(byte[] b, int at, String value) {
		int i = at;
		for (int k = 0, n = value.length(); k < n; k++) {
			char c = value.charAt(k);
			if (c < 0x80) {
				b[i++] = (byte) c;
			}
			else if (c < 0x800) {
				b[i++] = (byte) (0xC0 | (c >> 6));
				b[i++] = (byte) (0x80 | (c & 0x3F));
			}
			else if (Character.isSurrogate(c)) {
				if (Character.isHighSurrogate(c) && k + 1 < n && Character.isLowSurrogate(value.charAt(k + 1))) {
					int cp = Character.toCodePoint(c, value.charAt(++k));
					b[i++] = (byte) (0xF0 | (cp >> 18));
					b[i++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
					b[i++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
					b[i++] = (byte) (0x80 | (cp & 0x3F));
				}
				else {
					b[i++] = '?';
				}
			}
			else {
				b[i++] = (byte) (0xE0 | (c >> 12));
				b[i++] = (byte) (0x80 | ((c >> 6) & 0x3F));
				b[i++] = (byte) (0x80 | (c & 0x3F));
			}
		}
		return i;
	}

}
