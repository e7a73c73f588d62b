package io.ego.core;

import java.time.Duration;
import java.util.List;

import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.store.ConsumerProgress;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.core.store.inmemory.InMemoryOffsetStore;
import io.ego.core.store.inmemory.InMemorySnapshotStore;
import io.ego.test.bank.Account;
import org.junit.jupiter.api.Test;

import static io.ego.core.fixtures.AccountBehavior.credit;
import static io.ego.core.fixtures.AccountBehavior.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How far the engine's journal consumers have read, as retention sees it: per slice, from
 * the stored offsets of every instance, with caught-up workers covering everything up to
 * the head.
 */
class ConsumerProgressTests {

	private static final ProjectionSettings FAST = ProjectionSettings.defaults()
		.withPullInterval(Duration.ofMillis(20))
		.withParallelism(4);

	private final InMemoryEventStore journal = new InMemoryEventStore();

	private final InMemoryOffsetStore offsets = new InMemoryOffsetStore();

	private EgoEngine engine(ProjectionSettings settings) {
		return EgoEngine.builder()
			.eventStore(this.journal)
			.offsetStore(this.offsets)
			.eventSourced("account", new AccountBehavior())
			.projection("balances", (envelope) -> {
			}, settings)
			.build();
	}

	private static String idInSlices(String prefix, int minSlice, int maxSlice) {
		for (int i = 0;; i++) {
			int slice = PersistedEvent.sliceOf("account|" + prefix + i);
			if (slice >= minSlice && slice <= maxSlice) {
				return prefix + i;
			}
		}
	}

	@Test
	void retentionOfOneEntityIsBoundByTheWorkerOfItsSliceOnEveryInstance() {
		String id = idInSlices("x-", 256, 511);
		int slice = PersistedEvent.sliceOf("account|" + id);
		int idleSlice = 0;
		try (EgoEngine running = engine(FAST); EgoEngine other = engine(FAST.withAutoStart(false))) {
			running.entity(AccountBehavior.class, id).askAndWait(open(id, 0));
			running.entity(AccountBehavior.class, id).askAndWait(credit(id, 1));
			// positions 1..3
			running.entity(AccountBehavior.class, id).askAndWait(credit(id, 2));
			await().until(() -> running.projections().status("balances").lagEvents() == 0);

			for (EgoEngine engine : new EgoEngine[] { running, other }) {
				ConsumerProgress progress = engine.consumerProgress();
				assertThat(progress.lowestHandledPosition(slice)).isEqualTo(3);
				assertThat(progress.lowestHandledPosition(idleSlice)).isEqualTo(3);
				assertThat(progress.lowestHandledPosition()).isEqualTo(3);
			}

			running.projections().stop("balances");
			// position 4, not handled
			running.entity(AccountBehavior.class, id).askAndWait(credit(id, 3));
			for (EgoEngine engine : new EgoEngine[] { running, other }) {
				ConsumerProgress progress = engine.consumerProgress();
				assertThat(progress.lowestHandledPosition(slice)).isEqualTo(3);
				assertThat(progress.lowestHandledPosition(idleSlice)).isEqualTo(4);
				assertThat(progress.lowestHandledPosition()).isEqualTo(3);
			}
		}
	}

	@Test
	void withSeveralWorkersRetentionDeletesWhatEveryWorkerHandledWhileOtherSlicesAreIdle() {
		// worker 2 of 4; the other workers' slices never get an event
		String id = idInSlices("r-", 600, 700);
		InMemorySnapshotStore snapshots = new InMemorySnapshotStore();
		try (EgoEngine engine = EgoEngine.builder()
			.eventStore(this.journal)
			.snapshotStore(snapshots)
			.offsetStore(this.offsets)
			.eventSourced("account", new AccountBehavior(),
					EntitySettings.defaults()
						.withSnapshotInterval(5)
						.withRetention(new RetentionPolicy(true, false, 0)))
			.projection("balances", (envelope) -> {
			}, FAST)
			.build()) {
			EntityRef<Account> account = engine.entity(AccountBehavior.class, id);
			account.askAndWait(open(id, 0));
			for (int i = 1; i <= 11; i++) {
				account.askAndWait(credit(id, i));
				if (i == 4) {
					await().until(() -> engine.projections().status("balances").lagEvents() == 0);
				}
			}
			await().until(() -> engine.projections().status("balances").lagEvents() == 0);
			// crosses 10 again after the projection handled everything
			account.askAndWait(credit(id, 12));
			// snapshots at 5 and 10 (the second after everything up to it was handled):
			// events before 10 deleted
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				List<PersistedEvent> left = this.journal.replay("account|" + id, 1, Long.MAX_VALUE, 100);
				return !left.isEmpty() && left.get(0).sequenceNr() >= 5;
			});
			assertThat(this.journal.highestSequenceNr("account|" + id)).isEqualTo(13);
		}
	}

}
