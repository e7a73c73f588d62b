package io.ego.core.store;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Keeps the wrapped data keys of entities (encryption at rest). Deleting an entity's keys
 * is crypto-shredding: its encrypted events, snapshots and states become unreadable for
 * good, wherever copies of them live.
 * <p>
 * Thread-safe; methods block until the store answered; failures are
 * {@link StoreException}s. The engine caches unwrapped keys, so a store is read when an
 * entity is activated and when a reader meets a key it has not cached, not per command.
 *
 * @author eGo team
 * @since 0.1.0
 */
public interface DataKeyStore {

	/**
	 * Inserts a new key (key ids are random and unique).
	 * @param key the key
	 * @throws StoreException when the store failed or a key with that id exists
	 */
	void insert(DataKeyRecord key);

	/**
	 * Returns a key by id.
	 * @param keyId the key id
	 * @return the key, or {@code null} when there is none or it was deleted (erased)
	 */
	@Nullable DataKeyRecord get(String keyId);

	/**
	 * Returns the key an entity's new payloads are encrypted with: its most recently
	 * created key.
	 * @param persistenceId the entity
	 * @return the key, or {@code null} when the entity has none (never encrypted
	 * anything, or erased)
	 */
	@Nullable DataKeyRecord latest(String persistenceId);

	/**
	 * Deletes every key of an entity, for good (a store may keep a row without the key
	 * material, as an audit trail). Afterwards {@link #get} and {@link #latest} return
	 * {@code null} for them. A no-op when there is none.
	 * @param persistenceId the entity
	 * @return how many keys were deleted
	 */
	int deleteAll(String persistenceId);

	/**
	 * Lists keys wrapped by another master key than the given one (to rewrap them after a
	 * master key rotation), ordered by key id.
	 * @param masterKeyId the current master key's id
	 * @param afterKeyId the exclusive lower bound of key ids ({@code ""} for the first
	 * page)
	 * @param limit the most to return, positive
	 * @return the keys
	 */
	List<DataKeyRecord> wrappedByOtherThan(String masterKeyId, String afterKeyId, int limit);

	/**
	 * Replaces a key's wrapped material and master key id, if it is still wrapped by the
	 * expected master key.
	 * @param rewrapped the key, newly wrapped
	 * @param expectedMasterKeyId the master key id the stored key must still have
	 * @return whether the key was updated ({@code false} when it was deleted or rewrapped
	 * meanwhile)
	 */
	boolean rewrap(DataKeyRecord rewrapped, String expectedMasterKeyId);

	/**
	 * Lists the keys that were not deleted, by key id, a page at a time: for tools that
	 * copy a store (the wrapped keys move as they are; the master key stays where it is).
	 * The default throws.
	 * @param afterKeyId the exclusive lower bound of key ids ({@code ""} for the first
	 * page)
	 * @param limit the most returned, positive
	 * @return the keys, ascending by key id
	 * @throws UnsupportedOperationException when the store cannot list them
	 * @since 0.2.0
	 */
	default List<DataKeyRecord> keysAfter(String afterKeyId, int limit) {
		throw new UnsupportedOperationException(getClass().getName() + " does not list data keys");
	}

}
