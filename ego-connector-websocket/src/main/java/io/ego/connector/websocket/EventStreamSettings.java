package io.ego.connector.websocket;

import java.time.Duration;

/**
 * How an {@link EventStreamHandler} streams to each client.
 *
 * @param maxBufferedEvents the most events read from the journal for one client and not
 * yet written to its connection; a client that lets the buffer stay full for
 * {@code sendTimeout} is closed
 * @param sendTimeout how long a full buffer may stay full before the client is closed
 * ({@link EventStreamHandler#SLOW_CLIENT})
 * @param pageSize the most stored events read from the journal at a time
 * @param pollInterval how long a caught-up stream waits for new events before it reads
 * the journal again (appends of this node wake it at once; those of other nodes are seen
 * at this interval)
 * @author eGo team
 * @since 0.2.0
 */
public record EventStreamSettings(int maxBufferedEvents, Duration sendTimeout, int pageSize, Duration pollInterval) {

	/** The default {@link #maxBufferedEvents()}. */
	public static final int DEFAULT_MAX_BUFFERED_EVENTS = 1000;

	/** The default {@link #sendTimeout()}. */
	public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(10);

	/** The default {@link #pageSize()}. */
	public static final int DEFAULT_PAGE_SIZE = 500;

	/** The default {@link #pollInterval()}. */
	public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

	/**
	 * Checks the settings.
	 * @throws IllegalArgumentException when a count is not positive or a duration not
	 * positive
	 */
	public EventStreamSettings {
		if (maxBufferedEvents <= 0) {
			throw new IllegalArgumentException("maxBufferedEvents must be positive: " + maxBufferedEvents);
		}
		if (pageSize <= 0) {
			throw new IllegalArgumentException("pageSize must be positive: " + pageSize);
		}
		if (sendTimeout.isNegative() || sendTimeout.isZero()) {
			throw new IllegalArgumentException("sendTimeout must be positive: " + sendTimeout);
		}
		if (pollInterval.isNegative() || pollInterval.isZero()) {
			throw new IllegalArgumentException("pollInterval must be positive: " + pollInterval);
		}
	}

	/**
	 * @return the defaults: 1000 buffered events, 10 seconds, pages of 500, 1 second
	 */
	public static EventStreamSettings defaults() {
		return new EventStreamSettings(DEFAULT_MAX_BUFFERED_EVENTS, DEFAULT_SEND_TIMEOUT, DEFAULT_PAGE_SIZE,
				DEFAULT_POLL_INTERVAL);
	}

	/**
	 * @param maxBufferedEvents the most buffered events per client
	 * @return a copy with it
	 */
	public EventStreamSettings withMaxBufferedEvents(int maxBufferedEvents) {
		return new EventStreamSettings(maxBufferedEvents, this.sendTimeout, this.pageSize, this.pollInterval);
	}

	/**
	 * @param sendTimeout how long a full buffer may stay full
	 * @return a copy with it
	 */
	public EventStreamSettings withSendTimeout(Duration sendTimeout) {
		return new EventStreamSettings(this.maxBufferedEvents, sendTimeout, this.pageSize, this.pollInterval);
	}

	/**
	 * @param pageSize the most stored events read at a time
	 * @return a copy with it
	 */
	public EventStreamSettings withPageSize(int pageSize) {
		return new EventStreamSettings(this.maxBufferedEvents, this.sendTimeout, pageSize, this.pollInterval);
	}

	/**
	 * @param pollInterval how long a caught-up stream waits before reading again
	 * @return a copy with it
	 */
	public EventStreamSettings withPollInterval(Duration pollInterval) {
		return new EventStreamSettings(this.maxBufferedEvents, this.sendTimeout, this.pageSize, pollInterval);
	}

}
