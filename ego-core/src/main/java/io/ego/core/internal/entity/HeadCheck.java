package io.ego.core.internal.entity;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import com.google.protobuf.Message;
import io.ego.core.CommandReply;
import io.ego.core.PersistenceFailureException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies that the state in memory is the store's before a cell answers a read, a
 * rejection or a no-op from it: needed only when other engines may write the entity, and
 * only for pendings created before the state was last verified (recovered, written, or
 * its head checked). Owner only.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class HeadCheck {

	private static final Logger logger = LoggerFactory.getLogger(Cell.class);

	private final String persistenceId;

	private final BooleanSupplier sharedWriters;

	private final LongSupplier storedHead;

	private final LongSupplier knownRevision;

	/**
	 * When the state in memory was last known to be the store's
	 * ({@link System#nanoTime()}).
	 */
	private long verifiedAtNanos = System.nanoTime() - Long.MAX_VALUE / 2;

	/**
	 * @param persistenceId the entity
	 * @param sharedWriters whether other engines may write it now
	 * @param storedHead reads the entity's head in the store (one indexed query)
	 * @param knownRevision the revision of the state in memory
	 */
	HeadCheck(String persistenceId, BooleanSupplier sharedWriters, LongSupplier storedHead,
			LongSupplier knownRevision) {
		this.persistenceId = persistenceId;
		this.sharedWriters = sharedWriters;
		this.storedHead = storedHead;
		this.knownRevision = knownRevision;
	}

	/**
	 * Tells whether the state in memory may answer a pending: yes when this engine is the
	 * entity's only writer or the state was verified after the pending was created;
	 * otherwise reads the store's head.
	 * @param pending the read or command about to be answered without a write
	 * @param <S> the state type
	 * @return {@link Head#CURRENT} to answer now, {@link Head#BEHIND} when the store is
	 * ahead (the caller queues the pending again and reloads), {@link Head#UNVERIFIED}
	 * when the store failed (the pending was answered "not written")
	 */
	<S extends Message> Head check(Pending<S> pending) {
		if (pending.createdNanos - this.verifiedAtNanos < 0 || !this.sharedWriters.getAsBoolean()) {
			return Head.CURRENT;
		}
		long checkedAt = System.nanoTime();
		long head;
		try {
			head = this.storedHead.getAsLong();
		}
		catch (Throwable ex) {
			logger.warn("Head of '{}' could not be read: {}", this.persistenceId, ex.toString());
			pending.reply(new CommandReply.Failed<>(new PersistenceFailureException("the head of '" + this.persistenceId
					+ "' could not be read to verify the state; nothing was written: " + ex, ex)));
			return Head.UNVERIFIED;
		}
		long known = this.knownRevision.getAsLong();
		if (head <= known) {
			this.verifiedAtNanos = checkedAt;
			return Head.CURRENT;
		}
		logger.debug("'{}' is behind the store ({} < {}): another writer; catching up", this.persistenceId, known,
				head);
		return Head.BEHIND;
	}

	/**
	 * Notes that the state in memory was the store's at an instant (recovery started, a
	 * write began that succeeded): pendings created before it need no head check.
	 * @param nanos the instant, on the {@link System#nanoTime()} scale
	 */
	void verifiedAt(long nanos) {
		if (nanos - this.verifiedAtNanos > 0) {
			this.verifiedAtNanos = nanos;
		}
	}

	/**
	 * What {@link #check} found.
	 */
	enum Head {

		/** The state in memory is the store's: answer. */
		CURRENT,

		/** The store is ahead: the pending is queued again and the cell reloads. */
		BEHIND,

		/** The head could not be read: the pending was answered with the failure. */
		UNVERIFIED

	}

}
