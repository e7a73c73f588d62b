package io.ego.core.store.inmemory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;

import io.ego.core.store.Identifiers;
import io.ego.core.store.Lease;
import io.ego.core.store.NonBlockingStore;
import io.ego.core.store.Offset;
import io.ego.core.store.OffsetStore;
import org.jspecify.annotations.Nullable;

/**
 * An {@link OffsetStore} in memory, with its leases. Writes are serialized by one short
 * lock, so that a commit checks its lease and its expected offset atomically; reads take
 * no lock.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class InMemoryOffsetStore implements OffsetStore, NonBlockingStore {

	private final Map<String, Map<String, Offset>> offsets = new ConcurrentHashMap<>();

	private final Map<String, Map<String, LeaseRow>> leases = new ConcurrentHashMap<>();

	private final ReentrantLock writes = new ReentrantLock();

	/** The paused consumers. */
	private final Set<String> paused = ConcurrentHashMap.newKeySet();

	@Override
	public void save(Offset offset) {
		Identifiers.requireWellFormed("consumer", offset.consumer());
		Identifiers.requireWellFormed("partition", offset.partition());
		this.writes.lock();
		try {
			partitions(offset.consumer()).put(offset.partition(), offset);
		}
		finally {
			this.writes.unlock();
		}
	}

	private Map<String, Offset> partitions(String consumer) {
		return this.offsets.computeIfAbsent(consumer, (key) -> new ConcurrentSkipListMap<>());
	}

	@Override
	public @Nullable Offset get(String consumer, String partition) {
		Identifiers.requireWellFormed("consumer", consumer);
		Identifiers.requireWellFormed("partition", partition);
		Map<String, Offset> partitions = this.offsets.get(consumer);
		return (partitions != null) ? partitions.get(partition) : null;
	}

	@Override
	public List<Offset> load(String consumer) {
		Identifiers.requireWellFormed("consumer", consumer);
		Map<String, Offset> partitions = this.offsets.get(consumer);
		return (partitions != null) ? List.copyOf(partitions.values()) : List.of();
	}

	@Override
	public void delete(String consumer) {
		Identifiers.requireWellFormed("consumer", consumer);
		this.writes.lock();
		try {
			this.offsets.remove(consumer);
		}
		finally {
			this.writes.unlock();
		}
	}

	@Override
	public boolean commit(Lease lease, long expectedPosition, Offset offset) {
		OffsetStore.checkCommit(lease, expectedPosition, offset);
		this.writes.lock();
		try {
			LeaseRow row = row(lease.consumer(), lease.partition());
			if (row == null || !lease.owner().equals(row.owner()) || row.token() != lease.token()) {
				return false;
			}
			Offset stored = get(offset.consumer(), offset.partition());
			long current = (stored != null) ? stored.position() : NO_OFFSET;
			if (current != expectedPosition) {
				return false;
			}
			partitions(offset.consumer()).put(offset.partition(), offset);
			return true;
		}
		finally {
			this.writes.unlock();
		}
	}

	@Override
	public @Nullable Lease acquire(String consumer, String partition, String owner, Instant now, Duration duration) {
		checkDuration(duration);
		this.writes.lock();
		try {
			LeaseRow row = row(consumer, partition);
			if (row != null && row.owner() != null && !row.owner().equals(owner) && now.isBefore(row.expiresAt())) {
				return null;
			}
			long token = (row != null) ? row.token() + 1 : 1;
			Instant expiresAt = now.plus(duration);
			this.leases.computeIfAbsent(consumer, (key) -> new ConcurrentSkipListMap<>())
				.put(partition, new LeaseRow(owner, token, expiresAt));
			return new Lease(consumer, partition, owner, token, expiresAt);
		}
		finally {
			this.writes.unlock();
		}
	}

	@Override
	public @Nullable Lease renew(Lease lease, Instant now, Duration duration) {
		checkDuration(duration);
		this.writes.lock();
		try {
			LeaseRow row = row(lease.consumer(), lease.partition());
			if (row == null || !lease.owner().equals(row.owner()) || row.token() != lease.token()) {
				return null;
			}
			Instant expiresAt = now.plus(duration);
			rows(lease.consumer()).put(lease.partition(), new LeaseRow(lease.owner(), row.token(), expiresAt));
			return new Lease(lease.consumer(), lease.partition(), lease.owner(), row.token(), expiresAt);
		}
		finally {
			this.writes.unlock();
		}
	}

	@Override
	public void release(Lease lease) {
		this.writes.lock();
		try {
			LeaseRow row = row(lease.consumer(), lease.partition());
			if (row != null && lease.owner().equals(row.owner()) && row.token() == lease.token()) {
				rows(lease.consumer()).put(lease.partition(), new LeaseRow(null, row.token(), row.expiresAt()));
			}
		}
		finally {
			this.writes.unlock();
		}
	}

	@Override
	public List<Lease> leases(String consumer) {
		Map<String, LeaseRow> rows = this.leases.get(consumer);
		if (rows == null) {
			return List.of();
		}
		List<Lease> held = new ArrayList<>(rows.size());
		for (Map.Entry<String, LeaseRow> entry : rows.entrySet()) {
			LeaseRow row = entry.getValue();
			String owner = row.owner();
			if (owner != null) {
				held.add(new Lease(consumer, entry.getKey(), owner, row.token(), row.expiresAt()));
			}
		}
		return List.copyOf(held);
	}

	private @Nullable LeaseRow row(String consumer, String partition) {
		Map<String, LeaseRow> rows = this.leases.get(consumer);
		return (rows != null) ? rows.get(partition) : null;
	}

	/** The leases of a consumer that has one ({@link #row} found it). */
	private Map<String, LeaseRow> rows(String consumer) {
		return Objects.requireNonNull(this.leases.get(consumer), "a consumer with a lease has its rows");
	}

	private static void checkDuration(Duration duration) {
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException("a lease's duration must be positive but was " + duration);
		}
	}

	/**
	 * A stored lease; {@code owner} is {@code null} once released (the token stays, so
	 * that later ones are higher).
	 */
	private record LeaseRow(@Nullable String owner, long token, Instant expiresAt) {
	}

	/** Keeps pauses natively, in memory, rather than in a control offset. */
	@Override
	public boolean paused(String consumer) {
		Identifiers.requireWellFormed("consumer", consumer);
		return this.paused.contains(consumer);
	}

	@Override
	public void setPaused(String consumer, boolean paused, Instant at) {
		Identifiers.requireWellFormed("consumer", consumer);
		if (paused) {
			this.paused.add(consumer);
		}
		else {
			this.paused.remove(consumer);
		}
	}

	@Override
	public List<String> consumers() {
		return this.offsets.entrySet()
			.stream()
			.filter((entry) -> !entry.getValue().isEmpty())
			.map(Map.Entry::getKey)
			.sorted()
			.toList();
	}

}
