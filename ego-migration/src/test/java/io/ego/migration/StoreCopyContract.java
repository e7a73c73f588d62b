package io.ego.migration;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.ego.core.store.DeadLetter;
import io.ego.core.store.Offset;
import io.ego.core.store.PersistedEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What a copy must do between any two kinds of store: 10,000 events over 500 entities and
 * every other record carried over and verified, and each consumer offset translated so
 * that it leaves behind exactly the events it did on the source.
 */
abstract class StoreCopyContract {

	static final int ENTITIES = 500;

	static final int EVENTS_PER_ENTITY = 20;

	abstract MigrationStores source();

	abstract MigrationStores target();

	@Test
	void copiesADeploymentFaithfully() {
		MigrationStores source = source();
		MigrationStores target = target();
		Deployment.write(source, ENTITIES, EVENTS_PER_ENTITY);

		CopyReport report = StoreCopy.between(source, target)
			.stateFeedConsumers(Set.of(Deployment.STATE_PUBLISHER))
			.run();

		// 10,000 written, 5 deleted from each of 10 accounts and all 20 of account 3
		assertThat(report.eventsCopied()).isEqualTo(ENTITIES * EVENTS_PER_ENTITY - 10 * 5 - 20);
		assertThat(report.eventsSkipped()).isZero();
		assertThat(report.entitiesRaised()).isEqualTo(1);
		assertThat(report.dataKeysCopied()).isEqualTo(50);
		assertThat(report.snapshotsCopied()).isEqualTo(72);
		assertThat(report.statesCopied()).isEqualTo(40);
		assertThat(report.erasuresCopied()).isEqualTo(1);
		assertThat(report.deadLettersCopied()).isEqualTo(3);
		assertThat(report.offsetsReset()).containsExactly(Deployment.STATE_PUBLISHER + "/0-1023");

		VerificationReport verification = StoreVerification.compare(source, target);
		assertThat(verification.differences()).isEmpty();
		assertThat(verification.entities()).isEqualTo(ENTITIES);
		assertThat(verification.states()).isEqualTo(40);

		for (String partition : Deployment.PARTITIONS) {
			assertSameEventsAhead(source, target, Deployment.PROJECTION, partition);
		}
		assertSameEventsAhead(source, target, "paused-projection", "0-1023");
		assertThat(target.offsets().paused("paused-projection")).isTrue();
		assertThat(target.offsets().get(StoreCopy.CHECKPOINT_CONSUMER, "events")).isNull();
		assertThat(target.events().highestSequenceNr(Deployment.persistenceId(3))).isEqualTo(EVENTS_PER_ENTITY);
		assertThat(target.dataKeys().get("key-10")).isNotNull();
		assertThat(target.erasures().get(Deployment.persistenceId(2))).isNotNull();
		List<DeadLetter> letters = target.deadLetters().list(Deployment.PROJECTION, 10);
		assertThat(letters).hasSize(3).allSatisfy((letter) -> {
			PersistedEvent event = target.events().replay(letter.persistenceId(), 7, 7, 1).get(0);
			assertThat(letter.position()).isEqualTo(event.position());
		});
	}

	@Test
	void aCopyKilledHalfwayResumesWithoutDuplicates() {
		MigrationStores source = source();
		MigrationStores target = target();
		Deployment.write(source, 100, 10);
		MigrationStores failing = new MigrationStores(new FailingEventStore(target.events(), 120), target.snapshots(),
				target.durableStates(), target.offsets(), target.deadLetters(), target.dataKeys(), target.erasures());
		try {
			StoreCopy.between(source, failing).pageSize(50).run();
		}
		catch (RuntimeException expected) {
			assertThat(expected).hasMessageContaining("killed");
		}
		assertThat(target.offsets().get(StoreCopy.CHECKPOINT_CONSUMER, "events")).isNotNull();

		CopyReport resumed = StoreCopy.between(source, target).pageSize(50).run();

		assertThat(resumed.eventsCopied() + resumed.eventsSkipped()).isLessThan(100 * 10 - 20);
		assertThat(StoreVerification.compare(source, target).differences()).isEmpty();
		for (String partition : Deployment.PARTITIONS) {
			assertSameEventsAhead(source, target, Deployment.PROJECTION, partition);
		}
		CopyReport again = StoreCopy.between(source, target).run();
		assertThat(again.eventsCopied()).isZero();
		assertThat(again.statesCopied()).isZero();
		assertThat(again.deadLettersCopied()).isZero();
		assertThat(StoreVerification.compare(source, target).differences()).isEmpty();
	}

	@Test
	void copiesTheSagasTimersAndIndex() {
		MigrationStores source = source();
		MigrationStores target = target();
		Deployment.write(source, 30, 10);
		Deployment.writeSagas(source, 30);

		CopyReport report = StoreCopy.between(source, target).pageSize(7).run();

		// every third instance of 30 runs with two timers; each has an index entry
		assertThat(report.timersCopied()).isEqualTo(20);
		assertThat(report.sagaIndexCopied()).isEqualTo(30);
		for (int instance = 0; instance < 30; instance++) {
			String sagaId = "tr-" + instance;
			assertThat(target.timers().list(Deployment.SAGA_TYPE, sagaId)).as(sagaId)
				.usingRecursiveFieldByFieldElementComparatorIgnoringFields("version")
				.containsExactlyElementsOf(source.timers().list(Deployment.SAGA_TYPE, sagaId));
		}
		assertThat(target.sagaIndex().counts(Deployment.SAGA)).isEqualTo(source.sagaIndex().counts(Deployment.SAGA))
			.containsEntry("RUNNING", 10L);
		assertThat(target.sagaIndex().list(Deployment.SAGA, "RUNNING", null, 100))
			.isEqualTo(source.sagaIndex().list(Deployment.SAGA, "RUNNING", null, 100));
		// a timer that is due fires on the target: it can be claimed there
		assertThat(target.timers().claimDue(Deployment.SAGA_DUE.plusSeconds(1), 100, "node-1", Duration.ofMinutes(1)))
			.hasSize(20);

		CopyReport again = StoreCopy.between(source, target).run();
		assertThat(again.timersCopied()).isZero();
		assertThat(StoreVerification.compare(source, target).differences()).isEmpty();
	}

	@Test
	void pagesWrittenWhileThePreviousOneIsStillWrittenKeepEachEntitysOrder() {
		MigrationStores source = source();
		MigrationStores target = target();
		// no offsets, so no segment waits for the one before: runs of 3 events of 20
		// entities in pages of 7, so that consecutive pages share entities or not
		for (int run = 0; run < 10; run++) {
			for (int entity = 0; entity < 20; entity++) {
				String persistenceId = Deployment.persistenceId(entity);
				List<PersistedEvent> events = new ArrayList<>();
				for (int i = 1; i <= 3; i++) {
					events.add(new PersistedEvent(persistenceId, "account", run * 3L + i, 0,
							PersistedEvent.sliceOf(persistenceId), "ego.test.bank.AccountCredited",
							new byte[] { (byte) i }, Instant.EPOCH, Map.of(), null));
				}
				source.events().append(persistenceId, run * 3L, events);
			}
		}

		CopyReport report = StoreCopy.between(source, target).pageSize(7).parallelism(3).run();

		assertThat(report.eventsCopied()).isEqualTo(600);
		assertThat(StoreVerification.compare(source, target).differences()).isEmpty();
		Map<String, Long> last = new HashMap<>();
		for (PersistedEvent event : target.events().eventsAfter(0, 0, PersistedEvent.SLICE_COUNT - 1, 1_000)) {
			Long before = last.put(event.persistenceId(), event.sequenceNr());
			assertThat(event.sequenceNr()).as("%s after #%s", event.persistenceId(), before)
				.isEqualTo((before != null) ? before + 1 : 1);
		}
		assertThat(last).hasSize(20).containsOnlyKeys(source.events().persistenceIds("", 100));
	}

	@Test
	void aTargetWithoutATimerStoreIsRefusedByName() {
		MigrationStores source = source();
		MigrationStores target = target();
		Deployment.writeSagas(source, 3);
		MigrationStores withoutTimers = new MigrationStores(target.events(), target.snapshots(), target.durableStates(),
				target.offsets(), target.deadLetters(), target.dataKeys(), target.erasures());

		assertThatIllegalStateException().isThrownBy(() -> StoreCopy.between(source, withoutTimers).run())
			.withMessageContaining("the target has no timer store");
	}

	@Test
	void verificationNamesWhatDiffers() {
		MigrationStores source = source();
		MigrationStores target = target();
		Deployment.write(source, 30, 10);
		StoreCopy.between(source, target).run();
		source.events()
			.append(Deployment.persistenceId(4), 10,
					List.of(new PersistedEvent(Deployment.persistenceId(4), "account", 11, 0,
							PersistedEvent.sliceOf(Deployment.persistenceId(4)), "ego.test.bank.AccountCredited",
							new byte[] { 9 }, Instant.EPOCH, Map.of(), null)));
		VerificationReport report = StoreVerification.compare(source, target);
		assertThat(report.matches()).isFalse();
		assertThat(report.differences()).singleElement()
			.asString()
			.startsWith(Deployment.persistenceId(4) + ": source highest #11, 11 events")
			.contains("target highest #10, 10 events");
	}

	/**
	 * The events a consumer at the translated offset reads on the target are exactly
	 * those it reads at its offset on the source, each entity's in order.
	 */
	private static void assertSameEventsAhead(MigrationStores source, MigrationStores target, String consumer,
			String partition) {
		Offset from = source.offsets().get(consumer, partition);
		Offset to = target.offsets().get(consumer, partition);
		assertThat(from).isNotNull();
		assertThat(to).isNotNull();
		int min = Integer.parseInt(partition.substring(0, partition.indexOf('-')));
		int max = Integer.parseInt(partition.substring(partition.indexOf('-') + 1));
		List<String> ahead = identities(target, to.position(), min, max);
		assertThat(ahead).as(consumer + "/" + partition)
			.containsExactlyInAnyOrderElementsOf(identities(source, from.position(), min, max));
		// each entity's events stay in order (entities may interleave differently)
		Map<String, Long> last = new HashMap<>();
		for (String identity : ahead) {
			String entity = identity.substring(0, identity.indexOf('#'));
			long sequenceNr = Long.parseLong(identity.substring(identity.indexOf('#') + 1));
			Long before = last.put(entity, sequenceNr);
			assertThat(before == null || before < sequenceNr).as("%s after #%s", identity, before).isTrue();
		}
	}

	private static List<String> identities(MigrationStores stores, long after, int min, int max) {
		return stores.events()
			.eventsAfter(after, min, max, 100_000)
			.stream()
			.map((event) -> event.persistenceId() + "#" + event.sequenceNr())
			.toList();
	}

}
