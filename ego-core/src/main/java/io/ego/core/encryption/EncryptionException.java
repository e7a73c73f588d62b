package io.ego.core.encryption;

import io.ego.core.EgoException;

/**
 * A payload or a data key could not be encrypted or decrypted: a wrong or missing master
 * key, a data key that is not found, or a ciphertext that does not belong to the row it
 * was read from (moved, swapped or altered). The engine never turns such a payload into a
 * state or an event.
 *
 * @author eGo team
 * @since 0.1.0
 */
public class EncryptionException extends EgoException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what failed, naming the entity, the row and the key
	 */
	public EncryptionException(String message) {
		super(message);
	}

	/**
	 * Creates an exception.
	 * @param message what failed, naming the entity, the row and the key
	 * @param cause the underlying failure
	 */
	public EncryptionException(String message, Throwable cause) {
		super(message, cause);
	}

}
