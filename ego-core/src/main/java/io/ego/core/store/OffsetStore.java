package io.ego.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Keeps consumers' offsets, keyed by (consumer, partition), and the {@link Lease leases}
 * on their workers.
 * <p>
 * A worker runs on the instance that holds its lease ({@link #acquire}, then
 * {@link #renew} well before it expires, {@link #release} on a graceful stop) and moves
 * its offset only with {@link #commit}: a compare-and-set on the offset it read, fenced
 * by the lease's token, so that neither a commit whose outcome was unknown, nor a stray
 * thread, nor another instance can apply a batch twice or move an offset backwards.
 * {@link #save} writes an offset unconditionally; the engine uses it for operator actions
 * only (a rebuild, control flags).
 * <p>
 * Lease times come from the caller ({@code now}): instances sharing a store must have
 * clocks that agree to well within a lease's duration. Leases and offsets are
 * independent: {@link #delete} does not touch leases, and a lease can be held on a
 * partition without an offset. Implementations are thread-safe; failures are
 * {@link StoreException}s.
 *
 * @author eGo team
 * @since 0.1.0
 */
public interface OffsetStore {

	/**
	 * The expected position given to {@link #commit} for a partition that has no stored
	 * offset yet.
	 */
	long NO_OFFSET = -1;

	/**
	 * Prefix of the consumer under which the engine keeps a consumer's control offsets:
	 * the pause of the default {@link #paused} and where a consumer that starts at the
	 * end of the journal first started.
	 */
	String CONTROL_PREFIX = "$control:";

	/**
	 * Partition of the control offset that holds a consumer's pause, for the default
	 * {@link #paused}.
	 */
	String PAUSED_PARTITION = "paused";

	/**
	 * Inserts or replaces the offset of (consumer, partition), whatever is stored and
	 * whoever holds its lease.
	 * @param offset the offset
	 */
	void save(Offset offset);

	/**
	 * Returns one offset.
	 * @param consumer the consumer
	 * @param partition the partition
	 * @return the offset, or {@code null} when none was saved
	 */
	@Nullable Offset get(String consumer, String partition);

	/**
	 * Returns all offsets of a consumer, ordered by partition.
	 * @param consumer the consumer
	 * @return the offsets, possibly empty
	 */
	List<Offset> load(String consumer);

	/**
	 * Deletes all offsets of a consumer (e.g. to rebuild a projection from the
	 * beginning); its leases stay.
	 * @param consumer the consumer
	 */
	void delete(String consumer);

	/**
	 * Commits an offset under a lease: a compare-and-set that stores {@code offset} only
	 * if the lease is still held with its token (same owner and token, whether or not it
	 * expired meanwhile: nobody else acquired it) and the stored offset of (consumer,
	 * partition) is still at {@code expectedPosition}. Where the store is transactional
	 * (JDBC) the commit joins the caller's transaction, so that a projection's read model
	 * and its offset commit or roll back together.
	 * @param lease the lease the worker holds, on the offset's consumer and partition
	 * @param expectedPosition the stored position the worker's batch started from, or
	 * {@link #NO_OFFSET} when none was stored
	 * @param offset the new offset, at or after {@code expectedPosition}
	 * @return whether it was stored; {@code false} when the lease was taken over or the
	 * offset moved meanwhile (then nothing was written)
	 * @throws IllegalArgumentException when the offset is not the lease's, or lies before
	 * {@code expectedPosition}
	 */
	boolean commit(Lease lease, long expectedPosition, Offset offset);

	/**
	 * Acquires the lease of (consumer, partition) for an owner, when nobody holds it, its
	 * holder released it or let it expire, or the owner holds it already; each
	 * acquisition gets a token higher than every earlier one of the partition.
	 * @param consumer the consumer
	 * @param partition the worker's partition
	 * @param owner the acquiring instance's id
	 * @param now the current time
	 * @param duration how long the lease lasts without renewal, positive
	 * @return the lease, expiring at {@code now + duration}; {@code null} when another
	 * owner holds it unexpired
	 */
	@Nullable Lease acquire(String consumer, String partition, String owner, Instant now, Duration duration);

	/**
	 * Extends a lease the caller holds, if it still holds it (same owner and token, even
	 * when it expired meanwhile).
	 * @param lease the lease
	 * @param now the current time
	 * @param duration how long the lease lasts from now, positive
	 * @return the lease expiring at {@code now + duration}, same token; {@code null} when
	 * it is no longer held
	 */
	@Nullable Lease renew(Lease lease, Instant now, Duration duration);

	/**
	 * Gives a lease back, so that another instance may acquire it at once; a no-op when
	 * it is no longer held (same owner and token).
	 * @param lease the lease
	 */
	void release(Lease lease);

	/**
	 * Returns the leases of a consumer that are held (not released), expired ones
	 * included, ordered by partition.
	 * @param consumer the consumer
	 * @return the leases, possibly empty
	 */
	List<Lease> leases(String consumer);

	/**
	 * Tells whether a consumer is paused: an operator's pause, which outlives restarts
	 * and holds on every instance running the consumer until {@link #setPaused resumed}.
	 * A consumer never paused is not.
	 * <p>
	 * The default reads the pause from a control offset, the row
	 * {@code ("$control:" + consumer, "paused")} holding position {@code 1} while paused
	 * and {@code 0} once resumed, which is where engines before this method kept it, so
	 * that a store implementing only the offset methods keeps its stored pauses. A store
	 * may override both pause methods to keep pauses its own way (the in-memory store
	 * does); a store wrapping another must forward both.
	 * @param consumer the consumer
	 * @return whether it is paused
	 */
	default boolean paused(String consumer) {
		Offset control = get(CONTROL_PREFIX + consumer, PAUSED_PARTITION);
		return control != null && control.position() == 1;
	}

	/**
	 * Pauses or resumes a consumer (see {@link #paused}); whoever holds its leases. The
	 * default writes the control offset {@link #paused} reads, unconditionally.
	 * @param consumer the consumer
	 * @param paused whether it is paused from now on
	 * @param at when the operator paused or resumed it
	 */
	default void setPaused(String consumer, boolean paused, Instant at) {
		save(new Offset(CONTROL_PREFIX + consumer, PAUSED_PARTITION, paused ? 1 : 0, at));
	}

	/**
	 * Checks the arguments of {@link #commit} as every store must: the offset belongs to
	 * the lease's consumer and partition, and moves forward from a valid expected
	 * position.
	 * @param lease the lease
	 * @param expectedPosition the expected position
	 * @param offset the offset
	 * @throws IllegalArgumentException naming the consumer, partition and positions
	 */
	static void checkCommit(Lease lease, long expectedPosition, Offset offset) {
		if (!lease.consumer().equals(offset.consumer()) || !lease.partition().equals(offset.partition())) {
			throw new IllegalArgumentException("the offset of '" + offset.consumer() + "' partition "
					+ offset.partition() + " cannot be committed under the lease of '" + lease.consumer()
					+ "' partition " + lease.partition());
		}
		if (expectedPosition < NO_OFFSET || offset.position() < expectedPosition) {
			throw new IllegalArgumentException(
					"the offset of '" + offset.consumer() + "' partition " + offset.partition() + " cannot move from "
							+ expectedPosition + " to " + offset.position() + ": commits only move offsets forward");
		}
	}

	/**
	 * Lists the consumers that have stored offsets (control offsets included), ascending:
	 * for tools that copy a store. The default throws.
	 * @return the consumers' names
	 * @throws UnsupportedOperationException when the store cannot list them
	 * @since 0.2.0
	 */
	default List<String> consumers() {
		throw new UnsupportedOperationException(getClass().getName() + " does not list consumers");
	}

}
