package io.ego.core.internal.crypto;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import javax.crypto.spec.SecretKeySpec;

import io.ego.core.encryption.EncryptionException;
import io.ego.core.encryption.EncryptionSettings;
import io.ego.core.encryption.MasterKeyProvider;
import io.ego.core.encryption.WrappedKey;
import io.ego.core.store.DataKeyRecord;
import io.ego.core.store.DataKeyStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's data keys: creates them (random 256-bit AES keys, wrapped by the master
 * key and stored), reads and unwraps them through a bounded LRU cache, deletes them on
 * erasure, rewraps them after a master key rotation. Live cells hold their entity's key
 * themselves, so commands never come here.
 *
 * <h2>Key ids</h2> {@code dk1.} followed by 16 random bytes in unpadded base64url (26
 * characters): unique without coordination, meaningless to an attacker. The master key
 * that wrapped a data key is kept with it in the store (it changes on rewrap), not in the
 * payloads.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class DataKeys {

	private static final Logger logger = LoggerFactory.getLogger(DataKeys.class);

	static final String KEY_ID_PREFIX = "dk1.";

	public final SecureRandom random = new SecureRandom();

	private final MasterKeyProvider masterKeys;

	private final DataKeyStore store;

	private final Clock clock;

	private final int capacity;

	private final long ttlNanos;

	public final boolean durableState;

	private final ReentrantLock lock = new ReentrantLock();

	private final LinkedHashMap<String, Cached> cache = new LinkedHashMap<>(64, 0.75f, true);

	/**
	 * Entities erased by this engine: {@link #ERASING} while their keys are being
	 * deleted, then when that ended ({@link System#nanoTime()}). A reader that started
	 * before the end must not cache what it read; entries older than the cache's time to
	 * live are dropped.
	 */
	private final ConcurrentHashMap<String, Long> erasures = new ConcurrentHashMap<>();

	private static final long ERASING = Long.MIN_VALUE;

	/**
	 * Runs when a reader is about to cache a key it read from the store; tests pause a
	 * reader there.
	 */
	volatile @Nullable Runnable beforeCaching;

	/**
	 * @return the store the keys are kept in
	 */
	public DataKeyStore store() {
		return this.store;
	}

	/**
	 * Creates the data keys of an engine.
	 * @param settings the encryption settings
	 * @param store where wrapped keys are kept
	 * @param clock the clock for creation times
	 */
	public DataKeys(EncryptionSettings settings, DataKeyStore store, Clock clock) {
		this.masterKeys = settings.masterKeys();
		this.store = store;
		this.clock = clock;
		this.capacity = settings.keyCacheSize();
		this.ttlNanos = settings.keyCacheTtl().toNanos();
		this.durableState = settings.durableState();
	}

	/**
	 * Returns the key an entity's new payloads are encrypted with.
	 * @param persistenceId the entity
	 * @return its latest key, or {@code null} when it has none yet
	 */
	public @Nullable DataKey latest(String persistenceId) {
		long started = System.nanoTime();
		DataKeyRecord record = this.store.latest(persistenceId);
		if (record == null) {
			return null;
		}
		DataKey cached = cached(record.keyId());
		return (cached != null) ? cached : unwrap(record, started);
	}

	/**
	 * Creates, wraps and stores a new key of an entity.
	 * @param persistenceId the entity
	 * @return the key
	 */
	public DataKey create(String persistenceId) {
		byte[] id = new byte[16];
		byte[] material = new byte[32];
		this.random.nextBytes(id);
		this.random.nextBytes(material);
		String keyId = KEY_ID_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(id);
		WrappedKey wrapped = this.masterKeys.wrap(keyId, persistenceId, material);
		this.store.insert(new DataKeyRecord(keyId, persistenceId, wrapped.wrappedKey(), wrapped.masterKeyId(),
				this.clock.instant()));
		DataKey key = new DataKey(keyId, persistenceId, new SecretKeySpec(material, "AES"));
		Arrays.fill(material, (byte) 0);
		put(keyId, key);
		return key;
	}

	/**
	 * Returns a key by id, from the cache or the store.
	 * @param keyId the key id a payload names
	 * @param persistenceId the entity of that payload
	 * @return the key, or {@code null} when the store has no such key (erased, or never
	 * existed)
	 * @throws EncryptionException when the key belongs to another entity or does not
	 * unwrap
	 */
	public @Nullable DataKey get(String keyId, String persistenceId) {
		DataKey key = cached(keyId);
		if (key == null) {
			long started = System.nanoTime();
			DataKeyRecord record = this.store.get(keyId);
			if (record == null) {
				return null;
			}
			key = unwrap(record, started);
		}
		if (!key.persistenceId().equals(persistenceId)) {
			throw new EncryptionException("a payload of '" + persistenceId + "' names data key '" + keyId
					+ "', which belongs to '" + key.persistenceId() + "'");
		}
		return key;
	}

	private DataKey unwrap(DataKeyRecord record, long readStarted) {
		byte[] material = this.masterKeys.unwrap(record.masterKeyId(), record.keyId(), record.persistenceId(),
				record.wrappedKey());
		if (material == null || material.length != 32) {
			throw new EncryptionException("data key '" + record.keyId() + "' of '" + record.persistenceId()
					+ "' unwrapped to " + ((material == null) ? "nothing" : material.length + " bytes")
					+ " instead of a 256-bit key");
		}
		DataKey key = new DataKey(record.keyId(), record.persistenceId(), new SecretKeySpec(material, "AES"));
		Arrays.fill(material, (byte) 0);
		putUnlessErased(key, readStarted);
		return key;
	}

	/**
	 * Caches a key read from the store unless its entity was being erased while (or
	 * after) it was read. The check and the put hold the cache lock, as do the erasure's
	 * evictions, so a reader descheduled between reading the store and caching can never
	 * re-cache a shredded key.
	 */
	private void putUnlessErased(DataKey key, long readStarted) {
		Runnable pause = this.beforeCaching;
		if (pause != null) {
			pause.run();
		}
		this.lock.lock();
		try {
			Long erased = this.erasures.get(key.persistenceId());
			if (erased == null || (erased != ERASING && erased - readStarted < 0)) {
				put(key.keyId(), key);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private @Nullable DataKey cached(String keyId) {
		this.lock.lock();
		try {
			Cached cached = this.cache.get(keyId);
			if (cached == null) {
				return null;
			}
			if (System.nanoTime() - cached.loadedAt > this.ttlNanos) {
				this.cache.remove(keyId);
				return null;
			}
			return cached.key;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void put(String keyId, DataKey key) {
		this.lock.lock();
		try {
			this.cache.put(keyId, new Cached(key, System.nanoTime()));
			if (this.cache.size() > this.capacity) {
				Iterator<Map.Entry<String, Cached>> eldest = this.cache.entrySet().iterator();
				eldest.next();
				eldest.remove();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Deletes every key of an entity from the store and from this engine's cache
	 * (crypto-shredding). Other engines on the same stores keep a key they cached for at
	 * most the cache's time to live ({@code key-cache-ttl}); their entities recover
	 * afresh and see the erasure marker at once.
	 * @param persistenceId the entity
	 * @return how many keys the store deleted
	 */
	public int erase(String persistenceId) {
		long now = System.nanoTime();
		this.erasures.values().removeIf((ended) -> ended != ERASING && now - ended > this.ttlNanos);
		markAndEvict(persistenceId, ERASING);
		try {
			return this.store.deleteAll(persistenceId);
		}
		finally {
			markAndEvict(persistenceId, System.nanoTime());
		}
	}

	private void markAndEvict(String persistenceId, long mark) {
		this.lock.lock();
		try {
			this.erasures.put(persistenceId, mark);
			this.cache.values().removeIf((cached) -> cached.key.persistenceId().equals(persistenceId));
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Rewraps every stored data key not wrapped by the current master key with it.
	 * @return how many keys were rewrapped
	 */
	public long rewrap() {
		String current = this.masterKeys.currentKeyId();
		long rewrapped = 0;
		String after = "";
		for (;;) {
			List<DataKeyRecord> page = this.store.wrappedByOtherThan(current, after, 500);
			for (DataKeyRecord record : page) {
				byte[] material = this.masterKeys.unwrap(record.masterKeyId(), record.keyId(), record.persistenceId(),
						record.wrappedKey());
				WrappedKey wrapped = this.masterKeys.wrap(record.keyId(), record.persistenceId(), material);
				Arrays.fill(material, (byte) 0);
				if (this.store.rewrap(record.rewrapped(wrapped.wrappedKey(), wrapped.masterKeyId()),
						record.masterKeyId())) {
					rewrapped++;
				}
				after = record.keyId();
			}
			if (page.size() < 500) {
				break;
			}
		}
		logger.info("Rewrapped {} data key(s) with master key '{}'", rewrapped, current);
		return rewrapped;
	}

	private record Cached(DataKey key, long loadedAt) {
	}

}
