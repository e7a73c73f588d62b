package io.ego.testkit.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

import io.ego.core.store.SagaIndexEntry;
import io.ego.core.store.SagaIndexStore;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The contract every {@link SagaIndexStore} must honour, as JUnit tests: the latest
 * status of an instance by sequence number wins whatever the order of the updates, counts
 * by status per saga, paging by id within one status, long reasons cut, and updates
 * racing from several threads. Extend it and return an empty store from
 * {@link #createStore()}, which runs before each test. Times are whole milliseconds; ids
 * are lower-case ASCII so that every collation orders them alike.
 *
 * @author eGo team
 * @since 0.2.0
 */
public abstract class SagaIndexStoreTestSuite {

	private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

	private @Nullable SagaIndexStore store;

	/**
	 * Creates the suite; the store is created before each test by {@link #createStore()}.
	 */
	protected SagaIndexStoreTestSuite() {
	}

	/**
	 * Creates the store under test; called before each test.
	 * @return an empty store
	 */
	protected abstract SagaIndexStore createStore();

	@BeforeEach
	void setUpStore() {
		this.store = createStore();
	}

	private SagaIndexStore store() {
		return Objects.requireNonNull(this.store, "createStore() was not called");
	}

	private static SagaIndexEntry entry(String saga, String id, String status, long seq) {
		return new SagaIndexEntry(saga, id, status, seq, T0.plusMillis(seq), "");
	}

	@Test
	void theStatusOfTheHighestSequenceNumberWinsWhateverTheOrder() {
		store().update(entry("transfer", "t1", "RUNNING", 1));
		store().update(entry("transfer", "t1", "COMPLETED", 9));
		store().update(entry("transfer", "t1", "RUNNING", 1));
		store().update(entry("transfer", "t1", "COMPENSATING", 5));

		List<SagaIndexEntry> completed = store().list("transfer", "COMPLETED", null, 10);
		assertThat(completed).hasSize(1);
		assertThat(completed.get(0).sequenceNr()).isEqualTo(9);
		assertThat(completed.get(0).updatedAt()).isEqualTo(T0.plusMillis(9));
		assertThat(store().list("transfer", "RUNNING", null, 10)).isEmpty();
		assertThat(store().counts("transfer")).containsExactlyEntriesOf(Map.of("COMPLETED", 1L));
	}

	@Test
	void updateAllKeepsTheHigherSequenceNumberPerInstance() {
		store().update(entry("transfer", "t1", "COMPLETED", 9));
		store().updateAll(List.of(entry("transfer", "t1", "RUNNING", 1), entry("transfer", "t2", "COMPENSATING", 4),
				entry("transfer", "t3", "RUNNING", 1)));
		store().updateAll(List.of(entry("transfer", "t3", "FAILED", 6), entry("transfer", "t2", "RUNNING", 1)));
		store().updateAll(List.of());

		assertThat(store().counts("transfer")).hasSize(3)
			.containsEntry("COMPLETED", 1L)
			.containsEntry("COMPENSATING", 1L)
			.containsEntry("FAILED", 1L);
		assertThat(store().list("transfer", "FAILED", null, 10)).singleElement()
			.satisfies((entry) -> assertThat(entry.sequenceNr()).isEqualTo(6));
	}

	@Test
	void countsAreBySagaAndStatus() {
		store().update(entry("transfer", "t1", "RUNNING", 1));
		store().update(entry("transfer", "t2", "RUNNING", 1));
		store().update(entry("transfer", "t3", "FAILED", 4));
		store().update(entry("refund", "t1", "COMPLETED", 3));

		assertThat(store().counts("transfer")).hasSize(2).containsEntry("RUNNING", 2L).containsEntry("FAILED", 1L);
		assertThat(store().counts("refund")).containsExactlyEntriesOf(Map.of("COMPLETED", 1L));
		assertThat(store().counts("none")).isEmpty();
	}

	@Test
	void pagesOfOneStatusFollowTheIds() {
		for (int i = 0; i < 25; i++) {
			store().update(entry("transfer", String.format("t%02d", i), (i % 5 == 0) ? "FAILED" : "COMPLETED", 2));
		}
		List<String> failed = new ArrayList<>();
		String after = null;
		for (;;) {
			List<SagaIndexEntry> page = store().list("transfer", "FAILED", after, 2);
			page.forEach((entry) -> failed.add(entry.sagaId()));
			if (page.size() < 2) {
				break;
			}
			after = page.get(page.size() - 1).sagaId();
		}
		assertThat(failed).containsExactly("t00", "t05", "t10", "t15", "t20");
		assertThat(store().list("transfer", "COMPLETED", "t18", 100)).extracting(SagaIndexEntry::sagaId)
			.containsExactly("t19", "t21", "t22", "t23", "t24");
	}

	@Test
	void reasonsAreKeptAndLongOnesCut() {
		store().update(new SagaIndexEntry("transfer", "t1", "FAILED", 3, T0, "credit rejected"));
		store().update(new SagaIndexEntry("transfer", "t2", "FAILED", 3, T0, "x".repeat(5_000)));

		List<SagaIndexEntry> failed = store().list("transfer", "FAILED", null, 10);
		assertThat(failed.get(0).reason()).isEqualTo("credit rejected");
		assertThat(failed.get(1).reason()).hasSize(SagaIndexEntry.MAX_REASON_LENGTH);
	}

	@Test
	void aNonPositiveLimitIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> store().list("transfer", "FAILED", null, 0))
			.withMessageContaining("limit");
	}

	@Test
	void updatesRacingForOneInstanceKeepTheHighest() {
		int threads = 4;
		int perThread = 50;
		try (ConcurrentRunner runner = new ConcurrentRunner(threads, Duration.ofSeconds(60))) {
			runner.runAll((thread) -> () -> {
				List<Long> seqs = new ArrayList<>();
				for (int i = 1; i <= perThread; i++) {
					seqs.add((long) (i * threads + thread));
				}
				Collections.shuffle(seqs, ThreadLocalRandom.current());
				for (long seq : seqs) {
					store().update(entry("transfer", "raced", (seq % 2 == 0) ? "RUNNING" : "COMPENSATING", seq));
				}
				return seqs.size();
			});
		}
		long highest = (long) perThread * threads + threads - 1;
		String expected = (highest % 2 == 0) ? "RUNNING" : "COMPENSATING";
		assertThat(store().list("transfer", expected, null, 10)).singleElement()
			.satisfies((entry) -> assertThat(entry.sequenceNr()).isEqualTo(highest));
		assertThat(store().counts("transfer")).containsExactlyEntriesOf(Map.of(expected, 1L));
	}

}
