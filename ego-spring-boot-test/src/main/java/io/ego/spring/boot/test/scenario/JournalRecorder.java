package io.ego.spring.boot.test.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.ego.core.projection.EventEnvelope;
import io.ego.core.projection.Projection;

/**
 * The whole journal kept in memory by a projection, per entity, decoded by the engine
 * (decrypted, upcast): what a scenario compares a command's events with, and prints when
 * they differ. Re-deliveries (at-least-once) are recorded once.
 *
 * @author eGo team
 */
final class JournalRecorder {

	private final String name;

	private final Map<String, List<EventEnvelope>> byEntity = new HashMap<>();

	JournalRecorder(String name) {
		this.name = name;
	}

	String name() {
		return this.name;
	}

	/**
	 * @return the projection that feeds this recorder (not a bean itself: the engine's
	 * start-up check wants every projection bean annotated)
	 */
	Projection projection() {
		return this::record;
	}

	synchronized void record(EventEnvelope envelope) {
		List<EventEnvelope> events = this.byEntity.computeIfAbsent(key(envelope.entityType(), envelope.entityId()),
				(key) -> new ArrayList<>());
		if (!events.isEmpty() && events.get(events.size() - 1).sequenceNr() >= envelope.sequenceNr()) {
			return;
		}
		events.add(envelope);
		notifyAll();
	}

	/**
	 * Waits until the entity's events up to a sequence number are recorded.
	 * @param entityType the entity type
	 * @param entityId the entity id
	 * @param sequenceNr the sequence number to reach
	 * @param timeout how long to wait
	 * @return whether it was reached
	 * @throws InterruptedException if interrupted while waiting
	 */
	synchronized boolean awaitSequenceNr(String entityType, String entityId, long sequenceNr, Duration timeout)
			throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (lastSequenceNr(entityType, entityId) < sequenceNr) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return false;
			}
			TimeUnit.NANOSECONDS.timedWait(this, left);
		}
		return true;
	}

	synchronized List<EventEnvelope> events(String entityType, String entityId) {
		return List.copyOf(this.byEntity.getOrDefault(key(entityType, entityId), List.of()));
	}

	private long lastSequenceNr(String entityType, String entityId) {
		List<EventEnvelope> events = this.byEntity.get(key(entityType, entityId));
		return (events == null || events.isEmpty()) ? 0 : events.get(events.size() - 1).sequenceNr();
	}

	private static String key(String entityType, String entityId) {
		return entityType + '\u0000' + entityId;
	}

}
