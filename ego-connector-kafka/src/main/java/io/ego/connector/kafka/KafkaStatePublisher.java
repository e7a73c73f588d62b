package io.ego.connector.kafka;

import io.ego.core.EgoEngineBuilder;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.google.protobuf.Timestamp;
import io.ego.connector.kafka.v1.PublishedState;
import io.ego.core.publisher.DurableStateEnvelope;
import io.ego.core.publisher.StatePublisher;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes the states of durable-state entities to a Kafka topic: record key = persistence id (so Kafka keeps each
 * entity's states in one partition, in revision order; the topic may be compacted), value = a
 * {@link PublishedState} envelope, headers = {@link EgoKafkaHeaders#STATE_TYPE}, {@link EgoKafkaHeaders#ENTITY_TYPE},
 * {@link EgoKafkaHeaders#PERSISTENCE_ID}, {@link EgoKafkaHeaders#REVISION}. Register it with
 * {@link io.ego.core.EgoEngineBuilder#statePublisher(String, StatePublisher, io.ego.core.projection.ProjectionSettings)
 * EgoEngineBuilder.statePublisher}: the engine drives it from the durable-state change feed with its own offsets,
 * so the latest state of every entity is published at least once.
 * <p>
 * {@link #publish} sends the whole batch through one producer, then waits (up to the send timeout) until Kafka
 * acknowledged every record; anything less throws, and the engine sends the batch again (duplicates of a revision
 * are possible, recognisable by (persistence id, revision)). Use an idempotent producer with {@code acks=all}: see
 * {@link KafkaEventPublisher#producerConfigs(Map)}.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class KafkaStatePublisher implements StatePublisher, AutoCloseable {

	/** The topic used when none is set. */
	public static final String DEFAULT_TOPIC = "ego-states";

	private final KafkaOperations<String, byte[]> kafka;

	private final String topic;

	private final Set<String> entityTypes;

	private final Duration sendTimeout;

	private final @Nullable DefaultKafkaProducerFactory<String, byte[]> ownedProducerFactory;

	private KafkaStatePublisher(Builder builder) {
		this.kafka = builder.kafka;
		this.topic = builder.topic;
		this.entityTypes = Set.copyOf(builder.entityTypes);
		this.sendTimeout = builder.sendTimeout;
		this.ownedProducerFactory = builder.ownedProducerFactory;
	}

	/**
	 * Starts a publisher that sends with the given template's producer (which stays the caller's to close).
	 * @param kafka a non-transactional template, ideally on an idempotent producer with {@code acks=all}
	 * @return a builder
	 */
	public static Builder builder(KafkaOperations<String, byte[]> kafka) {
		Objects.requireNonNull(kafka, "kafka");
		if (kafka.isTransactional() && !kafka.isAllowNonTransactional()) {
			throw new IllegalArgumentException("KafkaStatePublisher needs a non-transactional KafkaTemplate: the "
					+ "engine's offsets, not a Kafka transaction, make publishing at-least-once");
		}
		return new Builder(kafka, null);
	}

	/**
	 * Starts a publisher with its own producer, configured from the given properties with
	 * {@link KafkaEventPublisher#producerConfigs(Map) idempotence forced}; {@link #close()} closes it.
	 * @param producerProperties Kafka producer properties ({@code bootstrap.servers}, security, tuning)
	 * @return a builder
	 */
	public static Builder builder(Map<String, ?> producerProperties) {
		DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(
				KafkaEventPublisher.producerConfigs(producerProperties), new StringSerializer(),
				new ByteArraySerializer());
		KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(factory);
		template.setProducerListener(null); // failures are reported by publish() and logged by the engine
		return new Builder(template, factory);
	}

	/**
	 * Sends the states of the publisher's entity types (the others are skipped) and returns once Kafka acknowledged
	 * every record.
	 * @param states the states, in change-feed order
	 * @throws Exception the client's failure (e.g. {@code RecordTooLargeException}), or a
	 * {@link org.apache.kafka.common.errors.TimeoutException} when not every record was acknowledged in time
	 */
	@Override
	public void publish(List<DurableStateEnvelope> states) throws Exception {
		List<CompletableFuture<RecordMetadata>> sends = new ArrayList<>(states.size());
		// one producer for the whole batch, so that an entity's later states never overtake earlier ones
		Exception failure = this.kafka.execute((producer) -> send(producer, states, sends));
		if (failure != null) {
			throw failure;
		}
		awaitAcknowledged(sends);
	}

	private @Nullable Exception send(Producer<String, byte[]> producer, List<DurableStateEnvelope> states,
			List<CompletableFuture<RecordMetadata>> sends) {
		for (DurableStateEnvelope state : states) {
			if (!this.entityTypes.isEmpty() && !this.entityTypes.contains(state.entityType())) {
				continue;
			}
			CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
			try {
				producer.send(record(this.topic, state), (metadata, ex) -> {
					if (ex != null) {
						future.completeExceptionally(ex);
					}
					else {
						future.complete(metadata);
					}
				});
			}
			catch (RuntimeException ex) {
				return asException(KafkaFailures.unwrap(ex));
			}
			if (future.isCompletedExceptionally()) {
				// failed at once (too large, no metadata in time): later states must not overtake it
				return asException(KafkaFailures.unwrap(future.exceptionNow()));
			}
			sends.add(future);
		}
		return null;
	}

	private void awaitAcknowledged(List<CompletableFuture<RecordMetadata>> sends) throws Exception {
		long deadline = System.nanoTime() + this.sendTimeout.toNanos();
		@Nullable Throwable failure = null;
		int unacknowledged = 0;
		for (CompletableFuture<RecordMetadata> send : sends) {
			try {
				send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException ex) {
				unacknowledged++;
			}
			catch (ExecutionException ex) {
				Throwable cause = KafkaFailures.unwrap(ex);
				if (failure == null || (!KafkaFailures.isPoison(failure) && KafkaFailures.isPoison(cause))) {
					failure = cause;
				}
			}
		}
		if (failure != null) {
			throw asException(failure);
		}
		if (unacknowledged > 0) {
			throw new org.apache.kafka.common.errors.TimeoutException(unacknowledged + " of " + sends.size()
					+ " record(s) to '" + this.topic + "' not acknowledged within " + this.sendTimeout);
		}
	}

	/**
	 * Returns the envelope a state is published as.
	 * @param state the state
	 * @return the envelope
	 */
	static PublishedState envelope(DurableStateEnvelope state) {
		return PublishedState.newBuilder()
			.setPersistenceId(state.persistenceId())
			.setEntityType(state.entityType())
			.setEntityId(state.entityId())
			.setRevision(state.revision())
			.setPosition(state.position())
			.setStateType(state.state().getDescriptorForType().getFullName())
			.setPayload(state.state().toByteString())
			.setWriteTime(Timestamp.newBuilder()
				.setSeconds(state.writeTime().getEpochSecond())
				.setNanos(state.writeTime().getNano()))
			.build();
	}

	static ProducerRecord<String, byte[]> record(String topic, DurableStateEnvelope state) {
		PublishedState envelope = envelope(state);
		List<Header> headers = List.of(header(EgoKafkaHeaders.STATE_TYPE, envelope.getStateType()),
				header(EgoKafkaHeaders.ENTITY_TYPE, envelope.getEntityType()),
				header(EgoKafkaHeaders.PERSISTENCE_ID, envelope.getPersistenceId()),
				header(EgoKafkaHeaders.REVISION, Long.toString(envelope.getRevision())));
		return new ProducerRecord<>(topic, null, null, state.persistenceId(), envelope.toByteArray(), headers);
	}

	private static Header header(String name, String value) {
		return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
	}

	private static Exception asException(Throwable failure) {
		return (failure instanceof Exception ex) ? ex : new ExecutionException(failure);
	}

	/**
	 * Tells whether Kafka will never accept the record (too large, not serializable, refused by the broker's
	 * validation), as {@link KafkaEventPublisher#isPoison} does.
	 * @param failure what {@link #publish} threw
	 * @return whether to isolate and dead-letter the state
	 */
	@Override
	public boolean isPoison(Exception failure) {
		return KafkaFailures.isPoison(failure);
	}

	/** @return the topic states are published to */
	public String topic() {
		return this.topic;
	}

	/** @return the entity types whose states are published; empty for all */
	public Set<String> entityTypes() {
		return this.entityTypes;
	}

	/** Closes the producer when the publisher created it (see {@link #builder(Map)}); otherwise does nothing. */
	@Override
	public void close() {
		if (this.ownedProducerFactory != null) {
			this.ownedProducerFactory.destroy();
		}
	}

	@Override
	public String toString() {
		return "KafkaStatePublisher[topic=" + this.topic + ", entityTypes="
				+ (this.entityTypes.isEmpty() ? "all" : this.entityTypes) + "]";
	}

	/**
	 * Configures a {@link KafkaStatePublisher}.
	 */
	public static final class Builder {

		private final KafkaOperations<String, byte[]> kafka;

		private final @Nullable DefaultKafkaProducerFactory<String, byte[]> ownedProducerFactory;

		private String topic = DEFAULT_TOPIC;

		private Set<String> entityTypes = Set.of();

		private Duration sendTimeout = KafkaEventPublisher.DEFAULT_SEND_TIMEOUT;

		private Builder(KafkaOperations<String, byte[]> kafka,
				@Nullable DefaultKafkaProducerFactory<String, byte[]> ownedProducerFactory) {
			this.kafka = kafka;
			this.ownedProducerFactory = ownedProducerFactory;
		}

		/**
		 * @param topic the topic to publish to ({@value KafkaStatePublisher#DEFAULT_TOPIC} by default)
		 * @return this builder
		 */
		public Builder topic(String topic) {
			if (topic == null || topic.isBlank()) {
				throw new IllegalArgumentException("topic must not be empty");
			}
			this.topic = topic;
			return this;
		}

		/**
		 * @param entityTypes the entity types whose states are published; empty (the default) for all
		 * @return this builder
		 */
		public Builder entityTypes(Collection<String> entityTypes) {
			this.entityTypes = new LinkedHashSet<>(entityTypes);
			return this;
		}

		/**
		 * @param timeout how long {@link KafkaStatePublisher#publish} waits for acknowledgements (30 s by default)
		 * @return this builder
		 */
		public Builder sendTimeout(Duration timeout) {
			if (timeout == null || timeout.isNegative() || timeout.isZero()) {
				throw new IllegalArgumentException("send timeout must be positive but was " + timeout);
			}
			this.sendTimeout = timeout;
			return this;
		}

		/** @return the publisher */
		public KafkaStatePublisher build() {
			return new KafkaStatePublisher(this);
		}

	}

}
