package io.ego.connector.nats;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.ego.connector.support.PublishedBatches;
import io.ego.connector.support.Publishing;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.publisher.EventPublisher;
import io.nats.client.Connection;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import org.jspecify.annotations.Nullable;

/**
 * Publishes journal events to a NATS JetStream stream: subject = the template with the
 * entity type ({@value #DEFAULT_SUBJECT} by default), data = a
 * {@link io.ego.connector.v1.PublishedEvent} envelope, headers = {@link EgoNatsHeaders},
 * {@value EgoNatsHeaders#MSG_ID} = persistence id and sequence number so that the
 * stream's duplicate window drops re-publishes. Register it with
 * {@link io.ego.core.EgoEngineBuilder#eventPublisher(String, EventPublisher, io.ego.core.projection.ProjectionSettings)
 * EgoEngineBuilder.eventPublisher}: the engine drives it from the journal with its own
 * offsets, so every event is published at least once.
 * <p>
 * {@link #publish} publishes the batch asynchronously, an entity's next event only once
 * its previous one was acknowledged, and returns once JetStream acknowledged every
 * message (up to the send timeout); anything less throws, and the engine sends the batch
 * again. Before the first publish the stream is created (when allowed and missing) or
 * checked ({@link NatsStreamException} otherwise).
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class NatsEventPublisher implements EventPublisher, AutoCloseable {

	/** The stream used when none is set. */
	public static final String DEFAULT_STREAM = "EGO_EVENTS";

	/** The subject template used when none is set. */
	public static final String DEFAULT_SUBJECT = "ego.events.{entityType}";

	/** How long {@link #publish} waits for acknowledgements when no timeout is set. */
	public static final Duration DEFAULT_SEND_TIMEOUT = NatsSender.DEFAULT_SEND_TIMEOUT;

	private final NatsSender sender;

	private final Set<String> entityTypes;

	private NatsEventPublisher(Builder builder) {
		this.sender = new NatsSender(builder.connection, builder.options, builder.stream, builder.subjects,
				builder.sendTimeout);
		this.entityTypes = Set.copyOf(builder.entityTypes);
	}

	/**
	 * Starts a publisher on the given connection (which stays the caller's to close).
	 * @param connection the NATS connection, ideally reconnecting for ever
	 * @return a builder
	 */
	public static Builder builder(Connection connection) {
		return new Builder(Objects.requireNonNull(connection, "connection"), null);
	}

	/**
	 * Starts a publisher with a connection of its own, opened on the first publish
	 * (publishing fails and is retried until it succeeds) and reconnecting for ever;
	 * {@link #close()} closes it.
	 * @param url the server URL(s), comma-separated, e.g. {@code nats://127.0.0.1:4222}
	 * @return a builder
	 */
	public static Builder builder(String url) {
		Publishing.checkNotEmpty(url, "NATS url");
		return new Builder(null, NatsSender.options(url).build());
	}

	/**
	 * Starts a publisher with a connection of its own, opened from the given options on
	 * the first publish (publishing fails and is retried until it succeeds);
	 * {@link #close()} closes it.
	 * @param options the connection options
	 * @return a builder
	 */
	public static Builder builder(Options options) {
		return new Builder(null, Objects.requireNonNull(options, "options"));
	}

	/**
	 * Publishes the events of the publisher's entity types (the others are skipped) and
	 * returns once JetStream acknowledged every message.
	 * @param events the events, in journal order
	 * @throws Exception a {@link NatsMessageRejectedException} for a message too large,
	 * the client's failure, a {@link NatsStreamException} when the stream is missing, or
	 * a {@link java.util.concurrent.TimeoutException} when not every message was
	 * acknowledged in time
	 */
	@Override
	public void publish(List<EventEnvelope> events) throws Exception {
		this.sender.send(PublishedBatches.events(events, this.entityTypes, OutgoingMessages::event));
	}

	/**
	 * Tells whether NATS will never accept the message: larger than the server's maximum
	 * payload or the stream's maximum message size. Timeouts, outages and stream-wide
	 * errors are not poison: they are retried until they pass.
	 * @param failure what {@link #publish} threw
	 * @return whether to isolate and dead-letter the event
	 */
	@Override
	public boolean isPoison(Exception failure) {
		return NatsFailures.isPoison(failure);
	}

	/**
	 * Creates the stream when allowed and missing, else checks it (done anyway before the
	 * first publish).
	 * @throws Exception a {@link NatsStreamException} naming the stream when it is
	 * missing or does not capture the subjects, or the client's failure
	 */
	public void prepareStream() throws Exception {
		this.sender.prepare();
	}

	/**
	 * @return the stream events are published to
	 */
	public String stream() {
		return this.sender.stream().name();
	}

	/**
	 * @return the subject template
	 */
	public String subjectTemplate() {
		return this.sender.subjects().template();
	}

	/**
	 * @param entityType an entity type
	 * @return the subject its events are published to
	 */
	public String subject(String entityType) {
		return this.sender.subjects().subject(entityType);
	}

	/**
	 * @return the entity types whose events are published; empty for all
	 */
	public Set<String> entityTypes() {
		return this.entityTypes;
	}

	/**
	 * @return how long {@link #publish} waits for acknowledgements
	 */
	public Duration sendTimeout() {
		return this.sender.sendTimeout();
	}

	/**
	 * @return the connection messages are published on; {@code null} while a connection
	 * of the publisher's own is not open yet
	 */
	public @Nullable Connection connection() {
		return this.sender.connection();
	}

	/**
	 * @return how many publishes JetStream acknowledged as duplicates (dropped by the
	 * duplicate window)
	 */
	public long duplicatesDropped() {
		return this.sender.duplicates();
	}

	/** Closes the connection when the publisher created it; otherwise does nothing. */
	@Override
	public void close() {
		this.sender.close();
	}

	@Override
	public String toString() {
		return "NatsEventPublisher[stream=" + stream() + ", subject=" + subjectTemplate() + ", entityTypes="
				+ (this.entityTypes.isEmpty() ? "all" : this.entityTypes) + "]";
	}

	/**
	 * Configures a {@link NatsEventPublisher}.
	 */
	public static final class Builder {

		private final @Nullable Connection connection;

		private final @Nullable Options options;

		private NatsStream stream = NatsStream.defaults(DEFAULT_STREAM);

		private Subjects subjects = Subjects.of(DEFAULT_SUBJECT);

		private Set<String> entityTypes = Set.of();

		private Duration sendTimeout = DEFAULT_SEND_TIMEOUT;

		private Builder(@Nullable Connection connection, @Nullable Options options) {
			this.connection = connection;
			this.options = options;
		}

		/**
		 * @param stream the stream to publish to
		 * ({@value NatsEventPublisher#DEFAULT_STREAM} by default)
		 * @return this builder
		 */
		public Builder stream(String stream) {
			NatsStream.checkName(stream);
			this.stream = new NatsStream(stream, this.stream.create(), this.stream.duplicateWindow(),
					this.stream.storage(), this.stream.replicas());
			return this;
		}

		/**
		 * @param create whether to create the stream when it does not exist (on by
		 * default); off, a missing stream fails publishing with a
		 * {@link NatsStreamException}
		 * @return this builder
		 */
		public Builder createStream(boolean create) {
			this.stream = this.stream.withCreate(create);
			return this;
		}

		/**
		 * @param window the duplicate window of a created stream (2 minutes by default)
		 * @return this builder
		 */
		public Builder duplicateWindow(Duration window) {
			this.stream = this.stream.withDuplicateWindow(window);
			return this;
		}

		/**
		 * @param storage the storage of a created stream (file by default)
		 * @return this builder
		 */
		public Builder storage(StorageType storage) {
			this.stream = this.stream.withStorage(storage);
			return this;
		}

		/**
		 * @param replicas the replicas of a created stream (1 by default)
		 * @return this builder
		 */
		public Builder replicas(int replicas) {
			this.stream = this.stream.withReplicas(replicas);
			return this;
		}

		/**
		 * @param template the subject template, with {@code {entityType}} for the entity
		 * type ({@value NatsEventPublisher#DEFAULT_SUBJECT} by default)
		 * @return this builder
		 */
		public Builder subject(String template) {
			this.subjects = Subjects.of(template);
			return this;
		}

		/**
		 * @param entityTypes the entity types whose events are published; empty (the
		 * default) for all. Events of other types are acknowledged without being sent.
		 * @return this builder
		 */
		public Builder entityTypes(Collection<String> entityTypes) {
			this.entityTypes = new LinkedHashSet<>(entityTypes);
			return this;
		}

		/**
		 * @param timeout how long {@link NatsEventPublisher#publish} waits for JetStream
		 * to acknowledge a batch (30 s by default); positive
		 * @return this builder
		 */
		public Builder sendTimeout(Duration timeout) {
			NatsSender.checkSendTimeout(timeout);
			this.sendTimeout = timeout;
			return this;
		}

		/**
		 * @return the publisher
		 */
		public NatsEventPublisher build() {
			return new NatsEventPublisher(this);
		}

	}

}
