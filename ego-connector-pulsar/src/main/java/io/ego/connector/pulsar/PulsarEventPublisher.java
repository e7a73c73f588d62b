package io.ego.connector.pulsar;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.ego.connector.support.PublishedBatches;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.publisher.EventPublisher;
import org.apache.pulsar.client.api.PulsarClient;
import org.jspecify.annotations.Nullable;

/**
 * Publishes journal events to a Pulsar topic: message key = persistence id (a Key_Shared
 * subscription hands each entity's events to one consumer, in sequence order), value = a
 * {@link io.ego.connector.v1.PublishedEvent} envelope, properties =
 * {@link EgoPulsarMessageProperties}. Register it with
 * {@link io.ego.core.EgoEngineBuilder#eventPublisher(String, EventPublisher, io.ego.core.projection.ProjectionSettings)
 * EgoEngineBuilder.eventPublisher}: the engine drives it from the journal with its own
 * offsets, so every event is published at least once.
 * <p>
 * {@link #publish} sends the whole batch, then waits (up to the send timeout) until the
 * broker acknowledged every message; anything less throws, and the engine sends the batch
 * again. Messages a failed attempt got acknowledged, or still has in flight, are not sent
 * again by the retry (it waits for them instead). Each slice of persistence ids is sent
 * by its own producer ({@code <producer-name>-<slice>}) with the journal position as
 * sequence id, so that a broker with deduplication enabled drops what is sent twice (see
 * the README, "Guarantees").
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class PulsarEventPublisher implements EventPublisher, AutoCloseable {

	/** The topic used when none is set. */
	public static final String DEFAULT_TOPIC = "ego-events";

	/** The producer name prefix used when none is set. */
	public static final String DEFAULT_PRODUCER_NAME = "ego-events";

	/** How long {@link #publish} waits for acknowledgements when no timeout is set. */
	public static final Duration DEFAULT_SEND_TIMEOUT = PulsarSender.DEFAULT_SEND_TIMEOUT;

	private final PulsarSender sender;

	private final Set<String> entityTypes;

	private PulsarEventPublisher(Builder builder) {
		PulsarClient client = (builder.client != null) ? builder.client
				: PulsarSender.createClient(builder.serviceUrl());
		this.sender = new PulsarSender(client, builder.client == null, builder.topic, builder.producerName,
				builder.sendTimeout);
		this.entityTypes = Set.copyOf(builder.entityTypes);
	}

	/**
	 * Starts a publisher that sends through the given client (which stays the caller's to
	 * close).
	 * @param client the Pulsar client
	 * @return a builder
	 */
	public static Builder builder(PulsarClient client) {
		return new Builder(client, null);
	}

	/**
	 * Starts a publisher with a client of its own; {@link #close()} closes it.
	 * @param serviceUrl the broker's service URL, e.g. {@code pulsar://localhost:6650}
	 * @return a builder
	 */
	public static Builder builder(String serviceUrl) {
		PulsarSender.checkName(serviceUrl, "service URL");
		return new Builder(null, serviceUrl);
	}

	/**
	 * Sends the events of the publisher's entity types (the others are skipped) and
	 * returns once the broker acknowledged every message.
	 * @param events the events, in journal order
	 * @throws Exception the client's failure (e.g. an {@code InvalidMessageException} for
	 * a message too large), or a {@code PulsarClientException.TimeoutException} when not
	 * every message was acknowledged in time
	 */
	@Override
	public void publish(List<EventEnvelope> events) throws Exception {
		this.sender.send(PublishedBatches.events(events, this.entityTypes, OutgoingMessages::event));
	}

	/**
	 * Tells whether Pulsar will never accept the message: larger than the broker's
	 * maximum message size or otherwise invalid, corrupted, or split into too many parts.
	 * Timeouts, outages and topic-wide errors are not poison: they are retried until they
	 * pass rather than dead-lettering the whole stream.
	 * @param failure what {@link #publish} threw
	 * @return whether to isolate and dead-letter the event
	 */
	@Override
	public boolean isPoison(Exception failure) {
		return PulsarFailures.isPoison(failure);
	}

	/**
	 * @return the topic events are published to
	 */
	public String topic() {
		return this.sender.topic();
	}

	/**
	 * @return the prefix of the producers' names
	 */
	public String producerName() {
		return this.sender.producerName();
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
	 * @return how many messages the broker dropped as duplicates of messages this
	 * publisher had sent and the broker stored (re-sends of a retry or of the client)
	 */
	public long duplicatesDropped() {
		return this.sender.duplicatesDropped();
	}

	/**
	 * @return how many messages were sent without sequence id, because their lane had
	 * moved past them (dead letters retried, re-sends after a restart, refused messages
	 * sent again)
	 */
	public long unorderedSends() {
		return this.sender.unorderedSends();
	}

	/** Closes the producers, and the client when the publisher created it. */
	@Override
	public void close() {
		this.sender.close();
	}

	@Override
	public String toString() {
		return "PulsarEventPublisher[topic=" + topic() + ", entityTypes="
				+ (this.entityTypes.isEmpty() ? "all" : this.entityTypes) + "]";
	}

	/**
	 * Configures a {@link PulsarEventPublisher}.
	 */
	public static final class Builder {

		private final @Nullable PulsarClient client;

		private final @Nullable String serviceUrl;

		private String topic = DEFAULT_TOPIC;

		private String producerName = DEFAULT_PRODUCER_NAME;

		private Set<String> entityTypes = Set.of();

		private Duration sendTimeout = DEFAULT_SEND_TIMEOUT;

		private Builder(@Nullable PulsarClient client, @Nullable String serviceUrl) {
			this.client = client;
			this.serviceUrl = serviceUrl;
		}

		/**
		 * @param topic the topic to publish to
		 * ({@value PulsarEventPublisher#DEFAULT_TOPIC} by default), e.g.
		 * {@code persistent://public/default/bank-events}
		 * @return this builder
		 */
		public Builder topic(String topic) {
			PulsarSender.checkName(topic, "topic");
			this.topic = topic;
			return this;
		}

		/**
		 * @param producerName the prefix of the producers' names
		 * ({@value PulsarEventPublisher#DEFAULT_PRODUCER_NAME} by default); unique per
		 * topic and stable across restarts, since the broker deduplicates per producer
		 * name
		 * @return this builder
		 */
		public Builder producerName(String producerName) {
			PulsarSender.checkName(producerName, "producer name");
			this.producerName = producerName;
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
		 * @param timeout how long {@link PulsarEventPublisher#publish} waits for the
		 * broker to acknowledge a batch (30 s by default); positive
		 * @return this builder
		 */
		public Builder sendTimeout(Duration timeout) {
			PulsarSender.checkSendTimeout(timeout);
			this.sendTimeout = timeout;
			return this;
		}

		private String serviceUrl() {
			if (this.serviceUrl == null) {
				throw new IllegalStateException("no service URL");
			}
			return this.serviceUrl;
		}

		/**
		 * @return the publisher
		 */
		public PulsarEventPublisher build() {
			return new PulsarEventPublisher(this);
		}

	}

}
