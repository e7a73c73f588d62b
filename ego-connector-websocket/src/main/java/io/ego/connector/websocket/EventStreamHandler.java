package io.ego.connector.websocket;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.google.protobuf.InvalidProtocolBufferException;
import io.ego.connector.websocket.v1.Subscribe;
import io.ego.core.EgoEngine;
import io.ego.core.EntityTypeInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * Streams the journal's events to WebSocket clients. A client sends one binary
 * {@link Subscribe} frame (where to start, which entity types, which persistence id); the
 * handler then sends each matching event as one binary frame holding an
 * {@link io.ego.connector.v1.PublishedEvent} envelope, in journal position order: first
 * what the journal has after the client's position (read gap-free, page by page), then
 * live events as they are appended. Each client has its own bounded buffer
 * ({@link EventStreamSettings#maxBufferedEvents()}); a client that does not read fast
 * enough is closed with {@link #SLOW_CLIENT} rather than buffered without bound.
 * <p>
 * Close codes: {@link #SLOW_CLIENT} (1013) too slow; {@link CloseStatus#NOT_ACCEPTABLE}
 * (1003) the first frame was not a binary {@code Subscribe};
 * {@link CloseStatus#POLICY_VIOLATION} (1008) a second {@code Subscribe} or an unknown
 * entity type; {@link CloseStatus#SERVER_ERROR} (1011) the journal could not be read;
 * {@link CloseStatus#GOING_AWAY} (1001) the server stops. A client resumes after the last
 * position it received in each case.
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class EventStreamHandler extends AbstractWebSocketHandler implements AutoCloseable {

	/**
	 * The close status of a client that let its buffer stay full for the send timeout:
	 * 1013 (try again later), with a reason that names the limit.
	 */
	public static final CloseStatus SLOW_CLIENT = CloseStatus.SERVICE_OVERLOAD;

	/** The longest close reason WebSocket allows, in UTF-8 bytes. */
	private static final int MAX_REASON_BYTES = 123;

	private static final Logger logger = LoggerFactory.getLogger(EventStreamHandler.class);

	private final EgoEngine engine;

	private final EventStreamSettings settings;

	private final Map<String, EventStream> streams = new ConcurrentHashMap<>();

	private final StreamCounters counters = new StreamCounters();

	private volatile boolean closed;

	/**
	 * Creates a handler.
	 * @param engine the engine whose journal is streamed
	 * @param settings the buffer, timeout and paging settings
	 */
	public EventStreamHandler(EgoEngine engine, EventStreamSettings settings) {
		this.engine = engine;
		this.settings = settings;
	}

	/**
	 * @return the settings
	 */
	public EventStreamSettings settings() {
		return this.settings;
	}

	/**
	 * @return the number of subscribed clients
	 */
	public int openStreams() {
		return this.streams.size();
	}

	/**
	 * @return the most events any client's buffer held, at most
	 * {@link EventStreamSettings#maxBufferedEvents()}
	 */
	public int highestBuffered() {
		return this.counters.highestBuffered.get();
	}

	/**
	 * @return the number of clients closed with {@link #SLOW_CLIENT}
	 */
	public long slowClientsClosed() {
		return this.counters.slowClientsClosed.get();
	}

	@Override
	protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) throws Exception {
		if (this.streams.containsKey(session.getId())) {
			session.close(CloseStatus.POLICY_VIOLATION.withReason("already subscribed: one Subscribe per connection"));
			return;
		}
		Subscribe subscribe;
		try {
			subscribe = Subscribe.parseFrom(message.getPayload());
		}
		catch (InvalidProtocolBufferException ex) {
			session.close(CloseStatus.NOT_ACCEPTABLE.withReason("not an ego.connector.websocket.v1.Subscribe"));
			return;
		}
		Set<String> known = this.engine.entityTypes()
			.stream()
			.map(EntityTypeInfo::name)
			.collect(Collectors.toUnmodifiableSet());
		for (String entityType : subscribe.getEntityTypesList()) {
			if (!known.contains(entityType)) {
				session
					.close(CloseStatus.POLICY_VIOLATION.withReason(reason("unknown entity type '" + entityType + "'")));
				return;
			}
		}
		if (this.closed) {
			session.close(CloseStatus.GOING_AWAY.withReason("server stopping"));
			return;
		}
		EventStream stream = new EventStream(session, this.engine.journalReader(), SubscriptionFilter.of(subscribe),
				start(subscribe), this.settings, this.counters);
		this.streams.put(session.getId(), stream);
		stream.start();
	}

	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
		session.close(CloseStatus.NOT_ACCEPTABLE
			.withReason("text frames are not accepted: send a binary ego.connector.websocket.v1.Subscribe"));
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) {
		logger.debug("WebSocket event stream {}: transport error", session.getId(), exception);
		EventStream stream = this.streams.remove(session.getId());
		if (stream != null) {
			stream.stop();
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		EventStream stream = this.streams.remove(session.getId());
		if (stream != null) {
			stream.stop();
		}
	}

	/**
	 * Closes every client's connection with {@link CloseStatus#GOING_AWAY} (once what is
	 * being written was written) and refuses new subscriptions.
	 */
	@Override
	public void close() {
		this.closed = true;
		for (EventStream stream : this.streams.values()) {
			stream.close(CloseStatus.GOING_AWAY.withReason("server stopping"));
		}
	}

	private static EventStream.Start start(Subscribe subscribe) {
		if (!subscribe.hasAfterPosition()) {
			return new EventStream.Start(-1, -1, -1);
		}
		long after = Math.max(0, subscribe.getAfterPosition());
		if (subscribe.hasAfterPart() && after > 0) {
			// reads the position again, for the parts after the one the client has
			return new EventStream.Start(after - 1, after, subscribe.getAfterPart());
		}
		return new EventStream.Start(after, -1, -1);
	}

	private static String reason(String reason) {
		byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
		if (bytes.length <= MAX_REASON_BYTES) {
			return reason;
		}
		return new String(bytes, 0, MAX_REASON_BYTES - 3, StandardCharsets.UTF_8) + "...";
	}

}
