package io.ego.connector.nats;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.ego.connector.support.PublishedBatches;
import io.ego.connector.support.Publishing;
import io.ego.core.publisher.DurableStateEnvelope;
import io.ego.core.publisher.StatePublisher;
import io.nats.client.Connection;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import org.jspecify.annotations.Nullable;

/**
 * Publishes the states of durable-state entities to a NATS JetStream stream: subject =
 * the template with the entity type ({@value #DEFAULT_SUBJECT} by default), data = a
 * {@link io.ego.connector.v1.PublishedState} envelope, headers = {@link EgoNatsHeaders}
 * ({@code ego-state-type}, {@code ego-entity-type}, {@code ego-persistence-id},
 * {@code ego-revision}), {@value EgoNatsHeaders#MSG_ID} = persistence id and revision.
 * Register it with {@link io.ego.core.EgoEngineBuilder#statePublisher
 * EgoEngineBuilder.statePublisher}: the engine drives it from the durable-state change
 * feed with its own offsets, so the latest state of every entity is published at least
 * once, each entity's states in increasing revision order. Publishing, acknowledgements,
 * order and deduplication work as for {@link NatsEventPublisher}.
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class NatsStatePublisher implements StatePublisher, AutoCloseable {

	/** The stream used when none is set. */
	public static final String DEFAULT_STREAM = "EGO_STATES";

	/** The subject template used when none is set. */
	public static final String DEFAULT_SUBJECT = "ego.states.{entityType}";

	/** How long {@link #publish} waits for acknowledgements when no timeout is set. */
	public static final Duration DEFAULT_SEND_TIMEOUT = NatsSender.DEFAULT_SEND_TIMEOUT;

	private final NatsSender sender;

	private final Set<String> entityTypes;

	private NatsStatePublisher(Builder builder) {
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
	 * Publishes the states of the publisher's entity types (the others are skipped) and
	 * returns once JetStream acknowledged every message.
	 * @param states the states, in change-feed order
	 * @throws Exception see {@link NatsEventPublisher#publish}
	 */
	@Override
	public void publish(List<DurableStateEnvelope> states) throws Exception {
		this.sender.send(PublishedBatches.states(states, this.entityTypes, OutgoingMessages::state));
	}

	/**
	 * Tells whether NATS will never accept the message: larger than the server's maximum
	 * payload or the stream's maximum message size. Timeouts, outages and stream-wide
	 * errors are not poison: they are retried until they pass.
	 * @param failure what {@link #publish} threw
	 * @return whether to isolate and dead-letter the state
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
	 * @return the stream states are published to
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
	 * @return the subject its states are published to
	 */
	public String subject(String entityType) {
		return this.sender.subjects().subject(entityType);
	}

	/**
	 * @return the entity types whose states are published; empty for all
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
		return "NatsStatePublisher[stream=" + stream() + ", subject=" + subjectTemplate() + ", entityTypes="
				+ (this.entityTypes.isEmpty() ? "all" : this.entityTypes) + "]";
	}

	/**
	 * Configures a {@link NatsStatePublisher}.
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
		 * ({@value NatsStatePublisher#DEFAULT_STREAM} by default)
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
		 * type ({@value NatsStatePublisher#DEFAULT_SUBJECT} by default)
		 * @return this builder
		 */
		public Builder subject(String template) {
			this.subjects = Subjects.of(template);
			return this;
		}

		/**
		 * @param entityTypes the entity types whose states are published; empty (the
		 * default) for all. States of other types are acknowledged without being sent.
		 * @return this builder
		 */
		public Builder entityTypes(Collection<String> entityTypes) {
			this.entityTypes = new LinkedHashSet<>(entityTypes);
			return this;
		}

		/**
		 * @param timeout how long {@link NatsStatePublisher#publish} waits for JetStream
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
		public NatsStatePublisher build() {
			return new NatsStatePublisher(this);
		}

	}

}
