package io.ego.connector.websocket.client;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.google.protobuf.InvalidProtocolBufferException;
import io.ego.connector.v1.PublishedEvent;
import io.ego.connector.websocket.v1.Subscribe;
import org.jspecify.annotations.Nullable;

/**
 * A client of the eGo WebSocket event stream, on the JDK's {@link WebSocket}: connects,
 * subscribes (entity types, persistence id, where to start), and hands each event to a
 * {@link Listener} in journal position order. It remembers the position and part of the
 * last event it handed over, so that {@link #reconnect()} resumes right after it without
 * losing or repeating an event; an event at or before that point is dropped (counted by
 * {@link #duplicatesDropped()}).
 *
 * <pre>{@code
 * EgoEventStreamClient client = EgoEventStreamClient.builder(URI.create("ws://localhost:8080/ego/events"))
 *         .entityTypes("account")
 *         .afterPosition(savedPosition)
 *         .listener((event) -> handle(reader.payload(event)))
 *         .connect();
 * // ... after a disconnect:
 * client = client.reconnect();
 * }</pre>
 * <p>
 * The listener is called on the WebSocket's thread, one event at a time; the next frame
 * is requested when it returns, so a slow listener slows the stream down (and a listener
 * slower than the server's send timeout gets the connection closed with 1013).
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class EgoEventStreamClient implements AutoCloseable {

	private final Builder settings;

	private final CompletableFuture<Closed> closed = new CompletableFuture<>();

	private final AtomicBoolean paused = new AtomicBoolean();

	private final AtomicBoolean owed = new AtomicBoolean();

	private volatile long lastPosition;

	private volatile int lastPart;

	private final AtomicLong received = new AtomicLong();

	private final AtomicLong duplicatesDropped = new AtomicLong();

	private volatile @Nullable WebSocket webSocket;

	private EgoEventStreamClient(Builder settings) {
		this.settings = settings;
		this.lastPosition = settings.afterPosition;
		this.lastPart = settings.afterPart;
		this.paused.set(settings.paused);
	}

	/**
	 * @param uri the stream's URI, e.g. {@code ws://localhost:8080/ego/events}
	 * @return a builder
	 */
	public static Builder builder(URI uri) {
		return new Builder(uri);
	}

	/**
	 * @return the position of the last event handed to the listener (where a resume
	 * starts); the start position before the first, {@code -1} for a live-only start
	 */
	public long lastPosition() {
		return this.lastPosition;
	}

	/**
	 * @return the part of the last event handed to the listener
	 * ({@link PublishedEvent#getPart()}), {@code -1} when all parts of
	 * {@link #lastPosition()} were received
	 */
	public int lastPart() {
		return this.lastPart;
	}

	/**
	 * @return the number of events handed to the listener
	 */
	public long received() {
		return this.received.get();
	}

	/**
	 * @return the number of events dropped because they were at or before the last one
	 * handed over
	 */
	public long duplicatesDropped() {
		return this.duplicatesDropped.get();
	}

	/**
	 * @return completes when the connection closes, with the close code and reason
	 * ({@code 1006} and the failure's message when it broke)
	 */
	public CompletableFuture<Closed> closed() {
		return this.closed;
	}

	/**
	 * Stops requesting frames: the server's buffer for this client fills up (tests of
	 * slow clients; back-pressure).
	 */
	public void pause() {
		this.paused.set(true);
	}

	/**
	 * Requests frames again after {@link #pause()}.
	 */
	public void resume() {
		this.paused.set(false);
		WebSocket socket = this.webSocket;
		if (socket != null && this.owed.compareAndSet(true, false)) {
			socket.request(1);
		}
	}

	/**
	 * Connects again with the same settings and listener, resuming after the last event
	 * this client handed over. Closes this client's connection first (if it is open).
	 * @return the new client, subscribed
	 */
	public EgoEventStreamClient reconnect() {
		abort();
		Builder again = this.settings.copy();
		long position = this.lastPosition;
		if (position >= 0) {
			again.afterPosition = position;
			again.afterPart = this.lastPart;
		}
		again.paused = false;
		return again.connect();
	}

	/**
	 * Closes the connection normally (1000). Does not wait.
	 */
	@Override
	public void close() {
		WebSocket socket = this.webSocket;
		if (socket != null && !socket.isOutputClosed()) {
			socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
		}
	}

	/**
	 * Drops the connection at once, without a close handshake (a disconnect).
	 */
	public synchronized void abort() {
		// first: a frame still arriving is not handed over (reconnect resumes after the
		// last one that was)
		this.closed.complete(new Closed(1006, "aborted by the client"));
		WebSocket socket = this.webSocket;
		if (socket != null) {
			socket.abort();
		}
	}

	private EgoEventStreamClient open() {
		WebSocket.Builder builder = this.settings.httpClient.newWebSocketBuilder()
			.connectTimeout(this.settings.connectTimeout);
		this.settings.headers.forEach(builder::header);
		CompletableFuture<WebSocket> connecting = builder.buildAsync(this.settings.uri, new Receiver());
		WebSocket socket;
		try {
			socket = connecting.get(this.settings.connectTimeout.toMillis() * 2, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while connecting to " + this.settings.uri, ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new IllegalStateException("could not connect to " + this.settings.uri + ": " + cause, cause);
		}
		this.webSocket = socket;
		Subscribe.Builder subscribe = Subscribe.newBuilder()
			.addAllEntityTypes(this.settings.entityTypes)
			.setPersistenceId(this.settings.persistenceId);
		if (this.settings.afterPosition >= 0) {
			subscribe.setAfterPosition(this.settings.afterPosition);
			if (this.settings.afterPart >= 0) {
				subscribe.setAfterPart(this.settings.afterPart);
			}
		}
		socket.sendBinary(ByteBuffer.wrap(subscribe.build().toByteArray()), true).join();
		return this;
	}

	private synchronized void handle(byte[] frame) {
		if (this.closed.isDone()) {
			return;
		}
		PublishedEvent event;
		try {
			event = PublishedEvent.parseFrom(frame);
		}
		catch (InvalidProtocolBufferException ex) {
			this.settings.listener
				.onError(new IllegalArgumentException("a frame is not an ego.connector.v1.PublishedEvent", ex));
			return;
		}
		long position = this.lastPosition;
		int part = this.lastPart;
		if (event.getPosition() < position
				|| (event.getPosition() == position && (part < 0 || event.getPart() <= part))) {
			this.duplicatesDropped.incrementAndGet();
			return;
		}
		this.settings.listener.onEvent(event);
		this.lastPosition = event.getPosition();
		this.lastPart = event.getPart();
		this.received.incrementAndGet();
	}

	/** Receives the frames, one at a time. */
	private final class Receiver implements WebSocket.Listener {

		private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

		@Override
		public void onOpen(WebSocket webSocket) {
			requestNext(webSocket);
		}

		@Override
		public @Nullable CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
			byte[] bytes = new byte[data.remaining()];
			data.get(bytes);
			this.partial.writeBytes(bytes);
			if (last) {
				byte[] frame = this.partial.toByteArray();
				this.partial.reset();
				handle(frame);
			}
			requestNext(webSocket);
			return null;
		}

		@Override
		public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			requestNext(webSocket);
			return null;
		}

		@Override
		public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			if (EgoEventStreamClient.this.closed.complete(new Closed(statusCode, reason))) {
				EgoEventStreamClient.this.settings.listener.onClose(statusCode, reason);
			}
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			if (EgoEventStreamClient.this.closed.complete(new Closed(1006, String.valueOf(error.getMessage())))) {
				EgoEventStreamClient.this.settings.listener.onError(error);
			}
		}

		private void requestNext(WebSocket webSocket) {
			if (EgoEventStreamClient.this.paused.get()) {
				EgoEventStreamClient.this.owed.set(true);
				// resumed in between: request now
				if (!EgoEventStreamClient.this.paused.get()
						&& EgoEventStreamClient.this.owed.compareAndSet(true, false)) {
					webSocket.request(1);
				}
			}
			else {
				webSocket.request(1);
			}
		}

	}

	/**
	 * How the connection closed.
	 *
	 * @param statusCode the close code (1000 normal, 1013 too slow, 1006 broken, ...)
	 * @param reason the reason the server gave
	 */
	public record Closed(int statusCode, String reason) {

	}

	/**
	 * Receives the events of a stream.
	 */
	@FunctionalInterface
	public interface Listener {

		/**
		 * Called for each event, in journal position order, one at a time.
		 * @param event the envelope (decode the payload with
		 * {@code io.ego.connector.support.EnvelopeReader})
		 */
		void onEvent(PublishedEvent event);

		/**
		 * Called once when the server closed the connection.
		 * @param statusCode the close code
		 * @param reason the reason
		 */
		default void onClose(int statusCode, String reason) {
		}

		/**
		 * Called when the connection broke, or a frame was no envelope.
		 * @param error the failure
		 */
		default void onError(Throwable error) {
		}

	}

	/**
	 * Builds and connects a client.
	 */
	public static final class Builder {

		private final URI uri;

		private HttpClient httpClient = HttpClient.newHttpClient();

		private Duration connectTimeout = Duration.ofSeconds(10);

		private final Map<String, String> headers = new LinkedHashMap<>();

		private List<String> entityTypes = List.of();

		private String persistenceId = "";

		private long afterPosition = -1;

		private int afterPart = -1;

		private boolean paused;

		private Listener listener = (event) -> {
		};

		private Builder(URI uri) {
			this.uri = uri;
		}

		/**
		 * @param httpClient the HTTP client that opens the WebSocket (TLS, proxy,
		 * authenticator, executor)
		 * @return this builder
		 */
		public Builder httpClient(HttpClient httpClient) {
			this.httpClient = httpClient;
			return this;
		}

		/**
		 * @param connectTimeout how long connecting may take
		 * @return this builder
		 */
		public Builder connectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
			return this;
		}

		/**
		 * Adds a header to the handshake request, e.g. {@code Authorization}.
		 * @param name the name
		 * @param value the value
		 * @return this builder
		 */
		public Builder header(String name, String value) {
			this.headers.put(name, value);
			return this;
		}

		/**
		 * @param entityTypes only events of these entity types (all when none)
		 * @return this builder
		 */
		public Builder entityTypes(String... entityTypes) {
			this.entityTypes = List.of(entityTypes);
			return this;
		}

		/**
		 * @param persistenceId only the events of this entity
		 * ({@code entityType|entityId})
		 * @return this builder
		 */
		public Builder persistenceId(String persistenceId) {
			this.persistenceId = persistenceId;
			return this;
		}

		/**
		 * Starts after a journal position: {@code 0} for the whole journal, a saved
		 * position to resume. Without it, the stream starts at the journal's head (live
		 * events only).
		 * @param position the exclusive lower bound, not negative
		 * @return this builder
		 */
		public Builder afterPosition(long position) {
			if (position < 0) {
				throw new IllegalArgumentException("position must not be negative: " + position);
			}
			this.afterPosition = position;
			this.afterPart = -1;
			return this;
		}

		/**
		 * Starts after a part of the event at a position (an event an adapter split).
		 * @param position the position of the last event received
		 * @param part its part ({@link PublishedEvent#getPart()})
		 * @return this builder
		 */
		public Builder afterPosition(long position, int part) {
			afterPosition(position);
			if (part < 0) {
				throw new IllegalArgumentException("part must not be negative: " + part);
			}
			this.afterPart = part;
			return this;
		}

		/**
		 * @param paused whether to connect without requesting frames until
		 * {@link EgoEventStreamClient#resume()}
		 * @return this builder
		 */
		public Builder paused(boolean paused) {
			this.paused = paused;
			return this;
		}

		/**
		 * @param listener receives the events
		 * @return this builder
		 */
		public Builder listener(Listener listener) {
			this.listener = listener;
			return this;
		}

		/**
		 * Connects and subscribes; blocks until the subscription was sent.
		 * @return the client
		 * @throws IllegalStateException when the connection could not be opened
		 */
		public EgoEventStreamClient connect() {
			return new EgoEventStreamClient(copy()).open();
		}

		private Builder copy() {
			Builder copy = new Builder(this.uri);
			copy.httpClient = this.httpClient;
			copy.connectTimeout = this.connectTimeout;
			copy.headers.putAll(this.headers);
			copy.entityTypes = new ArrayList<>(this.entityTypes);
			copy.persistenceId = this.persistenceId;
			copy.afterPosition = this.afterPosition;
			copy.afterPart = this.afterPart;
			copy.paused = this.paused;
			copy.listener = this.listener;
			return copy;
		}

	}

}
