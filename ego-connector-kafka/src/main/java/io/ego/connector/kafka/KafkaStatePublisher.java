package io.ego.connector.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.ego.connector.support.PublishedBatches;
import io.ego.connector.v1.PublishedState;
import io.ego.core.publisher.DurableStateEnvelope;
import io.ego.core.publisher.StatePublisher;

import org.springframework.kafka.core.KafkaOperations;

/**
 * Publishes the states of durable-state entities to a Kafka topic: record key =
 * persistence id (so Kafka keeps each entity's states in one partition, in revision
 * order; the topic may be compacted), value = a {@link PublishedState} envelope, headers
 * = {@link EgoKafkaHeaders#STATE_TYPE}, {@link EgoKafkaHeaders#ENTITY_TYPE},
 * {@link EgoKafkaHeaders#PERSISTENCE_ID}, {@link EgoKafkaHeaders#REVISION}. Register it
 * with
 * {@link io.ego.core.EgoEngineBuilder#statePublisher(String, StatePublisher, io.ego.core.projection.ProjectionSettings)
 * EgoEngineBuilder.statePublisher}: the engine drives it from the durable-state change
 * feed with its own offsets, so the latest state of every entity is published at least
 * once.
 * <p>
 * {@link #publish} sends as {@link KafkaEventPublisher} does: the whole batch through one
 * producer, then waits (up to the send timeout) until Kafka acknowledged every record;
 * anything less throws, and the engine sends the batch again, though not the records a
 * failed attempt got acknowledged or still has in flight (duplicates of a revision remain
 * possible after a crash, recognisable by (persistence id, revision)). Use an idempotent
 * producer with {@code acks=all}: see {@link KafkaEventPublisher#producerConfigs(Map)}.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class KafkaStatePublisher implements StatePublisher, AutoCloseable {

	/** The topic used when none is set. */
	public static final String DEFAULT_TOPIC = "ego-states";

	private final KafkaSender sender;

	private final Set<String> entityTypes;

	private KafkaStatePublisher(Builder builder) {
		this.sender = new KafkaSender(builder.template, builder.topic, builder.sendTimeout);
		this.entityTypes = Set.copyOf(builder.entityTypes);
	}

	/**
	 * Starts a publisher that sends with the given template's producer (which stays the
	 * caller's to close), one producer instance per batch as
	 * {@link KafkaEventPublisher#builder(KafkaOperations)} does.
	 * @param kafka a non-transactional template, ideally on an idempotent producer with
	 * {@code acks=all} (a warning is logged otherwise)
	 * @return a builder
	 */
	public static Builder builder(KafkaOperations<String, byte[]> kafka) {
		return new Builder(KafkaSender.Template.of(kafka, KafkaStatePublisher.class));
	}

	/**
	 * Starts a publisher with its own producer, configured from the given properties with
	 * {@link KafkaEventPublisher#producerConfigs(Map) idempotence forced};
	 * {@link #close()} closes it.
	 * @param producerProperties Kafka producer properties ({@code bootstrap.servers},
	 * security, tuning)
	 * @return a builder
	 */
	public static Builder builder(Map<String, ?> producerProperties) {
		return new Builder(KafkaSender.Template.create(producerProperties));
	}

	/**
	 * Sends the states of the publisher's entity types (the others are skipped) and
	 * returns once Kafka acknowledged every record.
	 * @param states the states, in change-feed order
	 * @throws Exception the client's failure (e.g. {@code RecordTooLargeException}), or a
	 * {@link org.apache.kafka.common.errors.TimeoutException} when not every record was
	 * acknowledged in time
	 */
	@Override
	public void publish(List<DurableStateEnvelope> states) throws Exception {
		// the position tells apart equal revisions of a state deleted and written again
		List<KafkaSender.Outgoing> records = PublishedBatches.states(states, this.entityTypes,
				(state) -> new KafkaSender.Outgoing(
						state.persistenceId() + '#' + state.revision() + '@' + state.position(),
						() -> StateRecords.record(this.sender.topic(), state)));
		this.sender.send(records);
	}

	/**
	 * Tells whether Kafka will never accept the record (too large, not serializable,
	 * refused by the broker's validation), as {@link KafkaEventPublisher#isPoison} does.
	 * @param failure what {@link #publish} threw
	 * @return whether to isolate and dead-letter the state
	 */
	@Override
	public boolean isPoison(Exception failure) {
		return KafkaFailures.isPoison(failure);
	}

	/**
	 * @return the topic states are published to
	 */
	public String topic() {
		return this.sender.topic();
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
	 * Closes the producer when the publisher created it (see {@link #builder(Map)});
	 * otherwise does nothing.
	 */
	@Override
	public void close() {
		this.sender.close();
	}

	@Override
	public String toString() {
		return "KafkaStatePublisher[topic=" + topic() + ", entityTypes="
				+ (this.entityTypes.isEmpty() ? "all" : this.entityTypes) + "]";
	}

	/**
	 * Configures a {@link KafkaStatePublisher}.
	 */
	public static final class Builder {

		private final KafkaSender.Template template;

		private String topic = DEFAULT_TOPIC;

		private Set<String> entityTypes = Set.of();

		private Duration sendTimeout = KafkaEventPublisher.DEFAULT_SEND_TIMEOUT;

		private Builder(KafkaSender.Template template) {
			this.template = template;
		}

		/**
		 * @param topic the topic to publish to
		 * ({@value KafkaStatePublisher#DEFAULT_TOPIC} by default)
		 * @return this builder
		 */
		public Builder topic(String topic) {
			KafkaSender.checkTopic(topic);
			this.topic = topic;
			return this;
		}

		/**
		 * @param entityTypes the entity types whose states are published; empty (the
		 * default) for all
		 * @return this builder
		 */
		public Builder entityTypes(Collection<String> entityTypes) {
			this.entityTypes = new LinkedHashSet<>(entityTypes);
			return this;
		}

		/**
		 * @param timeout how long {@link KafkaStatePublisher#publish} waits for
		 * acknowledgements (30 s by default); positive
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
		public KafkaStatePublisher build() {
			return new KafkaStatePublisher(this);
		}

	}

}
