package io.ego.core.internal.entity;

import java.time.Instant;
import java.util.List;

import com.google.protobuf.Message;
import io.ego.core.RecoveryFailedException;
import io.ego.core.encryption.EncryptionException;
import io.ego.core.internal.codec.CommandIds;
import io.ego.core.internal.codec.MessageTypes;
import io.ego.core.internal.codec.StoredMessages;
import io.ego.core.internal.crypto.DataKey;
import io.ego.core.internal.crypto.DataKeys;
import io.ego.core.internal.crypto.PayloadCipher;
import io.ego.core.store.DurableStateRecord;
import org.jspecify.annotations.Nullable;

/**
 * The stored rows of one durable-state entity: frames a state with the command ids it
 * carries and encrypts it with the entity's data key when durable states are encrypted;
 * reads a stored row back, decrypting it with the key it names. Holds the entity's data
 * key (found on recovery, created with its first write); owner only.
 *
 * @param <S> the state type
 * @author eGo team
 * @since 0.1.0
 */
final class DurableStateCodec<S extends Message> {

	private final String persistenceId;

	private final String typeName;

	private final int slice;

	private final S initialState;

	private final MessageTypes messageTypes;

	/** The engine's data keys (decrypt), or {@code null} without encryption. */
	private final @Nullable DataKeys keys;

	/** The engine's data keys when durable states are encrypted, else {@code null}. */
	private final @Nullable DataKeys encrypting;

	/** Created on first use: a durable state is encrypted, or was encrypted before. */
	private @Nullable PayloadCipher cipher;

	private @Nullable DataKey key;

	/**
	 * @param persistenceId the entity
	 * @param typeName its type's name
	 * @param slice its slice
	 * @param initialState its initial state (the state's class)
	 * @param messageTypes the engine's message types (parse stored states)
	 * @param keys the engine's data keys, or {@code null} without encryption
	 */
	DurableStateCodec(String persistenceId, String typeName, int slice, S initialState, MessageTypes messageTypes,
			@Nullable DataKeys keys) {
		this.persistenceId = persistenceId;
		this.typeName = typeName;
		this.slice = slice;
		this.initialState = initialState;
		this.messageTypes = messageTypes;
		this.keys = keys;
		this.encrypting = (keys != null && keys.durableState) ? keys : null;
	}

	/** Forgets the entity's data key (recovery starts). */
	void forgetKey() {
		this.key = null;
	}

	/** Loads the entity's latest data key when durable states are encrypted. */
	void loadKey() {
		if (this.encrypting != null) {
			this.key = this.encrypting.latest(this.persistenceId);
		}
	}

	/**
	 * Encodes a state to write; creates the entity's data key with its first encrypted
	 * write.
	 * @param state the state
	 * @param revision its revision
	 * @param commandIds the command ids it carries
	 * @param writeTime the write time
	 * @return the row
	 */
	DurableStateRecord encode(S state, long revision, List<CommandIds.Written> commandIds, Instant writeTime) {
		String stateType = state.getDescriptorForType().getFullName();
		byte[] payload = StoredMessages.frame(1, commandIds, state.toByteArray());
		String keyId = null;
		if (this.encrypting != null) {
			DataKey key = this.key;
			if (key == null) {
				key = this.encrypting.create(this.persistenceId);
				this.key = key;
			}
			payload = cipher(this.encrypting).encrypt(key, PayloadCipher.STATE, revision, stateType, payload);
			keyId = key.keyId();
		}
		return new DurableStateRecord(this.persistenceId, this.typeName, revision, this.slice, stateType, payload,
				writeTime, keyId);
	}

	/**
	 * Decodes a stored row.
	 * @param stored the row
	 * @param commandIds restored with the command ids the state carries
	 * @return the state
	 * @throws RecoveryFailedException when the row holds another type of state
	 */
	S decode(DurableStateRecord stored, CommandIds commandIds) {
		String what = "state revision " + stored.revision() + " of '" + this.persistenceId + "'";
		byte[] plaintext = plaintext(stored, what);
		StoredMessages.Framed framed = StoredMessages.unframe(plaintext, what);
		Message parsed = this.messageTypes.parse(stored.stateType(), plaintext, framed.offset(),
				plaintext.length - framed.offset(), what);
		commandIds.restore(framed.commandIds());
		if (parsed.getClass() != this.initialState.getClass()) {
			throw new RecoveryFailedException("stored state of '" + this.persistenceId + "' is a '" + stored.stateType()
					+ "', not a '" + this.initialState.getDescriptorForType().getFullName() + "'");
		}
		@SuppressWarnings("unchecked")
		S restored = (S) parsed;
		return restored;
	}

	private byte[] plaintext(DurableStateRecord stored, String what) {
		String keyId = stored.keyId();
		if (keyId == null) {
			return stored.payload();
		}
		DataKeys keys = this.keys;
		if (keys == null) {
			throw new EncryptionException(
					what + " is encrypted (data key '" + keyId + "') but encryption is not configured");
		}
		DataKey key = this.key;
		if (key == null || !key.keyId().equals(keyId)) {
			key = keys.get(keyId, this.persistenceId);
			if (key == null) {
				throw new EncryptionException("cannot decrypt " + what + ": its data key '" + keyId
						+ "' is not in the data key store, and the entity was not erased");
			}
		}
		return cipher(keys).decrypt(key, PayloadCipher.STATE, stored.revision(), stored.stateType(), stored.payload());
	}

	private PayloadCipher cipher(DataKeys keys) {
		PayloadCipher cipher = this.cipher;
		if (cipher == null) {
			cipher = new PayloadCipher(keys.random);
			this.cipher = cipher;
		}
		return cipher;
	}

}
