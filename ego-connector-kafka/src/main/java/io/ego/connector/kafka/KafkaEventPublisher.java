package io.ego.connector.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.ego.connector.support.PublishedBatches;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.publisher.EventPublisher;

import org.springframework.kafka.core.KafkaOperations;

/**
 * Publishes journal events to a Kafka topic: record key = persistence id (so Kafka keeps
 * each entity's events in one partition, in sequence order), value = a
 * {@link io.ego.connector.v1.PublishedEvent} envelope, headers = {@link EgoKafkaHeaders}.
 * Register it with
 * {@link io.ego.core.EgoEngineBuilder#eventPublisher(String, EventPublisher, io.ego.core.projection.ProjectionSettings)
 * EgoEngineBuilder.eventPublisher}: the engine drives it from the journal with its own
 * offsets, so every event is published at least once.
 * <p>
 * {@link #publish} sends the whole batch, then waits (up to the send timeout) until Kafka
 * acknowledged every record; anything less throws, and the engine sends the batch again.
 * Records a failed attempt got acknowledged, or still has in flight, are not sent a
 * second time by the retry (it waits for them instead), which keeps duplicates to what a
 * crash leaves behind. Use an idempotent producer with {@code acks=all}: see
 * {@link #producerConfigs(Map)}.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class KafkaEventPublisher implements EventPublisher, AutoCloseable {

	/** The topic used when none is set. */
	public static final String DEFAULT_TOPIC = "ego-events";

	/** How long {@link #publish} waits for acknowledgements when no timeout is set. */
	public static final Duration DEFAULT_SEND_TIMEOUT = KafkaSender.DEFAULT_SEND_TIMEOUT;

	private final KafkaSender sender;

	private final Set<String> entityTypes;

	private KafkaEventPublisher(Builder builder) {
		this.sender = new KafkaSender(builder.template, builder.topic, builder.sendTimeout);
		this.entityTypes = Set.copyOf(builder.entityTypes);
	}

	/**
	 * Starts a publisher that sends with the given template's producer (which stays the
	 * caller's to close). Each batch goes through one producer instance
	 * ({@link KafkaOperations#execute}), so template-level features (producer listener,
	 * observation, record interceptor) do not apply; the producer factory's do.
	 * @param kafka a non-transactional template, ideally on an idempotent producer with
	 * {@code acks=all} (a warning is logged otherwise)
	 * @return a builder
	 */
	public static Builder builder(KafkaOperations<String, byte[]> kafka) {
		return new Builder(KafkaSender.Template.of(kafka, KafkaEventPublisher.class));
	}

	/**
	 * Starts a publisher with its own producer, configured from the given properties with
	 * {@link #producerConfigs(Map) idempotence forced}; {@link #close()} closes it.
	 * @param producerProperties Kafka producer properties ({@code bootstrap.servers},
	 * security, tuning)
	 * @return a builder
	 */
	public static Builder builder(Map<String, ?> producerProperties) {
		return new Builder(KafkaSender.Template.create(producerProperties));
	}

	/**
	 * Returns producer properties fit for publishing: a copy of the given ones with
	 * idempotence on, {@code acks=all}, string keys and byte-array values, no
	 * transactional id, at most 5 requests in flight and retries not disabled (what
	 * idempotence requires).
	 * @param properties the producer properties to start from
	 * @return the adjusted copy
	 */
	public static Map<String, Object> producerConfigs(Map<String, ?> properties) {
		return KafkaSender.producerConfigs(properties);
	}

	/**
	 * Sends the events of the publisher's entity types (the others are skipped) and
	 * returns once Kafka acknowledged every record.
	 * @param events the events, in journal order
	 * @throws Exception the client's failure (e.g. {@code RecordTooLargeException}), or a
	 * {@link org.apache.kafka.common.errors.TimeoutException} when not every record was
	 * acknowledged in time
	 */
	@Override
	public void publish(List<EventEnvelope> events) throws Exception {
		// the id tells apart the events an adapter made of one stored event
		List<KafkaSender.Outgoing> records = PublishedBatches.events(events, this.entityTypes,
				(event, part) -> new KafkaSender.Outgoing(event.persistenceId() + '#' + event.sequenceNr() + '#' + part,
						() -> EventRecords.record(this.sender.topic(), event, part)));
		this.sender.send(records);
	}

	/**
	 * Tells whether Kafka will never accept the record: too large
	 * ({@code RecordTooLargeException}, {@code RecordBatchTooLargeException}), not
	 * serializable, or refused by the broker's record validation
	 * ({@code InvalidRecordException}). Timeouts, retriable errors and topic-wide errors
	 * (authorization, unknown or invalid topic) are not poison: they would fail every
	 * event alike, so they are retried until fixed rather than dead-lettering the whole
	 * stream.
	 * @param failure what {@link #publish} threw
	 * @return whether to isolate and dead-letter the event
	 */
	@Override
	public boolean isPoison(Exception failure) {
		return KafkaFailures.isPoison(failure);
	}

	/**
	 * @return the topic events are published to
	 */
	public String topic() {
		return this.sender.topic();
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
	 * @return the template records are sent with
	 */
	public KafkaOperations<String, byte[]> kafkaOperations() {
		return this.sender.kafka();
	}

	/**
	 * Closes the producer when the publisher created it (see {@link #builder(Map)});
	 * otherwise does nothing.
	 */
	@Override
	public void close() {
		this.sender.close();
	}

	@Override
	public String toString() {
		return "KafkaEventPublisher[topic=" + topic() + ", entityTypes="
				+ (this.entityTypes.isEmpty() ? "all" : this.entityTypes) + "]";
	}

	/**
	 * Configures a {@link KafkaEventPublisher}.
	 */
	public static final class Builder {

		private final KafkaSender.Template template;

		private String topic = DEFAULT_TOPIC;

		private Set<String> entityTypes = Set.of();

		private Duration sendTimeout = DEFAULT_SEND_TIMEOUT;

		private Builder(KafkaSender.Template template) {
			this.template = template;
		}

		/**
		 * @param topic the topic to publish to
		 * ({@value KafkaEventPublisher#DEFAULT_TOPIC} by default)
		 * @return this builder
		 */
		public Builder topic(String topic) {
			KafkaSender.checkTopic(topic);
			this.topic = topic;
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
		 * @param timeout how long {@link KafkaEventPublisher#publish} waits for Kafka to
		 * acknowledge a batch (30 s by default); positive
		 * @return this builder
		 */
		public Builder sendTimeout(Duration timeout) {
			KafkaSender.checkSendTimeout(timeout);
			this.sendTimeout = timeout;
			return this;
		}

		/**
		 * @return the publisher
		 */
		public KafkaEventPublisher build() {
			return new KafkaEventPublisher(this);
		}

	}

}
