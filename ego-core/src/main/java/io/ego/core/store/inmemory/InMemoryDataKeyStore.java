package io.ego.core.store.inmemory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

import io.ego.core.store.DataKeyRecord;
import io.ego.core.store.DataKeyStore;
import io.ego.core.store.Identifiers;
import io.ego.core.store.NonBlockingStore;
import io.ego.core.store.StoreException;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DataKeyStore} in memory: for tests. Keys die with the process, and with them
 * every payload they encrypted, so use a durable store in production.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class InMemoryDataKeyStore implements DataKeyStore, NonBlockingStore {

	private final ConcurrentSkipListMap<String, DataKeyRecord> keys = new ConcurrentSkipListMap<>();

	/** Key ids of each entity, oldest first. */
	private final Map<String, List<String>> byEntity = new ConcurrentHashMap<>();

	@Override
	public void insert(DataKeyRecord key) {
		Identifiers.requireWellFormed("key id", key.keyId());
		Identifiers.requireWellFormed("persistence id", key.persistenceId());
		Identifiers.requireWellFormed("master key id", key.masterKeyId());
		this.byEntity.compute(key.persistenceId(), (pid, ids) -> {
			if (this.keys.putIfAbsent(key.keyId(), key) != null) {
				throw new StoreException("data key '" + key.keyId() + "' exists");
			}
			List<String> list = (ids != null) ? ids : new ArrayList<>();
			list.add(key.keyId());
			return list;
		});
	}

	@Override
	public @Nullable DataKeyRecord get(String keyId) {
		Identifiers.requireWellFormed("key id", keyId);
		return this.keys.get(keyId);
	}

	@Override
	public @Nullable DataKeyRecord latest(String persistenceId) {
		Identifiers.requireWellFormed("persistence id", persistenceId);
		@Nullable DataKeyRecord[] latest = new @Nullable DataKeyRecord[1];
		this.byEntity.computeIfPresent(persistenceId, (pid, ids) -> {
			latest[0] = ids.isEmpty() ? null : this.keys.get(ids.get(ids.size() - 1));
			return ids;
		});
		return latest[0];
	}

	@Override
	public int deleteAll(String persistenceId) {
		Identifiers.requireWellFormed("persistence id", persistenceId);
		int[] deleted = new int[1];
		this.byEntity.computeIfPresent(persistenceId, (pid, ids) -> {
			for (String id : ids) {
				if (this.keys.remove(id) != null) {
					deleted[0]++;
				}
			}
			return null;
		});
		return deleted[0];
	}

	@Override
	public List<DataKeyRecord> wrappedByOtherThan(String masterKeyId, String afterKeyId, int limit) {
		Identifiers.requireWellFormed("master key id", masterKeyId);
		Identifiers.requireWellFormed("key id", afterKeyId);
		if (limit <= 0) {
			throw new IllegalArgumentException("limit must be positive but was " + limit);
		}
		List<DataKeyRecord> result = new ArrayList<>();
		for (DataKeyRecord key : this.keys.tailMap(afterKeyId, false).values()) {
			if (!key.masterKeyId().equals(masterKeyId)) {
				result.add(key);
				if (result.size() == limit) {
					break;
				}
			}
		}
		return result;
	}

	@Override
	public boolean rewrap(DataKeyRecord rewrapped, String expectedMasterKeyId) {
		Identifiers.requireWellFormed("key id", rewrapped.keyId());
		Identifiers.requireWellFormed("master key id", rewrapped.masterKeyId());
		Identifiers.requireWellFormed("expected master key id", expectedMasterKeyId);
		DataKeyRecord current = this.keys.get(rewrapped.keyId());
		return current != null && current.masterKeyId().equals(expectedMasterKeyId)
				&& this.keys.replace(rewrapped.keyId(), current, rewrapped);
	}

	/**
	 * @return how many keys are stored
	 */
	public int size() {
		return this.keys.size();
	}

	@Override
	public List<DataKeyRecord> keysAfter(String afterKeyId, int limit) {
		Identifiers.requireWellFormed("key id", afterKeyId);
		if (limit <= 0) {
			throw new IllegalArgumentException("limit must be positive but was " + limit);
		}
		return this.keys.tailMap(afterKeyId, false).values().stream().limit(limit).toList();
	}

}
