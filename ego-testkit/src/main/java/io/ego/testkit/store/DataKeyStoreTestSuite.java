package io.ego.testkit.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.ego.core.store.DataKeyRecord;
import io.ego.core.store.DataKeyStore;
import io.ego.core.store.StoreException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract every {@link DataKeyStore} must honour, as JUnit tests. Extend it and
 * return an empty store from {@link #createStore()}, which runs before each test.
 * Creation times are truncated to milliseconds, the precision a store must keep.
 *
 * @author eGo team
 * @since 0.1.0
 */
public abstract class DataKeyStoreTestSuite {

	/** The master key id most keys of the suite are wrapped by. */
	protected static final String MASTER_1 = "mk1.0000000000000001";

	/** Another master key id. */
	protected static final String MASTER_2 = "mk1.0000000000000002";

	private @Nullable DataKeyStore store;

	/**
	 * Creates the suite; the store is created before each test by {@link #createStore()}.
	 */
	protected DataKeyStoreTestSuite() {
	}

	/**
	 * Creates the store under test; called before each test.
	 * @return an empty store
	 */
	protected abstract DataKeyStore createStore();

	@BeforeEach
	final void createEmptyDataKeyStore() {
		this.store = Objects.requireNonNull(createStore(), "createStore() returned null");
	}

	/**
	 * Returns the store of the running test.
	 * @return the store
	 */
	protected final DataKeyStore store() {
		return Objects.requireNonNull(this.store, "the store is created before each test");
	}

	@Test
	protected void unknownKeysAndEntitiesHaveNoKey() {
		assertThat(store().get("dk1.unknown")).isNull();
		assertThat(store().latest("tck|nobody")).isNull();
		assertThat(store().deleteAll("tck|nobody")).isZero();
	}

	@Test
	protected void anInsertedKeyKeepsAllItsFields() {
		byte[] wrapped = new byte[61];
		for (int i = 0; i < wrapped.length; i++) {
			wrapped[i] = (byte) (255 - i);
		}
		DataKeyRecord key = new DataKeyRecord("dk1.AAAAAAAAAAAAAAAAAAAAAA", "tck|a", wrapped, MASTER_1,
				Instant.parse("2024-02-29T23:59:58.123Z"));
		store().insert(key);
		assertSameKey(store().get(key.keyId()), key);
		assertSameKey(store().latest("tck|a"), key);
	}

	@Test
	protected void latestIsTheMostRecentlyCreatedKeyOfTheEntity() {
		store().insert(key("dk1.k1", "tck|a", MASTER_1, 1));
		store().insert(key("dk1.k0", "tck|b", MASTER_1, 2));
		store().insert(key("dk1.k2", "tck|a", MASTER_1, 3));
		assertSameKey(store().latest("tck|a"), key("dk1.k2", "tck|a", MASTER_1, 3));
		assertSameKey(store().latest("tck|b"), key("dk1.k0", "tck|b", MASTER_1, 2));
		assertSameKey(store().get("dk1.k1"), key("dk1.k1", "tck|a", MASTER_1, 1));
	}

	@Test
	protected void insertingAKeyIdTwiceFails() {
		store().insert(key("dk1.k1", "tck|a", MASTER_1, 1));
		assertThatThrownBy(() -> store().insert(key("dk1.k1", "tck|b", MASTER_2, 2)))
			.isInstanceOf(StoreException.class);
		assertSameKey(store().get("dk1.k1"), key("dk1.k1", "tck|a", MASTER_1, 1));
	}

	@Test
	protected void deleteAllShredsEveryKeyOfOneEntityOnly() {
		store().insert(key("dk1.a1", "tck|a", MASTER_1, 1));
		store().insert(key("dk1.a2", "tck|a", MASTER_2, 2));
		store().insert(key("dk1.b1", "tck|b", MASTER_1, 3));

		assertThat(store().deleteAll("tck|a")).isEqualTo(2);

		assertThat(store().get("dk1.a1")).isNull();
		assertThat(store().get("dk1.a2")).isNull();
		assertThat(store().latest("tck|a")).isNull();
		assertThat(store().wrappedByOtherThan(MASTER_2, "", 10)).extracting(DataKeyRecord::keyId)
			.containsExactly("dk1.b1");
		assertSameKey(store().latest("tck|b"), key("dk1.b1", "tck|b", MASTER_1, 3));
		assertThat(store().deleteAll("tck|a")).isZero();
	}

	@Test
	protected void anErasedEntityCanGetANewKey() {
		store().insert(key("dk1.old", "tck|a", MASTER_1, 1));
		store().deleteAll("tck|a");
		store().insert(key("dk1.new", "tck|a", MASTER_1, 2));
		assertSameKey(store().latest("tck|a"), key("dk1.new", "tck|a", MASTER_1, 2));
		assertThat(store().get("dk1.old")).isNull();
	}

	@Test
	protected void wrappedByOtherThanPagesThroughTheKeysOfOtherMasterKeysInKeyIdOrder() {
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			String id = "dk1.k" + i;
			store().insert(key(id, "tck|e" + i, (i % 3 == 0) ? MASTER_2 : MASTER_1, i));
			if (i % 3 != 0) {
				expected.add(id);
			}
		}
		List<String> seen = new ArrayList<>();
		String after = "";
		for (;;) {
			List<DataKeyRecord> page = store().wrappedByOtherThan(MASTER_2, after, 2);
			assertThat(page.size()).isLessThanOrEqualTo(2);
			for (DataKeyRecord key : page) {
				seen.add(key.keyId());
				after = key.keyId();
			}
			if (page.size() < 2) {
				break;
			}
		}
		assertThat(seen).containsExactlyElementsOf(expected);
		assertThat(store().wrappedByOtherThan(MASTER_1, "", 100)).extracting(DataKeyRecord::keyId)
			.containsExactly("dk1.k0", "dk1.k3", "dk1.k6");
	}

	@Test
	protected void rewrapReplacesTheWrappedKeyOnlyWhileTheMasterKeyStillMatches() {
		DataKeyRecord original = key("dk1.k1", "tck|a", MASTER_1, 1);
		store().insert(original);
		DataKeyRecord rewrapped = original.rewrapped(new byte[] { 9, 8, 7 }, MASTER_2);

		assertThat(store().rewrap(rewrapped, MASTER_2)).as("expected master key does not match").isFalse();
		assertSameKey(store().get("dk1.k1"), original);

		assertThat(store().rewrap(rewrapped, MASTER_1)).isTrue();
		assertSameKey(store().get("dk1.k1"), rewrapped);
		assertSameKey(store().latest("tck|a"), rewrapped);
		assertThat(store().rewrap(original.rewrapped(new byte[] { 1 }, MASTER_2), MASTER_1)).isFalse();

		store().deleteAll("tck|a");
		assertThat(store().rewrap(rewrapped, MASTER_2)).as("rewrap of a deleted key").isFalse();
		assertThat(store().get("dk1.k1")).isNull();
	}

	@Test
	protected void insertRejectsAnIllFormedKeyIdPersistenceIdOrMasterKeyIdAndWritesNothing() {
		for (String illFormed : IllFormedIds.of("dk1.")) {
			IllFormedIds.assertRejected("insert of a key", illFormed,
					() -> store().insert(key(illFormed, "tck|a", MASTER_1, 1)));
		}
		for (String illFormed : IllFormedIds.of("tck|")) {
			IllFormedIds.assertRejected("insert of a key of an entity", illFormed,
					() -> store().insert(key("dk1.b", illFormed, MASTER_1, 1)));
		}
		for (String illFormed : IllFormedIds.of("mk1.")) {
			IllFormedIds.assertRejected("insert of a key wrapped by a master key", illFormed,
					() -> store().insert(key("dk1.c", "tck|c", illFormed, 1)));
		}
		assertThat(store().get(IllFormedIds.collidingWithTheFirst("dk1."))).isNull();
		assertThat(store().latest(IllFormedIds.collidingWithTheFirst("tck|"))).isNull();
		assertThat(store().latest("tck|a")).isNull();
		assertThat(store().get("dk1.b")).isNull();
		assertThat(store().get("dk1.c")).isNull();
		assertThat(store().wrappedByOtherThan(MASTER_2, "", 100)).isEmpty();
	}

	@Test
	protected void readsShreddingAndRewrappingRejectAnIllFormedIdInsteadOfMatchingAnotherKey() {
		DataKeyRecord colliding = key(IllFormedIds.collidingWithTheFirst("dk1."),
				IllFormedIds.collidingWithTheFirst("tck|"), MASTER_1, 1);
		store().insert(colliding);
		for (String illFormed : IllFormedIds.of("dk1.")) {
			IllFormedIds.assertRejected("get", illFormed, () -> store().get(illFormed));
			IllFormedIds.assertRejected("wrappedByOtherThan after a key", illFormed,
					() -> store().wrappedByOtherThan(MASTER_2, illFormed, 10));
			IllFormedIds.assertRejected("rewrap of a key", illFormed, () -> store().rewrap(new DataKeyRecord(illFormed,
					colliding.persistenceId(), new byte[] { 9 }, MASTER_2, colliding.createdAt()), MASTER_1));
		}
		for (String illFormed : IllFormedIds.of("tck|")) {
			IllFormedIds.assertRejected("latest", illFormed, () -> store().latest(illFormed));
			IllFormedIds.assertRejected("deleteAll", illFormed, () -> store().deleteAll(illFormed));
		}
		for (String illFormed : IllFormedIds.of("mk1.")) {
			IllFormedIds.assertRejected("wrappedByOtherThan a master key", illFormed,
					() -> store().wrappedByOtherThan(illFormed, "", 10));
			IllFormedIds.assertRejected("rewrap by a master key", illFormed,
					() -> store().rewrap(colliding.rewrapped(new byte[] { 9 }, illFormed), MASTER_1));
			IllFormedIds.assertRejected("rewrap expecting a master key", illFormed,
					() -> store().rewrap(colliding.rewrapped(new byte[] { 9 }, MASTER_2), illFormed));
		}
		assertSameKey(store().get(colliding.keyId()), colliding);
		assertSameKey(store().latest(colliding.persistenceId()), colliding);
	}

	@Test
	protected void keysAfterListsTheKeysNotDeletedByKeyIdInPages() {
		DataKeyRecord a = key("dk1.list-a", "tck|x", "master-1", 1);
		DataKeyRecord b = key("dk1.list-b", "tck|y", "master-2", 2);
		DataKeyRecord c = key("dk1.list-c", "tck|z", "master-1", 3);
		store().insert(c);
		store().insert(a);
		store().insert(b);
		store().deleteAll("tck|y");

		List<DataKeyRecord> all = store().keysAfter("", 10);
		assertThat(all).extracting(DataKeyRecord::keyId).containsExactly("dk1.list-a", "dk1.list-c");
		assertSameKey(all.get(0), a);
		assertThat(store().keysAfter("", 1)).extracting(DataKeyRecord::keyId).containsExactly("dk1.list-a");
		assertThat(store().keysAfter("dk1.list-a", 10)).extracting(DataKeyRecord::keyId).containsExactly("dk1.list-c");
	}

	/**
	 * Creates a key with a recognisable wrapped value.
	 * @param keyId the key id
	 * @param persistenceId the entity
	 * @param masterKeyId the master key id
	 * @param second when it was created, in seconds after a fixed time
	 * @return the key
	 */
	protected static DataKeyRecord key(String keyId, String persistenceId, String masterKeyId, int second) {
		byte[] wrapped = new byte[61];
		wrapped[0] = 1;
		wrapped[1] = (byte) second;
		wrapped[2] = (byte) keyId.hashCode();
		return new DataKeyRecord(keyId, persistenceId, wrapped, masterKeyId,
				Instant.parse("2025-01-01T00:00:00Z").plusSeconds(second));
	}

	/**
	 * Asserts that a stored key has all the fields of the inserted one.
	 * @param actual the stored key
	 * @param expected the inserted key
	 */
	protected static void assertSameKey(@Nullable DataKeyRecord actual, DataKeyRecord expected) {
		String what = expected.keyId();
		assertThat(actual).as("key %s", what).isNotNull();
		Objects.requireNonNull(actual);
		assertThat(actual.keyId()).as("keyId of %s", what).isEqualTo(expected.keyId());
		assertThat(actual.persistenceId()).as("persistenceId of %s", what).isEqualTo(expected.persistenceId());
		assertThat(actual.wrappedKey()).as("wrappedKey of %s", what).isEqualTo(expected.wrappedKey());
		assertThat(actual.masterKeyId()).as("masterKeyId of %s", what).isEqualTo(expected.masterKeyId());
		assertThat(actual.createdAt()).as("createdAt of %s", what).isEqualTo(expected.createdAt());
	}

}
