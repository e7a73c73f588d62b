package io.ego.core.internal.consumer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Message;
import io.ego.core.adapter.SchemaEvolution;
import io.ego.core.encryption.EncryptionException;
import io.ego.core.internal.codec.MessageTypes;
import io.ego.core.internal.codec.StoredMessages;
import io.ego.core.internal.crypto.DataKey;
import io.ego.core.internal.crypto.DataKeys;
import io.ego.core.internal.crypto.PayloadCipher;
import io.ego.core.internal.runtime.EngineRuntime;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.store.ErasureMarker;
import io.ego.core.store.ErasureStore;
import io.ego.core.store.PersistedEvent;
import io.ego.core.v1.EntityErased;
import io.ego.core.v1.ErasedEvent;
import org.jspecify.annotations.Nullable;

/**
 * Turns journal rows into the envelopes projections and publishers receive: decrypts
 * them, stands an {@link ErasedEvent} in for an event whose entity was erased (its key is
 * gone), and runs event adapters. One per thread (a projection worker): it keeps a cipher
 * and a small memo of erased keys.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class EventReader {

	private static final int ERASED_MEMO = 1024;

	private final MessageTypes messageTypes;

	private final SchemaEvolution schema;

	private final @Nullable DataKeys dataKeys;

	private final @Nullable ErasureStore erasures;

	private final @Nullable PayloadCipher cipher;

	/** Key ids known to be erased, with the marker that says so. */
	private final Map<String, ErasureMarker> erasedKeys = new LinkedHashMap<>(64, 0.75f, true) {

		private static final long serialVersionUID = 1L;

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, ErasureMarker> eldest) {
			return size() > ERASED_MEMO;
		}

	};

	/**
	 * Whether the rows are durable states (from the change feed) rather than journal
	 * events.
	 */
	private final boolean states;

	EventReader(EngineRuntime runtime) {
		this(runtime, false);
	}

	/**
	 * Creates a reader.
	 * @param runtime the engine runtime
	 * @param states whether the rows are durable states: decrypted as states (their
	 * revision as number), not adapted
	 */
	EventReader(EngineRuntime runtime, boolean states) {
		this.states = states;
		this.messageTypes = runtime.messageTypes();
		this.schema = runtime.schema();
		this.dataKeys = runtime.dataKeys();
		this.erasures = runtime.erasureStore();
		this.cipher = (this.dataKeys != null) ? new PayloadCipher(this.dataKeys.random) : null;
	}

	/**
	 * Reads one journal row.
	 * @param event the row
	 * @return its envelopes: one, or what an adapter made of it (possibly none)
	 * @throws EncryptionException when the row cannot be decrypted and its entity was not
	 * erased
	 * @throws io.ego.core.UnknownMessageTypeException when its type is unknown or it does
	 * not parse
	 */
	List<EventEnvelope> envelopes(PersistedEvent event) {
		String what = (this.states ? "state revision " : "event ") + event.sequenceNr() + " of '"
				+ event.persistenceId() + "'";
		byte[] plaintext;
		String keyId = event.keyId();
		if (keyId == null) {
			plaintext = event.payload();
		}
		else {
			DataKeys keys = this.dataKeys;
			// both set, or neither: the cipher exists when data keys do
			PayloadCipher cipher = this.cipher;
			if (keys == null || cipher == null) {
				throw new EncryptionException(
						what + " is encrypted (data key '" + keyId + "') but encryption is not configured");
			}
			DataKey key = this.erasedKeys.containsKey(keyId) ? null : keys.get(keyId, event.persistenceId());
			if (key == null) {
				if (isErased(event, keyId)) {
					return List.of(envelope(event, ErasedEvent.newBuilder().setEventType(event.eventType()).build()));
				}
				throw new EncryptionException("cannot decrypt " + what + ": its data key '" + keyId
						+ "' is not in the data key store, and the entity was not erased");
			}
			plaintext = cipher.decrypt(key, this.states ? PayloadCipher.STATE : PayloadCipher.EVENT, event.sequenceNr(),
					event.eventType(), event.payload());
		}
		List<? extends Message> adapted = this.states ? null : StoredMessages.adapt(this.schema, event.persistenceId(),
				event.sequenceNr(), event.eventType(), plaintext, event.metadata());
		if (adapted == null && this.states) {
			// a durable state may be framed with the command ids its entity remembers
			StoredMessages.Framed framed = StoredMessages.unframe(plaintext, what);
			return List.of(envelope(event, this.messageTypes.parse(event.eventType(), plaintext, framed.offset(),
					plaintext.length - framed.offset(), what)));
		}
		if (adapted == null) {
			return List.of(envelope(event, this.messageTypes.parse(event.eventType(), plaintext, what)));
		}
		List<EventEnvelope> envelopes = new ArrayList<>(adapted.size());
		for (Message message : adapted) {
			envelopes.add(envelope(event, message));
		}
		return envelopes;
	}

	private boolean isErased(PersistedEvent event, String keyId) {
		ErasureMarker known = this.erasedKeys.get(keyId);
		if (known != null) {
			return event.sequenceNr() <= known.erasedToSequenceNr();
		}
		ErasureMarker marker = (this.erasures != null) ? this.erasures.get(event.persistenceId()) : null;
		if (marker != null && event.sequenceNr() <= marker.erasedToSequenceNr()) {
			this.erasedKeys.put(keyId, marker);
			return true;
		}
		return false;
	}

	private static EventEnvelope envelope(PersistedEvent event, Message message) {
		String entityId = event.persistenceId().substring(event.entityType().length() + 1);
		return new EventEnvelope(event.persistenceId(), event.entityType(), entityId, event.sequenceNr(),
				event.position(), event.slice(), message, event.writeTime(), event.metadata());
	}

	/**
	 * Tells whether an envelope stands for an erasure (an {@link ErasedEvent} or the
	 * {@link io.ego.core.v1.EntityErased} tombstone).
	 * @param envelope the envelope
	 * @return whether it goes to {@code onErased} rather than {@code handle}
	 */
	static boolean isErasure(EventEnvelope envelope) {
		Message event = envelope.event();
		return event instanceof ErasedEvent || event instanceof EntityErased;
	}

}
