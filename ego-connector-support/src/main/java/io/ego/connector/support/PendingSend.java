package io.ego.connector.support;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * One message sent, tracked by {@link PendingSends} until the engine learns it was
 * acknowledged: its id, which recognises it in a retry of its batch, and the future of
 * the broker's acknowledgement.
 *
 * @param <R> the broker's receipt
 * @author eGo team
 * @since 0.2.0
 */
public final class PendingSend<R> {

	private final String id;

	private final CompletableFuture<R> future;

	private volatile long completedAt;

	PendingSend(String id, CompletableFuture<R> future) {
		this.id = id;
		this.future = future;
		future.whenComplete((receipt, failure) -> this.completedAt = System.nanoTime());
	}

	/**
	 * @return what recognises the message in a retry of its batch
	 */
	public String id() {
		return this.id;
	}

	/**
	 * @return the future of the broker's acknowledgement
	 */
	public CompletableFuture<R> future() {
		return this.future;
	}

	/**
	 * @return whether the send failed: a retry sends the message again
	 */
	public boolean isFailed() {
		return this.future.isCompletedExceptionally();
	}

	/**
	 * @return the failure of a failed send, else {@code null}
	 */
	public @Nullable Throwable failure() {
		return isFailed() ? this.future.exceptionNow() : null;
	}

	/**
	 * @param now the current {@link System#nanoTime()}
	 * @param keepNanos how long a completed send is kept
	 * @return whether it completed more than {@code keepNanos} ago
	 */
	boolean isStale(long now, long keepNanos) {
		long completed = this.completedAt;
		return completed != 0 && now - completed > keepNanos;
	}

	@Override
	public String toString() {
		return "PendingSend[" + this.id + ", " + this.future.state() + "]";
	}

}
