package io.ego.connector.support;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

/**
 * The sends of a publisher not yet confirmed to the engine, by message id: what keeps a
 * publisher's sends across the engine's retries. A publish sends its batch and
 * {@link #await awaits} the acknowledgements up to its send timeout; anything less
 * throws, and the engine sends the batch again. A message a failed attempt got
 * acknowledged, or still has in flight, is then {@link #reusable reused} (awaited, not
 * sent a second time), which keeps duplicates to what a crash leaves behind. Completed
 * sends are forgotten {@value #KEEP_MINUTES} minutes after they completed (the engine's
 * retries back off to 30 s).
 * <p>
 * Thread-safe; a publisher's batches are sent one at a time.
 *
 * @param <R> the broker's receipt
 * @author eGo team
 * @since 0.2.0
 */
public final class PendingSends<R> {

	/** How long a completed send of a failed attempt is remembered for the retries. */
	public static final int KEEP_MINUTES = 10;

	private static final long KEEP_NANOS = TimeUnit.MINUTES.toNanos(KEEP_MINUTES);

	private static final long PURGE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final FailureClassifier failures;

	private final Map<String, PendingSend<R>> sends = new ConcurrentHashMap<>();

	private volatile long lastPurge = System.nanoTime();

	/**
	 * @param failures the connector's classification of failures (the poison failure of a
	 * batch is reported first)
	 */
	public PendingSends(FailureClassifier failures) {
		this.failures = failures;
	}

	/**
	 * @param id a message id
	 * @return the message's send of an earlier attempt, failed or not, or {@code null}
	 */
	public @Nullable PendingSend<R> previous(String id) {
		return this.sends.get(id);
	}

	/**
	 * @param id a message id
	 * @return the message's send of an earlier attempt when it is in flight or
	 * acknowledged (to await rather than send again), else {@code null}
	 */
	public @Nullable PendingSend<R> reusable(String id) {
		PendingSend<R> send = this.sends.get(id);
		return (send != null && !send.isFailed()) ? send : null;
	}

	/**
	 * Tracks a send, in place of the message's earlier one.
	 * @param id the message id
	 * @param future the future of the broker's acknowledgement
	 * @return the tracked send
	 */
	public PendingSend<R> track(String id, CompletableFuture<R> future) {
		PendingSend<R> send = new PendingSend<>(id, future);
		this.sends.put(id, send);
		return send;
	}

	/**
	 * Waits until every send was acknowledged or failed, or the deadline passed.
	 * @param batch the sends
	 * @param deadline the deadline, in {@link System#nanoTime()}
	 * @return how many were not acknowledged in time, and the failure to report (a poison
	 * one first)
	 * @throws InterruptedException when interrupted while waiting
	 */
	public Acknowledgements await(List<PendingSend<R>> batch, long deadline) throws InterruptedException {
		@Nullable Throwable failure = null;
		int unacknowledged = 0;
		for (PendingSend<R> send : batch) {
			try {
				send.future().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException ex) {
				unacknowledged++;
			}
			catch (ExecutionException | CancellationException ex) {
				failure = this.failures.prefer(failure, this.failures.unwrap(ex));
			}
		}
		return new Acknowledgements(batch.size(), unacknowledged, failure);
	}

	/**
	 * Forgets sends (acknowledged ones the engine is told of).
	 * @param batch the sends
	 */
	public void forget(Collection<PendingSend<R>> batch) {
		for (PendingSend<R> send : batch) {
			this.sends.remove(send.id(), send);
		}
	}

	/**
	 * Forgets the failed ones of the sends (a retry sends them again); keeps the
	 * acknowledged and those in flight, for the retry to await.
	 * @param batch the sends
	 */
	public void forgetFailed(Collection<PendingSend<R>> batch) {
		for (PendingSend<R> send : batch) {
			if (send.isFailed()) {
				this.sends.remove(send.id(), send);
			}
		}
	}

	/**
	 * Forgets the sends that completed more than {@value #KEEP_MINUTES} minutes ago; does
	 * so at most once a second.
	 */
	public void purgeStale() {
		long now = System.nanoTime();
		if (this.sends.isEmpty() || now - this.lastPurge < PURGE_INTERVAL_NANOS) {
			return;
		}
		this.lastPurge = now;
		this.sends.values().removeIf((send) -> send.isStale(now, KEEP_NANOS));
	}

	/**
	 * Fails every send still in flight (a publish waiting for it returns at once) and
	 * forgets them all: the publisher is closing.
	 * @param failure the failure
	 */
	public void failAll(Throwable failure) {
		for (PendingSend<R> send : this.sends.values()) {
			send.future().completeExceptionally(failure);
		}
		this.sends.clear();
	}

	/**
	 * Forgets every send, leaving those in flight to complete unobserved.
	 */
	public void clear() {
		this.sends.clear();
	}

	/**
	 * @return how many sends are tracked
	 */
	public int size() {
		return this.sends.size();
	}

}
