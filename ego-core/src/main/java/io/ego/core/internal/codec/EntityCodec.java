package io.ego.core.internal.codec;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Message;
import io.ego.core.adapter.SchemaEvolution;
import io.ego.core.encryption.EncryptionException;
import io.ego.core.internal.crypto.DataKey;
import io.ego.core.internal.crypto.DataKeys;
import io.ego.core.internal.crypto.PayloadCipher;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.SnapshotRecord;
import org.jspecify.annotations.Nullable;

/**
 * How one event-sourced entity's messages become stored rows and back: events with their
 * schema revision and encryption, framed and encrypted snapshots, and the plaintext of
 * what the store returns. Holds the entity's current data key; used by its owner thread
 * only (snapshots, written in the background, use their own cipher).
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class EntityCodec {

	private final String persistenceId;

	private final String entityType;

	private final int slice;

	private final MessageTypes messageTypes;

	private final SchemaEvolution schema;

	/**
	 * Whether some message type is written at a revision above 1 (events then record it
	 * in their metadata).
	 */
	private final boolean recordsRevisions;

	/** The schema revision of the state type, recorded in snapshots. */
	private final int stateRevision;

	private final @Nullable DataKeys dataKeys;

	private final @Nullable PayloadCipher cipher;

	private @Nullable DataKey key;

	/**
	 * @param persistenceId the entity's persistence id
	 * @param entityType its type name
	 * @param slice its slice
	 * @param stateType the full name of its state type
	 * @param messageTypes the message types the engine knows
	 * @param schema the revisions and adapters
	 * @param dataKeys the data keys when encryption is on, else {@code null}
	 */
	public EntityCodec(String persistenceId, String entityType, int slice, String stateType, MessageTypes messageTypes,
			SchemaEvolution schema, @Nullable DataKeys dataKeys) {
		this.persistenceId = persistenceId;
		this.entityType = entityType;
		this.slice = slice;
		this.messageTypes = messageTypes;
		this.schema = schema;
		this.recordsRevisions = schema.hasRevisions();
		this.stateRevision = schema.revisionOf(stateType);
		this.dataKeys = dataKeys;
		this.cipher = (dataKeys != null) ? new PayloadCipher(dataKeys.random) : null;
	}

	/**
	 * @return whether the entity needs a data key before its next event (encryption on,
	 * no key yet)
	 */
	public boolean needsKey() {
		return this.cipher != null && this.key == null;
	}

	/**
	 * @return whether the entity's events are encrypted (it has a data key to load)
	 */
	public boolean encrypts() {
		return this.cipher != null;
	}

	/** Creates the entity's data key; throws what the data key store throws. */
	public void createKey() {
		if (this.dataKeys != null) {
			this.key = this.dataKeys.create(this.persistenceId);
		}
	}

	/**
	 * Loads the entity's latest data key (recovery), or forgets it when encryption is
	 * off.
	 */
	public void loadKey() {
		this.key = (this.dataKeys != null) ? this.dataKeys.latest(this.persistenceId) : null;
	}

	/** Forgets the entity's data key (before a recovery). */
	public void forgetKey() {
		this.key = null;
	}

	/**
	 * @return the entity's current data key, if any
	 */
	public @Nullable DataKey key() {
		return this.key;
	}

	/**
	 * @return the schema revision of the state type
	 */
	public int stateRevision() {
		return this.stateRevision;
	}

	/**
	 * @return the revisions and adapters
	 */
	public SchemaEvolution schema() {
		return this.schema;
	}

	/**
	 * @return the message types the engine knows
	 */
	public MessageTypes messageTypes() {
		return this.messageTypes;
	}

	/**
	 * Builds the journal row of an event: encrypted and with its revision when
	 * configured.
	 * @param event the event
	 * @param sequenceNr its sequence number
	 * @param writeTime its write time
	 * @param metadata its metadata (trace context)
	 * @return the row
	 * @throws EncryptionException when it cannot be encrypted
	 */
	public PersistedEvent event(Message event, long sequenceNr, Instant writeTime, Map<String, String> metadata) {
		String eventType = event.getDescriptorForType().getFullName();
		byte[] payload = event.toByteArray();
		Map<String, String> recorded = metadata;
		if (this.recordsRevisions) {
			Map<String, String> revision = this.schema.metadataFor(eventType);
			if (!revision.isEmpty()) {
				recorded = metadata.isEmpty() ? revision : merged(metadata, revision);
			}
		}
		PayloadCipher cipher = this.cipher;
		if (cipher == null) {
			return new PersistedEvent(this.persistenceId, this.entityType, sequenceNr, 0, this.slice, eventType,
					payload, writeTime, recorded, null);
		}
		DataKey key = this.key;
		if (key == null) {
			// created before
			throw new IllegalStateException("no data key for '" + this.persistenceId + "'");
		}
		return new PersistedEvent(this.persistenceId, this.entityType, sequenceNr, 0, this.slice, eventType,
				cipher.encrypt(key, PayloadCipher.EVENT, sequenceNr, eventType, payload), writeTime, recorded,
				key.keyId());
	}

	/**
	 * @param metadata an event's metadata
	 * @param commandId the id of the command whose write the event ends
	 * @return the metadata with the command id
	 */
	public static Map<String, String> withCommandId(Map<String, String> metadata, String commandId) {
		return metadata.isEmpty() ? Map.of(CommandIds.METADATA_KEY, commandId)
				: merged(metadata, Map.of(CommandIds.METADATA_KEY, commandId));
	}

	private static Map<String, String> merged(Map<String, String> metadata, Map<String, String> extra) {
		Map<String, String> merged = new HashMap<>(metadata);
		merged.putAll(extra);
		return Map.copyOf(merged);
	}

	/**
	 * Builds a snapshot row, framed with the state's revision and encrypted with the key
	 * the entity had at that sequence number; safe off the owner thread.
	 * @param state the state
	 * @param sequenceNr the sequence number it reflects
	 * @param key the data key at that point ({@code null} without encryption)
	 * @param writeTime its write time
	 * @param commandIds the entity's written command ids at that point, oldest first
	 * @return the row, or {@code null} when encryption is on and the entity has no key
	 */
	public @Nullable SnapshotRecord snapshot(Message state, long sequenceNr, @Nullable DataKey key, Instant writeTime,
			List<CommandIds.Written> commandIds) {
		String stateType = state.getDescriptorForType().getFullName();
		byte[] payload = StoredMessages.frame(this.stateRevision, commandIds, state.toByteArray());
		String keyId = null;
		if (this.dataKeys != null) {
			if (key == null) {
				return null;
			}
			payload = new PayloadCipher(this.dataKeys.random).encrypt(key, PayloadCipher.SNAPSHOT, sequenceNr,
					stateType, payload);
			keyId = key.keyId();
		}
		return new SnapshotRecord(this.persistenceId, this.entityType, sequenceNr, stateType, payload, writeTime,
				keyId);
	}

	/**
	 * Returns a stored payload's plaintext, decrypting it with the key it names.
	 * @param keyId the key it was encrypted with, or {@code null} when it is plaintext
	 * @param kind {@link PayloadCipher#EVENT} or {@link PayloadCipher#SNAPSHOT}
	 * @param number its sequence number
	 * @param type its message type
	 * @param payload the stored bytes
	 * @param what what it is, for errors
	 * @return the plaintext
	 * @throws EncryptionException when it cannot be decrypted
	 */
	public byte[] plaintext(@Nullable String keyId, byte kind, long number, String type, byte[] payload, String what) {
		if (keyId == null) {
			return payload;
		}
		DataKeys keys = this.dataKeys;
		PayloadCipher cipher = this.cipher;
		if (keys == null || cipher == null) {
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
		return cipher.decrypt(key, kind, number, type, payload);
	}

}
