package io.ego.core.internal.entity;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.ego.core.EntityNotFoundException;
import io.ego.core.EventSourcedBehavior;
import io.ego.core.internal.codec.StoredMessages;
import io.ego.core.internal.runtime.EngineRuntime;
import io.ego.core.store.DeadLetterStore;
import io.ego.core.store.DurableStateRecord;
import io.ego.core.store.DurableStateStore;
import io.ego.core.store.ErasureMarker;
import io.ego.core.store.ErasureStore;
import io.ego.core.store.EventStore;
import io.ego.core.store.PersistedEvent;
import io.ego.core.v1.EntityErased;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erases what is stored of one entity, while its cell is held. The steps are ordered so
 * that a failure part-way leaves the entity treated as erased, and running the erasure
 * again completes it:
 * <ol>
 * <li>the erasure marker (from now on, commands and readers treat the entity as
 * erased);</li>
 * <li>an {@code ego.core.v1.EntityErased} tombstone appended after the last event
 * (event-sourced entities with a history), with the usual optimistic check, so that every
 * journal reader learns of the erasure;</li>
 * <li>the data keys (crypto-shredding: encrypted events, snapshots and states become
 * unreadable wherever copies are);</li>
 * <li>snapshots, or the durable state;</li>
 * <li>the events up to the erased sequence number, physically, when some of them are not
 * encrypted (no encryption, or written before it was turned on); the store keeps the
 * highest sequence number, and the tombstone stays;</li>
 * <li>the dead letters of the entity (copies of its events).</li>
 * </ol>
 *
 * @author eGo team
 * @since 0.1.0
 */
final class Erasure {

	private static final Logger logger = LoggerFactory.getLogger(Erasure.class);

	private Erasure() {
	}

	static ErasureMarker eraseStored(EntityType<?> type, String persistenceId, int slice, Collection<String> consumers,
			@Nullable DeadLetterStore deadLetters, boolean force) {
		EngineRuntime engine = type.engine;
		ErasureStore markers = Objects.requireNonNull(engine.erasureStore(),
				"erasing needs an erasure store (checked by EntityType.erase)");
		Instant now = engine.clock().instant();
		ErasureMarker existing = markers.get(persistenceId);
		boolean eventSourced = type.behavior instanceof EventSourcedBehavior;
		if (!force && existing == null && (eventSourced ? eventStore(engine).highestSequenceNr(persistenceId) == 0
				: durableStateStore(engine).get(persistenceId) == null)) {
			throw new EntityNotFoundException("'" + persistenceId + "' has no history to erase; erasing it "
					+ "would only block its id (pass force to do so anyway)");
		}
		ErasureMarker marker;
		long events = 0;
		if (eventSourced) {
			EventStore journal = eventStore(engine);
			long highest = journal.highestSequenceNr(persistenceId);
			// the earlier erasure, when the journal still ends with its tombstone
			ErasureMarker completed = (existing != null && highest == existing.erasedToSequenceNr() + 1
					&& isTombstone(journal, persistenceId, highest)) ? existing : null;
			boolean erasedAlready = completed != null;
			long erasedTo = (completed != null) ? completed.erasedToSequenceNr() : highest;
			marker = new ErasureMarker(persistenceId, type.name, erasedTo,
					(completed != null) ? completed.erasedAt() : now);
			markers.save(marker);
			if (!erasedAlready && highest > 0) {
				journal.append(persistenceId, highest,
						List.of(new PersistedEvent(persistenceId, type.name, highest + 1, 0, slice,
								StoredMessages.ENTITY_ERASED,
								EntityErased.newBuilder().setErasedToSequenceNr(highest).build().toByteArray(), now,
								Map.of(), null)));
				engine.journalSignal().fire();
			}
			if (engine.dataKeys() != null) {
				engine.dataKeys().erase(persistenceId);
			}
			if (engine.snapshotStore() != null) {
				engine.snapshotStore().deleteUpTo(persistenceId, Long.MAX_VALUE);
			}
			if (erasedTo > 0 && (engine.dataKeys() == null || hasPlaintext(journal, persistenceId, erasedTo))) {
				journal.deleteEvents(persistenceId, erasedTo, Long.MAX_VALUE);
				events = erasedTo;
			}
		}
		else {
			DurableStateStore states = durableStateStore(engine);
			DurableStateRecord stored = states.get(persistenceId);
			long revision = (stored != null) ? stored.revision()
					: (existing != null) ? existing.erasedToSequenceNr() : 0;
			marker = new ErasureMarker(persistenceId, type.name, revision,
					(existing != null && stored == null) ? existing.erasedAt() : now);
			markers.save(marker);
			if (engine.dataKeys() != null) {
				engine.dataKeys().erase(persistenceId);
			}
			states.delete(persistenceId);
		}
		int letters = (deadLetters != null) ? deadLetters.deleteByPersistenceId(persistenceId, consumers) : 0;
		logger.info("Erased '{}' up to {} ({}{} dead letter(s) deleted)", persistenceId, marker.erasedToSequenceNr(),
				(events > 0) ? "events deleted, " : "", letters);
		return marker;
	}

	private static EventStore eventStore(EngineRuntime engine) {
		return Objects.requireNonNull(engine.eventStore(),
				"an event-sourced type has an event store (checked by the configuration)");
	}

	private static DurableStateStore durableStateStore(EngineRuntime engine) {
		return Objects.requireNonNull(engine.durableStateStore(),
				"a durable-state type has a durable-state store (checked by the configuration)");
	}

	private static boolean isTombstone(EventStore journal, String persistenceId, long sequenceNr) {
		List<PersistedEvent> last = journal.replay(persistenceId, sequenceNr, sequenceNr, 1);
		return !last.isEmpty() && last.get(0).eventType().equals(StoredMessages.ENTITY_ERASED);
	}

	/**
	 * Whether an event up to {@code toSequenceNr} is stored in plaintext (not encrypted).
	 */
	private static boolean hasPlaintext(EventStore journal, String persistenceId, long toSequenceNr) {
		long from = 1;
		for (;;) {
			List<PersistedEvent> page = journal.replay(persistenceId, from, toSequenceNr, 500);
			for (PersistedEvent event : page) {
				if (event.keyId() == null && !event.eventType().equals(StoredMessages.ENTITY_ERASED)) {
					return true;
				}
				from = event.sequenceNr() + 1;
			}
			if (page.size() < 500) {
				return false;
			}
		}
	}

}
