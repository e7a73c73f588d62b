package io.ego.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default pause operations of {@link OffsetStore}: they keep a pause in the control
 * offset engines kept it in before the operations existed, so that a store implementing
 * only the offset methods (JDBC) keeps working and its stored pauses are still read.
 *
 * @author eGo team
 */
class OffsetStorePauseDefaultsTests {

	private static final Instant AT = Instant.parse("2025-01-01T00:00:00Z");

	@Test
	void aPauseStoredAsAControlOffsetIsReadAndWrittenThere() {
		OffsetsOnly store = new OffsetsOnly();
		assertThat(store.paused("orders")).isFalse();
		// as an earlier engine stored it
		store.save(new Offset("$control:orders", "paused", 1, AT));

		assertThat(store.paused("orders")).isTrue();
		assertThat(store.paused("invoices")).isFalse();
		store.setPaused("orders", false, AT.plusSeconds(1));
		assertThat(store.get("$control:orders", "paused"))
			.isEqualTo(new Offset("$control:orders", "paused", 0, AT.plusSeconds(1)));
		assertThat(store.paused("orders")).isFalse();
		store.setPaused("orders", true, AT.plusSeconds(2));
		assertThat(store.get("$control:orders", "paused").position()).isEqualTo(1);
		assertThat(store.load("orders")).isEmpty();
	}

	/**
	 * A store that implements the offset methods only: no leases, and the pause
	 * operations' defaults.
	 */
	private static final class OffsetsOnly implements OffsetStore {

		private final Map<String, Offset> rows = new ConcurrentHashMap<>();

		@Override
		public void save(Offset offset) {
			this.rows.put(offset.consumer() + "/" + offset.partition(), offset);
		}

		@Override
		public @Nullable Offset get(String consumer, String partition) {
			return this.rows.get(consumer + "/" + partition);
		}

		@Override
		public List<Offset> load(String consumer) {
			return this.rows.values().stream().filter((offset) -> offset.consumer().equals(consumer)).toList();
		}

		@Override
		public void delete(String consumer) {
			this.rows.values().removeIf((offset) -> offset.consumer().equals(consumer));
		}

		@Override
		public boolean commit(Lease lease, long expectedPosition, Offset offset) {
			throw new UnsupportedOperationException();
		}

		@Override
		public @Nullable Lease acquire(String consumer, String partition, String owner, Instant now,
				Duration duration) {
			throw new UnsupportedOperationException();
		}

		@Override
		public @Nullable Lease renew(Lease lease, Instant now, Duration duration) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void release(Lease lease) {
			throw new UnsupportedOperationException();
		}

		@Override
		public List<Lease> leases(String consumer) {
			throw new UnsupportedOperationException();
		}

	}

}
