package io.ego.migration;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.ego.core.store.DataKeyRecord;
import io.ego.core.store.DeadLetter;
import io.ego.core.store.DurableStateRecord;
import io.ego.core.store.ErasureMarker;
import io.ego.core.store.Offset;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.SagaIndexEntry;
import io.ego.core.store.SnapshotRecord;
import io.ego.core.store.TimerRecord;

/**
 * A deployment written straight through the store SPI, with every kind of record a copy
 * must carry: interleaved histories, histories shortened by retention (one emptied),
 * encrypted events with their keys, snapshots, durable states at several revisions, an
 * erasure marker, a projection's offsets over four slice ranges, a state publisher's
 * offset, a paused consumer and dead letters.
 */
final class Deployment {

	static final String PROJECTION = "balances";

	static final String STATE_PUBLISHER = "state-feed";

	static final List<String> PARTITIONS = List.of("0-255", "256-511", "512-767", "768-1023");

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private Deployment() {
	}

	static final String SAGA = "transfer";

	static final String SAGA_TYPE = "saga." + SAGA;

	/** When the sagas' timers are due. */
	static final Instant SAGA_DUE = T0.plusSeconds(3_600);

	/**
	 * Writes saga instances as the engine keeps them: each instance's events (entity type
	 * {@code saga.transfer}), every third one running with two durable timers, and an
	 * index entry for each (running, completed or compensated).
	 * @param stores where
	 * @param instances how many instances
	 */
	static void writeSagas(MigrationStores stores, int instances) {
		for (int instance = 0; instance < instances; instance++) {
			String sagaId = "tr-" + instance;
			String persistenceId = SAGA_TYPE + "|" + sagaId;
			List<PersistedEvent> events = new ArrayList<>();
			for (long sequenceNr = 1; sequenceNr <= 2; sequenceNr++) {
				events.add(new PersistedEvent(persistenceId, SAGA_TYPE, sequenceNr, 0,
						PersistedEvent.sliceOf(persistenceId), "ego.core.v1.SagaStarted",
						(persistenceId + "#" + sequenceNr).getBytes(StandardCharsets.UTF_8), T0, Map.of(), null));
			}
			stores.events().append(persistenceId, 0, events);
			boolean running = instance % 3 == 0;
			if (running) {
				stores.timers()
					.scheduleAll(List.of(
							TimerRecord.of(SAGA_TYPE, sagaId, "credit-timeout", SAGA_DUE,
									("timeout-" + instance).getBytes(StandardCharsets.UTF_8)),
							TimerRecord.of(SAGA_TYPE, sagaId, "ego.step-watch", SAGA_DUE.minusSeconds(instance),
									new byte[0])));
			}
			String status = running ? "RUNNING" : (instance % 3 == 1) ? "COMPLETED" : "COMPENSATED";
			stores.sagaIndex()
				.update(new SagaIndexEntry(SAGA, sagaId, status, 2, T0, running ? "" : "done " + instance));
		}
	}

	static String persistenceId(int entity) {
		return "account|acc-" + entity;
	}

	/**
	 * Writes the deployment.
	 * @param stores where
	 * @param entities how many accounts
	 * @param eventsPerEntity events each, written in runs of five, the accounts
	 * interleaved
	 */
	static void write(MigrationStores stores, int entities, int eventsPerEntity) {
		for (int run = 0; run * 5 < eventsPerEntity; run++) {
			for (int entity = 0; entity < entities; entity++) {
				String persistenceId = persistenceId(entity);
				List<PersistedEvent> events = new ArrayList<>();
				for (int i = 1; i <= 5 && run * 5 + i <= eventsPerEntity; i++) {
					long sequenceNr = run * 5L + i;
					boolean encrypted = entity % 10 == 0;
					events.add(new PersistedEvent(persistenceId, "account", sequenceNr, 0,
							PersistedEvent.sliceOf(persistenceId), "ego.test.bank.AccountCredited",
							(persistenceId + "#" + sequenceNr).getBytes(StandardCharsets.UTF_8),
							T0.plus(sequenceNr * 1000 + entity, ChronoUnit.MILLIS).plusNanos(123),
							(sequenceNr % 3 == 0) ? Map.of("ego-command-id", "c-" + sequenceNr) : Map.of(),
							encrypted ? "key-" + entity : null));
				}
				stores.events().append(persistenceId, run * 5L, events);
			}
		}
		for (int entity = 0; entity < entities; entity += 10) {
			stores.dataKeys()
				.insert(new DataKeyRecord("key-" + entity, persistenceId(entity), new byte[] { 1, 2, (byte) entity },
						"master-1", T0));
		}
		// retention: the first 5 events of a few accounts are gone, all of account 3's
		for (int entity = 1; entity < entities; entity += 50) {
			stores.events().deleteEvents(persistenceId(entity), 5, Long.MAX_VALUE);
		}
		stores.events().deleteEvents(persistenceId(3), eventsPerEntity, Long.MAX_VALUE);
		for (int entity = 0; entity < entities; entity += 7) {
			stores.snapshots()
				.save(new SnapshotRecord(persistenceId(entity), "account", 5, "ego.test.bank.Account",
						("snapshot-" + entity).getBytes(StandardCharsets.UTF_8), T0, null));
		}
		for (int entity = 0; entity < 40; entity++) {
			String persistenceId = "account-limits|acc-" + entity;
			for (int revision = 1; revision <= 1 + entity % 3; revision++) {
				stores.durableStates()
					.upsert(new DurableStateRecord(persistenceId, "account-limits", revision,
							PersistedEvent.sliceOf(persistenceId), "ego.test.bank.Limits",
							("limits-" + entity + "-" + revision).getBytes(StandardCharsets.UTF_8), T0, null));
			}
		}
		stores.erasures().save(new ErasureMarker(persistenceId(2), "account", eventsPerEntity, T0));
		long head = stores.events().headPosition();
		for (int i = 0; i < PARTITIONS.size(); i++) {
			stores.offsets().save(new Offset(PROJECTION, PARTITIONS.get(i), head * (i + 1) / 5, T0));
		}
		stores.offsets().save(new Offset("paused-projection", "0-1023", head / 2, T0));
		stores.offsets().setPaused("paused-projection", true, T0);
		stores.offsets().save(new Offset(STATE_PUBLISHER, "0-1023", 17, T0));
		for (int entity = 20; entity < 23; entity++) {
			String persistenceId = persistenceId(entity);
			PersistedEvent event = stores.events().replay(persistenceId, 7, 7, 1).get(0);
			stores.deadLetters()
				.add(new DeadLetter(0, PROJECTION, persistenceId, 7, event.position(), event.eventType(),
						event.payload(), event.writeTime(), event.metadata(), "boom " + entity, 3, T0));
		}
	}

}
