package io.ego.connector.websocket;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the streams of one handler count: the fullest any buffer was and the clients
 * closed for being too slow.
 *
 * @author eGo team
 * @since 0.2.0
 */
final class StreamCounters {

	final AtomicInteger highestBuffered = new AtomicInteger();

	final AtomicLong slowClientsClosed = new AtomicLong();

	void buffered(int size) {
		this.highestBuffered.accumulateAndGet(size, Math::max);
	}

}
