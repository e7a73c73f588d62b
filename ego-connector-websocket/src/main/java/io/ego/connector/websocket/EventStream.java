package io.ego.connector.websocket;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Message;
import io.ego.connector.support.Envelopes;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.projection.JournalReader;
import io.ego.core.v1.EntityErased;
import io.ego.core.v1.ErasedEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * One client's subscription: a reader thread pages the journal from the client's start
 * position, then follows it, and puts each matching event's envelope into a bounded
 * buffer; a sender thread writes the buffer to the connection, one binary frame per
 * event. When the buffer stays full for the send timeout (the client does not read as
 * fast as the journal grows), the stream stops reading, drops the buffer and closes the
 * connection with {@link EventStreamHandler#SLOW_CLIENT}: memory stays bounded by the
 * buffer. Every write and the close happen on the sender thread. Both threads are
 * virtual.
 *
 * @author eGo team
 * @since 0.2.0
 */
final class EventStream {

	private static final Logger logger = LoggerFactory.getLogger(EventStream.class);

	/** Marks the end of the buffer: the sender closes the connection when it takes it. */
	private static final byte[] CLOSE = new byte[0];

	private final WebSocketSession session;

	private final JournalReader journal;

	private final SubscriptionFilter filter;

	private final Start start;

	private final EventStreamSettings settings;

	private final StreamCounters counters;

	private final ArrayBlockingQueue<byte[]> buffer;

	private volatile @Nullable CloseStatus closing;

	private volatile boolean stopped;

	private @Nullable Thread reader;

	private @Nullable Thread sender;

	EventStream(WebSocketSession session, JournalReader journal, SubscriptionFilter filter, Start start,
			EventStreamSettings settings, StreamCounters counters) {
		this.session = session;
		this.journal = journal;
		this.filter = filter;
		this.start = start;
		this.settings = settings;
		this.counters = counters;
		this.buffer = new ArrayBlockingQueue<>(settings.maxBufferedEvents());
	}

	synchronized void start() {
		String id = this.session.getId();
		this.sender = Thread.ofVirtual().name("ego-websocket-send-" + id).start(this::send);
		this.reader = Thread.ofVirtual().name("ego-websocket-read-" + id).start(this::read);
	}

	/**
	 * Stops reading and closes the connection once what is being written was written.
	 * @param status the close status
	 */
	synchronized void close(CloseStatus status) {
		if (this.closing != null || this.stopped) {
			return;
		}
		this.closing = status;
		Thread reader = this.reader;
		if (reader != null && reader != Thread.currentThread()) {
			reader.interrupt();
		}
		// the reader may put one more frame in before it sees the interrupt: cleared
		// again
		this.buffer.clear();
		while (!this.buffer.offer(CLOSE)) {
			this.buffer.clear();
		}
	}

	/** The connection is closed: stops both threads. */
	synchronized void stop() {
		this.stopped = true;
		this.buffer.clear();
		if (this.reader != null) {
			this.reader.interrupt();
		}
		if (this.sender != null) {
			this.sender.interrupt();
		}
	}

	private void read() {
		long skipPosition = this.start.skipPosition();
		int skipPart = this.start.skipPart();
		long previousPosition = -1;
		int part = 0;
		int limit = this.settings.maxBufferedEvents();
		long offerNanos = this.settings.sendTimeout().toNanos();
		try {
			// live only: from the head
			long after = (this.start.afterPosition() >= 0) ? this.start.afterPosition() : this.journal.headPosition();
			while (this.closing == null && !this.stopped) {
				JournalReader.Page page = this.journal.eventsAfter(after, this.settings.pageSize());
				if (page.position() == after) {
					this.journal.awaitEventsAfter(after, this.settings.pollInterval());
					continue;
				}
				for (EventEnvelope event : page.events()) {
					part = (event.position() == previousPosition) ? part + 1 : 0;
					previousPosition = event.position();
					if ((event.position() == skipPosition && part <= skipPart) || isErasure(event.event())
							|| !this.filter.matches(event)) {
						continue;
					}
					byte[] frame = Envelopes.event(event, part).toByteArray();
					if (!this.buffer.offer(frame, offerNanos, TimeUnit.NANOSECONDS)) {
						if (this.closing == null) {
							this.counters.slowClientsClosed.incrementAndGet();
							close(EventStreamHandler.SLOW_CLIENT.withReason(
									"too slow: " + limit + " buffered events (max-buffered-events) not sent within "
											+ this.settings.sendTimeout()));
						}
						return;
					}
					this.counters.buffered(this.buffer.size());
				}
				after = page.position();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Throwable ex) {
			// an Error too: the client must learn that its stream ended, not wait on an
			// open
			// connection
			if (this.closing == null && !this.stopped) {
				logger.warn("WebSocket event stream {} stops: reading the journal failed", this.session.getId(), ex);
				close(CloseStatus.SERVER_ERROR.withReason("reading the journal failed; resume later"));
			}
		}
	}

	private void send() {
		try {
			while (!this.stopped) {
				byte[] frame = this.buffer.take();
				if (frame == CLOSE) {
					CloseStatus status = this.closing;
					this.session.close((status != null) ? status : CloseStatus.NORMAL);
					return;
				}
				this.session.sendMessage(new BinaryMessage(frame));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Throwable ex) {
			// IOException, or anything else: this stream ends, the reader with it
			if (!this.stopped) {
				logger.debug("WebSocket event stream {}: writing failed", this.session.getId(), ex);
				stop();
				try {
					this.session.close(CloseStatus.SESSION_NOT_RELIABLE);
				}
				catch (IOException | RuntimeException closing) {
					logger.debug("WebSocket event stream {}: closing failed", this.session.getId(), closing);
				}
			}
		}
	}

	private static boolean isErasure(Message event) {
		return event instanceof ErasedEvent || event instanceof EntityErased;
	}

	/**
	 * Where a stream starts.
	 *
	 * @param afterPosition the exclusive lower bound of the first read, {@code -1} for
	 * the journal's head when the stream starts
	 * @param skipPosition the position whose first parts the client has, {@code -1} for
	 * none
	 * @param skipPart the last part of {@code skipPosition} the client has
	 */
	record Start(long afterPosition, long skipPosition, int skipPart) {

	}

}
