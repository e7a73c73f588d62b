package io.ego.testkit.store;

import java.time.Instant;
import java.util.Objects;

import io.ego.core.store.ErasureMarker;
import io.ego.core.store.ErasureStore;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract every {@link ErasureStore} must honour, as JUnit tests. Extend it and
 * return an empty store from {@link #createStore()}, which runs before each test. Times
 * are truncated to milliseconds, the precision a store must keep.
 *
 * @author eGo team
 * @since 0.1.0
 */
public abstract class ErasureStoreTestSuite {

	private @Nullable ErasureStore store;

	/**
	 * Creates the suite; the store is created before each test by {@link #createStore()}.
	 */
	protected ErasureStoreTestSuite() {
	}

	/**
	 * Creates the store under test; called before each test.
	 * @return an empty store
	 */
	protected abstract ErasureStore createStore();

	@BeforeEach
	final void createEmptyErasureStore() {
		this.store = Objects.requireNonNull(createStore(), "createStore() returned null");
	}

	/**
	 * Returns the store of the running test.
	 * @return the store
	 */
	protected final ErasureStore store() {
		return Objects.requireNonNull(this.store, "the store is created before each test");
	}

	@Test
	protected void anEntityNeverErasedHasNoMarker() {
		assertThat(store().get("tck|nobody")).isNull();
	}

	@Test
	protected void aSavedMarkerKeepsAllItsFields() {
		ErasureMarker marker = new ErasureMarker("tck|a", "tck", 42, Instant.parse("2024-02-29T23:59:58.123Z"));
		store().save(marker);
		assertThat(store().get("tck|a")).isEqualTo(marker);
		ErasureMarker empty = new ErasureMarker("tck|b", "tck", 0, Instant.parse("1999-12-31T23:59:59.999Z"));
		store().save(empty);
		assertThat(store().get("tck|b")).isEqualTo(empty);
	}

	@Test
	protected void savingAgainReplacesTheMarker() {
		store().save(new ErasureMarker("tck|a", "tck", 3, Instant.parse("2025-01-01T00:00:00Z")));
		ErasureMarker again = new ErasureMarker("tck|a", "tck", 9, Instant.parse("2025-02-01T00:00:00Z"));
		store().save(again);
		assertThat(store().get("tck|a")).isEqualTo(again);
	}

	@Test
	protected void markersAfterListsTheMarkersByPersistenceIdInPages() {
		ErasureMarker b = new ErasureMarker("tck|list-b", "tck", 2, Instant.parse("2025-01-01T00:00:00Z"));
		ErasureMarker a = new ErasureMarker("tck|list-a", "tck", 1, Instant.parse("2025-01-02T00:00:00Z"));
		store().save(b);
		store().save(a);

		assertThat(store().markersAfter("", 10)).containsExactly(a, b);
		assertThat(store().markersAfter("", 1)).containsExactly(a);
		assertThat(store().markersAfter("tck|list-a", 10)).containsExactly(b);
	}

	@Test
	protected void saveAndGetRejectAnIllFormedPersistenceIdOrEntityTypeInsteadOfMatchingAnotherEntity() {
		ErasureMarker colliding = new ErasureMarker(IllFormedIds.collidingWithTheFirst("tck|"), "tck", 3,
				Instant.parse("2025-01-01T00:00:00Z"));
		store().save(colliding);
		for (String illFormed : IllFormedIds.of("tck|")) {
			IllFormedIds.assertRejected("save of the marker of an entity", illFormed,
					() -> store().save(new ErasureMarker(illFormed, "tck", 9, Instant.parse("2025-02-01T00:00:00Z"))));
			IllFormedIds.assertRejected("get", illFormed, () -> store().get(illFormed));
		}
		for (String illFormed : IllFormedIds.of("tck.")) {
			IllFormedIds.assertRejected("save of a marker with an ill-formed entity type", illFormed, () -> store()
				.save(new ErasureMarker("tck|b", illFormed, 9, Instant.parse("2025-02-01T00:00:00Z"))));
		}
		assertThat(store().get(colliding.persistenceId())).isEqualTo(colliding);
		assertThat(store().get("tck|b")).isNull();
	}

	@Test
	protected void markersOfEntitiesAreIndependent() {
		ErasureMarker a = new ErasureMarker("tck|a", "tck", 3, Instant.parse("2025-01-01T00:00:00Z"));
		ErasureMarker b = new ErasureMarker("other|a", "other", 5, Instant.parse("2025-01-02T00:00:00Z"));
		store().save(a);
		store().save(b);
		assertThat(store().get("tck|a")).isEqualTo(a);
		assertThat(store().get("other|a")).isEqualTo(b);
		assertThat(store().get("tck|b")).isNull();
	}

}
