package io.ego.connector.nats;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.ego.connector.support.Acknowledgements;
import io.ego.connector.support.PendingSend;
import io.ego.connector.support.PendingSends;
import io.ego.connector.support.Publishing;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import org.jspecify.annotations.Nullable;

/**
 * What {@link NatsEventPublisher} and {@link NatsStatePublisher} share: publishes a batch
 * to JetStream asynchronously and returns once every message was acknowledged; anything
 * less throws, so that the engine sends the batch again.
 * <p>
 * Order: messages of different entities are in flight together, but an entity's next
 * message is published only once its previous one was acknowledged (the batch goes out in
 * waves of one message per entity). A connection lost midway can drop messages already
 * written to the socket while later ones, buffered for the reconnection, still reach the
 * server; with one message per entity in flight, that never reorders an entity's
 * messages. A message a failed attempt got acknowledged, or still has in flight, is not
 * published again by a retry (which waits for it instead); what is published twice anyway
 * (after a restart, a lost acknowledgement) carries the same
 * {@value EgoNatsHeaders#MSG_ID} and is dropped by the stream's duplicate window.
 *
 * @author eGo team
 * @since 0.2.0
 */
final class NatsSender implements AutoCloseable {

	/** How long a send waits for acknowledgements when no timeout is set. */
	static final Duration DEFAULT_SEND_TIMEOUT = Publishing.DEFAULT_SEND_TIMEOUT;

	/** The options of the connection to open on first use, when the sender owns it. */
	private final @Nullable Options options;

	private volatile @Nullable Connection connection;

	private volatile @Nullable JetStream jetStream;

	private final NatsStream stream;

	private final Subjects subjects;

	private final Duration sendTimeout;

	/** Sends not yet confirmed to the engine, by message id. */
	private final PendingSends<PublishAck> sends = new PendingSends<>(NatsFailures.CLASSIFIER);

	private final AtomicLong duplicates = new AtomicLong();

	private volatile boolean prepared;

	private volatile boolean closed;

	/**
	 * Creates a sender on the caller's connection ({@code options == null}), or on a
	 * connection of its own opened from the options on first use: an application then
	 * starts while NATS is down, and publishing fails (and is retried) until the first
	 * connection succeeds; from then on the client reconnects as its options say.
	 */
	NatsSender(@Nullable Connection connection, @Nullable Options options, NatsStream stream, Subjects subjects,
			Duration sendTimeout) {
		if ((connection == null) == (options == null)) {
			throw new IllegalArgumentException("either a connection or connection options");
		}
		this.connection = connection;
		this.options = options;
		this.stream = stream;
		this.subjects = subjects;
		this.sendTimeout = sendTimeout;
	}

	/**
	 * Returns the JetStream context, connecting first when the sender owns the
	 * connection.
	 */
	private JetStream jetStream() throws IOException, InterruptedException {
		JetStream context = this.jetStream;
		if (context != null) {
			return context;
		}
		synchronized (this) {
			if (this.jetStream == null) {
				Connection current = this.connection;
				if (current == null) {
					current = Nats.connect(Objects.requireNonNull(this.options));
					this.connection = current;
				}
				this.jetStream = current.jetStream();
			}
			return Objects.requireNonNull(this.jetStream);
		}
	}

	/**
	 * Default connection options for a URL: reconnect for ever, a wait of 250 ms between
	 * attempts, a reconnect buffer of 64 MB.
	 * @param url the server URL(s), comma-separated
	 * @return the options builder
	 */
	static Options.Builder options(String url) {
		return Options.builder()
			.server(url)
			.maxReconnects(-1)
			.reconnectWait(Duration.ofMillis(250))
			.reconnectBufferSize(64L * 1024 * 1024);
	}

	static void checkSendTimeout(@Nullable Duration timeout) {
		Publishing.checkSendTimeout(timeout);
	}

	/**
	 * Creates the stream when allowed and missing, else checks it; done once, before the
	 * first publish.
	 * @throws Exception when the stream is missing or does not capture the subjects
	 * ({@link NatsStreamException}), or JetStream does not answer
	 */
	void prepare() throws Exception {
		if (!this.prepared) {
			synchronized (this) {
				if (!this.prepared) {
					jetStream();
					this.stream.prepare(Objects.requireNonNull(this.connection), this.subjects.filter());
					this.prepared = true;
				}
			}
		}
	}

	/**
	 * Publishes the messages, each entity's in order, and returns once JetStream
	 * acknowledged every one.
	 * @param messages the messages, in journal (or change-feed) order
	 * @throws Exception the poison failure of a message, or the client's failure, or a
	 * {@link TimeoutException} when not every message was acknowledged in time
	 */
	void send(List<Outgoing> messages) throws Exception {
		this.sends.purgeStale();
		if (messages.isEmpty()) {
			return;
		}
		if (this.closed) {
			throw new IllegalStateException("publisher to stream '" + this.stream.name() + "' is closed");
		}
		prepare();
		JetStream context = jetStream();
		Map<String, ArrayDeque<Outgoing>> byKey = new LinkedHashMap<>();
		for (Outgoing message : messages) {
			byKey.computeIfAbsent(message.key(), (key) -> new ArrayDeque<>()).add(message);
		}
		long deadline = System.nanoTime() + this.sendTimeout.toNanos();
		List<PendingSend<PublishAck>> batch = new ArrayList<>(messages.size());
		List<PendingSend<PublishAck>> wave = new ArrayList<>(byKey.size());
		while (!byKey.isEmpty()) {
			wave.clear();
			@Nullable Exception refused = null;
			for (ArrayDeque<Outgoing> queue : byKey.values()) {
				Outgoing next = queue.peekFirst();
				if (next == null) {
					continue;
				}
				try {
					wave.add(send(context, next));
				}
				catch (NatsMessageRejectedException ex) {
					refused = ex;
				}
			}
			Acknowledgements acknowledgements = awaitAcknowledged(wave, deadline);
			batch.addAll(wave);
			if (refused != null) {
				throw refused;
			}
			acknowledgements.throwUnlessAllAcknowledged((unacknowledged,
					awaited) -> new TimeoutException(unacknowledged + " of " + awaited + " message(s) to stream '"
							+ this.stream.name() + "' not acknowledged within " + this.sendTimeout));
			byKey.values().removeIf((queue) -> {
				queue.pollFirst();
				return queue.isEmpty();
			});
		}
		this.sends.forget(batch);
	}

	/** Publishes a message, or returns the send of an earlier attempt still valid. */
	private PendingSend<PublishAck> send(JetStream context, Outgoing message) {
		PendingSend<PublishAck> send = this.sends.reusable(message.id());
		if (send != null) {
			return send;
		}
		Headers headers = message.headers();
		headers.put(EgoNatsHeaders.MSG_ID, message.id());
		String subject = this.subjects.subject(message.entityType());
		PublishOptions options = PublishOptions.builder().expectedStream(this.stream.name()).build();
		CompletableFuture<PublishAck> future;
		try {
			future = context.publishAsync(subject, headers, message.data(), options);
		}
		catch (IllegalArgumentException ex) {
			// the client's check of the server's maximum payload and control line
			throw new NatsMessageRejectedException(message.id(), subject, ex);
		}
		future.thenAccept((ack) -> {
			if (ack.isDuplicate()) {
				this.duplicates.incrementAndGet();
			}
		});
		return this.sends.track(message.id(), future);
	}

	/**
	 * Waits for the wave's acknowledgements and forgets the failed sends (a retry
	 * publishes them again).
	 */
	private Acknowledgements awaitAcknowledged(List<PendingSend<PublishAck>> wave, long deadline)
			throws InterruptedException {
		Acknowledgements acknowledgements = this.sends.await(wave, deadline);
		this.sends.forgetFailed(wave);
		Throwable failure = acknowledgements.failure();
		if (failure != null && NatsFailures.isNoStream(failure)) {
			// the stream was deleted (or never captured the subject): the next attempt
			// creates it again, or names it
			this.prepared = false;
		}
		return acknowledgements;
	}

	NatsStream stream() {
		return this.stream;
	}

	Subjects subjects() {
		return this.subjects;
	}

	Duration sendTimeout() {
		return this.sendTimeout;
	}

	@Nullable Connection connection() {
		return this.connection;
	}

	long duplicates() {
		return this.duplicates.get();
	}

	/**
	 * Fails the pending sends (a publish waiting for them returns at once) and forgets
	 * them; closes the connection when the sender created it.
	 */
	@Override
	public void close() {
		this.closed = true;
		IllegalStateException closing = new IllegalStateException(
				"publisher to stream '" + this.stream.name() + "' closed");
		this.sends.failAll(closing);
		Connection current = this.connection;
		if (this.options != null && current != null) {
			try {
				current.close();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * One message to publish.
	 *
	 * @param id its {@value EgoNatsHeaders#MSG_ID}, which also recognises it in a retry
	 * of its batch
	 * @param key the persistence id: messages of one key are published in order
	 * @param entityType the entity type (the subject)
	 * @param headers the headers (the message id is added)
	 * @param data the serialized envelope
	 */
	record Outgoing(String id, String key, String entityType, Headers headers, byte[] data) {
	}

}
