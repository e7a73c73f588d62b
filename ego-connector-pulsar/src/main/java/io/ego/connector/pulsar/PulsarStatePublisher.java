package io.ego.connector.pulsar;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.ego.connector.support.PublishedBatches;
import io.ego.core.publisher.DurableStateEnvelope;
import io.ego.core.publisher.StatePublisher;
import org.apache.pulsar.client.api.PulsarClient;
import org.jspecify.annotations.Nullable;

/**
 * Publishes the states of durable-state entities to a Pulsar topic: message key =
 * persistence id, value = a {@link io.ego.connector.v1.PublishedState} envelope,
 * properties = {@link EgoPulsarMessageProperties} ({@code ego-state-type},
 * {@code ego-entity-type}, {@code ego-persistence-id}, {@code ego-revision}). Register it
 * with {@link io.ego.core.EgoEngineBuilder#statePublisher
 * EgoEngineBuilder.statePublisher}: the engine drives it from the durable-state change
 * feed with its own offsets, so the latest state of every entity is published at least
 * once, each entity's states in increasing revision order. Sends, acknowledgements, lanes
 * and deduplication work as for {@link PulsarEventPublisher}, with the change-feed
 * position as sequence id.
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class PulsarStatePublisher implements StatePublisher, AutoCloseable {

	/** The topic used when none is set. */
	public static final String DEFAULT_TOPIC = "ego-states";

	/** The producer name prefix used when none is set. */
	public static final String DEFAULT_PRODUCER_NAME = "ego-states";

	private final PulsarSender sender;

	private PulsarStatePublisher(Builder builder) {
		PulsarClient client = (builder.client != null) ? builder.client
				: PulsarSender.createClient(builder.serviceUrl());
		this.sender = new PulsarSender(client, builder.client == null, builder.topic, builder.producerName,
				builder.sendTimeout);
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
	 * Sends the states and returns once the broker acknowledged every message.
	 * @param states the states, in change-feed order
	 * @throws Exception the client's failure, or a
	 * {@code PulsarClientException.TimeoutException} when not every message was
	 * acknowledged in time
	 */
	@Override
	public void publish(List<DurableStateEnvelope> states) throws Exception {
		this.sender.send(PublishedBatches.states(states, Set.of(), OutgoingMessages::state));
	}

	/**
	 * Tells whether Pulsar will never accept the message (too large, invalid, corrupted).
	 * @param failure what {@link #publish} threw
	 * @return whether to isolate and dead-letter the state
	 */
	@Override
	public boolean isPoison(Exception failure) {
		return PulsarFailures.isPoison(failure);
	}

	/**
	 * @return the topic states are published to
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
	 * @return how long {@link #publish} waits for acknowledgements
	 */
	public Duration sendTimeout() {
		return this.sender.sendTimeout();
	}

	/**
	 * @return see {@link PulsarEventPublisher#duplicatesDropped()}
	 */
	public long duplicatesDropped() {
		return this.sender.duplicatesDropped();
	}

	/**
	 * @return see {@link PulsarEventPublisher#unorderedSends()}
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
		return "PulsarStatePublisher[topic=" + topic() + "]";
	}

	/**
	 * Configures a {@link PulsarStatePublisher}.
	 */
	public static final class Builder {

		private final @Nullable PulsarClient client;

		private final @Nullable String serviceUrl;

		private String topic = DEFAULT_TOPIC;

		private String producerName = DEFAULT_PRODUCER_NAME;

		private Duration sendTimeout = PulsarSender.DEFAULT_SEND_TIMEOUT;

		private Builder(@Nullable PulsarClient client, @Nullable String serviceUrl) {
			this.client = client;
			this.serviceUrl = serviceUrl;
		}

		/**
		 * @param topic the topic to publish to
		 * ({@value PulsarStatePublisher#DEFAULT_TOPIC} by default)
		 * @return this builder
		 */
		public Builder topic(String topic) {
			PulsarSender.checkName(topic, "topic");
			this.topic = topic;
			return this;
		}

		/**
		 * @param producerName the prefix of the producers' names
		 * ({@value PulsarStatePublisher#DEFAULT_PRODUCER_NAME} by default); unique per
		 * topic and stable across restarts
		 * @return this builder
		 */
		public Builder producerName(String producerName) {
			PulsarSender.checkName(producerName, "producer name");
			this.producerName = producerName;
			return this;
		}

		/**
		 * @param timeout how long {@link PulsarStatePublisher#publish} waits for the
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
		public PulsarStatePublisher build() {
			return new PulsarStatePublisher(this);
		}

	}

}
