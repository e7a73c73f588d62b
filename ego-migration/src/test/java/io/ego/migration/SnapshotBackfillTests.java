package io.ego.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import io.ego.core.EgoEngine;
import io.ego.core.EntitySettings;
import io.ego.core.EntityState;
import io.ego.core.RetentionPolicy;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.fixtures.CounterBehavior;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.SnapshotRecord;
import io.ego.test.bank.Account;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The snapshot backfill through a running engine: every entity gets a snapshot at its
 * head that recovers its exact state, a second run has nothing to do, it may run while
 * commands are written, the type's retention runs after it, and a durable-state type is
 * named as one without snapshots.
 */
class SnapshotBackfillTests {

	private final MigrationStores stores = MigrationStores.inMemory();

	private EgoEngine engine(EntitySettings settings) {
		return EgoEngine.builder()
			.eventStore(this.stores.events())
			.snapshotStore(this.stores.snapshots())
			.durableStateStore(this.stores.durableStates())
			.offsetStore(this.stores.offsets())
			.deadLetterStore(this.stores.deadLetters())
			.eventSourced("account", new AccountBehavior(), settings)
			.durableState("counter", new CounterBehavior())
			.build();
	}

	@Test
	void everyEntityIsSnapshottedAtItsHeadAndASecondRunSkipsThem() throws Exception {
		try (EgoEngine engine = engine(EntitySettings.defaults())) {
			for (int i = 0; i < 300; i++) {
				String id = "acc-" + i;
				engine.askAndWait("account", id, AccountBehavior.open(id, 100));
				for (int c = 0; c < 6; c++) {
					engine.askAndWait("account", id, AccountBehavior.credit(id, i));
				}
			}
			engine.askAndWait("counter", "c-1", CounterBehavior.by(1));
			assertThat(this.stores.snapshots().latest("account|acc-7")).isNull();

			BackfillReport report = SnapshotBackfill
				.of(engine, this.stores.events(), this.stores.snapshots(), "account")
				.parallelism(16)
				.run();

			assertThat(report.failures()).isEmpty();
			assertThat(report.snapshotted()).isEqualTo(300);
			assertThat(report.skipped()).isZero();
			SnapshotRecord snapshot = this.stores.snapshots().latest("account|acc-7");
			assertThat(snapshot).isNotNull();
			assertThat(snapshot.sequenceNr()).isEqualTo(7);

			BackfillReport again = SnapshotBackfill.of(engine, this.stores.events(), this.stores.snapshots(), "account")
				.run();
			assertThat(again.snapshotted()).isZero();
			assertThat(again.skipped()).isEqualTo(300);
		}
		// a new engine recovers each entity from its snapshot to the same state
		try (EgoEngine engine = engine(EntitySettings.defaults())) {
			Account account = engine.<Account>entity("account", "acc-7").state().state();
			assertThat(account.getBalance()).isEqualTo(100 + 6 * 7);
		}
	}

	@Test
	void everyTypeBackfillsEachEventSourcedTypeAndLeavesDurableStatesOut() throws Exception {
		try (EgoEngine engine = engine(EntitySettings.defaults())) {
			for (int i = 0; i < 20; i++) {
				String id = "acc-" + i;
				engine.askAndWait("account", id, AccountBehavior.open(id, 100));
				engine.askAndWait("account", id, AccountBehavior.credit(id, 1));
			}
			engine.askAndWait("counter", "c-1", CounterBehavior.by(1));

			List<BackfillReport> reports = SnapshotBackfill.everyType(engine, this.stores.events(),
					this.stores.snapshots(), 4);

			assertThat(reports).singleElement().satisfies((report) -> {
				assertThat(report.entityType()).isEqualTo("account");
				assertThat(report.snapshotted()).isEqualTo(20);
				assertThat(report.failures()).isEmpty();
			});
		}
	}

	@Test
	void aSnapshotAsksAnswerOnlyOnceTheSnapshotIsWritten() throws Exception {
		try (EgoEngine engine = engine(EntitySettings.defaults())) {
			engine.askAndWait("account", "acc-w", AccountBehavior.open("acc-w", 100));
			engine.askAndWait("account", "acc-w", AccountBehavior.credit("acc-w", 1));

			EntityState<Account> state = engine.<Account>entity("account", "acc-w").snapshotAsync().get();

			// no wait: the store holds it when the future completes
			SnapshotRecord written = this.stores.snapshots().latest("account|acc-w");
			assertThat(written).isNotNull();
			assertThat(written.sequenceNr()).isEqualTo(state.revision()).isEqualTo(2);
		}
	}

	@Test
	void whileCommandsRunEverySnapshotRecoversTheStateAtItsSequenceNumber() throws Exception {
		Map<String, Long> balances = new ConcurrentHashMap<>();
		try (EgoEngine engine = engine(EntitySettings.defaults());
				ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < 100; i++) {
				String id = "acc-" + i;
				engine.askAndWait("account", id, AccountBehavior.open(id, 0));
			}
			AtomicBoolean writing = new AtomicBoolean(true);
			List<Future<?>> running = new ArrayList<>();
			for (int w = 0; w < 4; w++) {
				int writer = w;
				running.add(writers.submit(() -> {
					for (int n = 0; writing.get(); n++) {
						String id = "acc-" + ((writer * 31 + n) % 100);
						engine.askAndWait("account", id, AccountBehavior.credit(id, 1));
					}
				}));
			}
			BackfillReport report = SnapshotBackfill
				.of(engine, this.stores.events(), this.stores.snapshots(), "account")
				.parallelism(8)
				.run();
			writing.set(false);
			for (Future<?> writer : running) {
				writer.get();
			}
			assertThat(report.failures()).isEmpty();
			assertThat(report.snapshotted()).isEqualTo(100);
			for (int i = 0; i < 100; i++) {
				balances.put("acc-" + i, engine.<Account>entity("account", "acc-" + i).state().state().getBalance());
			}
		}
		// each snapshot holds the balance after exactly its sequence number's events: a
		// new engine recovers from it plus the later events to the live engine's balance
		try (EgoEngine engine = engine(EntitySettings.defaults())) {
			for (int i = 0; i < 100; i++) {
				SnapshotRecord snapshot = this.stores.snapshots().latest("account|acc-" + i);
				assertThat(snapshot).isNotNull();
				Account snapshotted = Account.parseFrom(snapshot.payload());
				assertThat(snapshotted.getBalance()).as("acc-%d's snapshot #%d", i, snapshot.sequenceNr())
					.isEqualTo(snapshot.sequenceNr() - 1);
				assertThat(engine.<Account>entity("account", "acc-" + i).state().state().getBalance())
					.isEqualTo(balances.get("acc-" + i));
			}
		}
	}

	@Test
	void theTypesRetentionRunsAfterTheBackfill() throws Exception {
		// snapshots turned on (every 100 events): the 10 events written before never
		// reached one
		EntitySettings retaining = EntitySettings.defaults()
			.withSnapshotInterval(100)
			.withRetention(new RetentionPolicy(true, false, 0));
		try (EgoEngine engine = engine(retaining)) {
			for (int c = 0; c < 10; c++) {
				engine.askAndWait("account", "r-1",
						(c == 0) ? AccountBehavior.open("r-1", 1) : AccountBehavior.credit("r-1", 1));
			}
			assertThat(this.stores.events().replay("account|r-1", 1, Long.MAX_VALUE, 100)).hasSize(10);
			SnapshotBackfill.of(engine, this.stores.events(), this.stores.snapshots(), "account").run();
			// events before the snapshot's are deleted (done when the backfill returns:
			// snapshotAsync completes after retention ran); the snapshot's own event is
			// kept
			assertThat(this.stores.events().replay("account|r-1", 1, Long.MAX_VALUE, 100))
				.extracting(PersistedEvent::sequenceNr)
				.containsExactly(10L);
			assertThat(this.stores.events().highestSequenceNr("account|r-1")).isEqualTo(10);
		}
	}

	@Test
	void aDurableStateTypeHasNoSnapshots() {
		try (EgoEngine engine = engine(EntitySettings.defaults())) {
			engine.askAndWait("counter", "c-1", CounterBehavior.by(1));
			assertThatExceptionOfType(Exception.class)
				.isThrownBy(() -> engine.entity("counter", "c-1").snapshotAsync().join())
				.withRootCauseInstanceOf(UnsupportedOperationException.class)
				.withMessageContaining("keeps a durable state: it has no snapshots");
		}
	}

}
