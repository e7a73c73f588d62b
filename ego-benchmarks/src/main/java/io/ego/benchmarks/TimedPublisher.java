package io.ego.benchmarks;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import com.google.protobuf.Message;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.publisher.EventPublisher;

/**
 * Wraps a connector's {@link EventPublisher} and records, for every event of a batch
 * whose {@link #publish} returned (that is, once the broker acknowledged it), the time
 * from the event's journal write time ({@link EventEnvelope#writeTime()}, stamped in
 * milliseconds when the command was handled, just before the journal commit) to that
 * return. The connector's own code is unchanged: this is the benchmark's probe, counted
 * only once {@link #arm() armed}.
 */
final class TimedPublisher implements EventPublisher {

	private final EventPublisher delegate;

	private final Object lock = new Object();

	private long[] latencies = new long[32_768];

	private int recorded;

	private boolean armed;

	private long published;

	private long failures;

	TimedPublisher(EventPublisher delegate) {
		this.delegate = delegate;
	}

	@Override
	public void publish(List<EventEnvelope> events) throws Exception {
		try {
			this.delegate.publish(events);
		}
		catch (Exception ex) {
			synchronized (this.lock) {
				this.failures++;
			}
			throw ex;
		}
		Instant acknowledged = Instant.now();
		long nowMicros = acknowledged.getEpochSecond() * 1_000_000 + acknowledged.getNano() / 1_000;
		synchronized (this.lock) {
			this.published += events.size();
			if (!this.armed) {
				return;
			}
			if (this.recorded + events.size() > this.latencies.length) {
				this.latencies = Arrays.copyOf(this.latencies,
						Math.max(2 * this.latencies.length, this.recorded + events.size()));
			}
			for (EventEnvelope event : events) {
				Instant written = event.writeTime();
				this.latencies[this.recorded++] = nowMicros
						- (written.getEpochSecond() * 1_000_000 + written.getNano() / 1_000);
			}
		}
	}

	@Override
	public boolean isPoison(Exception failure) {
		return this.delegate.isPoison(failure);
	}

	@Override
	public boolean receivesErasures() {
		return this.delegate.receivesErasures();
	}

	@Override
	public List<? extends Message> messageTypes() {
		return this.delegate.messageTypes();
	}

	/** Starts recording latencies, forgetting the failures counted so far. */
	void arm() {
		synchronized (this.lock) {
			this.armed = true;
			this.recorded = 0;
			this.failures = 0;
		}
	}

	/**
	 * @return the events acknowledged so far (armed or not)
	 */
	long published() {
		synchronized (this.lock) {
			return this.published;
		}
	}

	/**
	 * @return the failed {@link #publish} calls since {@link #arm()}
	 */
	long failures() {
		synchronized (this.lock) {
			return this.failures;
		}
	}

	/**
	 * @return the events recorded since {@link #arm()}
	 */
	int recorded() {
		synchronized (this.lock) {
			return this.recorded;
		}
	}

	/**
	 * @return the latencies recorded since {@link #arm()}, in µs, sorted
	 */
	long[] sortedLatencies() {
		long[] copy;
		synchronized (this.lock) {
			copy = Arrays.copyOf(this.latencies, this.recorded);
		}
		Arrays.sort(copy);
		return copy;
	}

}
