package io.ego.connector.kafka;

import io.ego.core.EgoEngineBuilder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.ego.core.projection.EventEnvelope;
import io.ego.core.publisher.EventPublisher;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes journal events to a Kafka topic: record key = persistence id (so Kafka keeps each entity's events in
 * one partition, in sequence order), value = a {@link io.ego.connector.kafka.v1.PublishedEvent} envelope, headers =
 * {@link EgoKafkaHeaders}. Register it with
 * {@link io.ego.core.EgoEngineBuilder#eventPublisher(String, EventPublisher,
 * io.ego.core.projection.ProjectionSettings) EgoEngineBuilder.eventPublisher}: the engine drives it from the
 * journal with its own offsets, so every event is published at least once.
 * <p>
 * {@link #publish} sends the whole batch, then waits (up to the send timeout) until Kafka acknowledged every
 * record; anything less throws, and the engine sends the batch again. Records a failed attempt got acknowledged,
 * or still has in flight, are not sent a second time by the retry (it waits for them instead), which keeps
 * duplicates to what a crash leaves behind. Use an idempotent producer with {@code acks=all}: see
 * {@link #producerConfigs(Map)}.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class KafkaEventPublisher implements EventPublisher, AutoCloseable {

	/** The topic used when none is set. */
	public static final String DEFAULT_TOPIC = "ego-events";

	/** How long {@link #publish} waits for acknowledgements when no timeout is set. */
	public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(30);

	private static final Logger logger = LoggerFactory.getLogger(KafkaEventPublisher.class);

	/** How long an acknowledged send of a failed attempt is remembered for the retries (which back off to 30 s). */
	private static final long KEEP_ACKNOWLEDGED_NANOS = TimeUnit.MINUTES.toNanos(10);

	private static final long PURGE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final KafkaOperations<String, byte[]> kafka;

	private final String topic;

	private final Set<String> entityTypes;

	private final Duration sendTimeout;

	private final @Nullable DefaultKafkaProducerFactory<String, byte[]> ownedProducerFactory;

	/** Sends not yet confirmed to the engine, by {@code persistenceId#sequenceNr#part}. */
	private final Map<String, Send> sends = new ConcurrentHashMap<>();

	private volatile long lastPurge = System.nanoTime();

	private KafkaEventPublisher(Builder builder) {
		this.kafka = Objects.requireNonNull(builder.kafka, "kafka");
		this.topic = builder.topic;
		this.entityTypes = Set.copyOf(builder.entityTypes);
		this.sendTimeout = builder.sendTimeout;
		this.ownedProducerFactory = builder.ownedProducerFactory;
	}

	/**
	 * Starts a publisher that sends with the given template's producer (which stays the caller's to close). Each
	 * batch goes through one producer instance ({@link KafkaOperations#execute}), so template-level features
	 * (producer listener, observation, record interceptor) do not apply; the producer factory's do.
	 * @param kafka a non-transactional template, ideally on an idempotent producer with {@code acks=all}
	 * @return a builder
	 */
	public static Builder builder(KafkaOperations<String, byte[]> kafka) {
		Objects.requireNonNull(kafka, "kafka");
		if (kafka.isTransactional() && !kafka.isAllowNonTransactional()) {
			throw new IllegalArgumentException("KafkaEventPublisher needs a non-transactional KafkaTemplate: the "
					+ "engine's offsets, not a Kafka transaction, make publishing at-least-once");
		}
		warnUnlessIdempotent(kafka);
		return new Builder(kafka, null);
	}

	/**
	 * Starts a publisher with its own producer, configured from the given properties with
	 * {@link #producerConfigs(Map) idempotence forced}; {@link #close()} closes it.
	 * @param producerProperties Kafka producer properties ({@code bootstrap.servers}, security, tuning)
	 * @return a builder
	 */
	public static Builder builder(Map<String, ?> producerProperties) {
		DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(
				producerConfigs(producerProperties), new StringSerializer(), new ByteArraySerializer());
		KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(factory);
		template.setProducerListener(null); // failures are reported by publish() and logged by the engine
		return new Builder(template, factory);
	}

	/**
	 * Returns producer properties fit for publishing: a copy of the given ones with idempotence on,
	 * {@code acks=all}, string keys and byte-array values, no transactional id, at most 5 requests in flight and
	 * retries not disabled (what idempotence requires).
	 * @param properties the producer properties to start from
	 * @return the adjusted copy
	 */
	public static Map<String, Object> producerConfigs(Map<String, ?> properties) {
		Map<String, Object> configs = new HashMap<>(properties);
		configs.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		configs.put(ProducerConfig.ACKS_CONFIG, "all");
		configs.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		configs.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		configs.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
		Object inFlight = configs.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
		if (inFlight != null && Integer.parseInt(inFlight.toString()) > 5) {
			configs.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
		}
		Object retries = configs.get(ProducerConfig.RETRIES_CONFIG);
		if (retries != null && Integer.parseInt(retries.toString()) <= 0) {
			configs.remove(ProducerConfig.RETRIES_CONFIG);
		}
		return configs;
	}

	private static void warnUnlessIdempotent(KafkaOperations<String, byte[]> kafka) {
		Map<String, Object> configs;
		try {
			configs = kafka.getProducerFactory().getConfigurationProperties();
		}
		catch (UnsupportedOperationException ex) {
			return;
		}
		Object idempotence = configs.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
		Object acks = configs.get(ProducerConfig.ACKS_CONFIG);
		if ((idempotence != null && !Boolean.parseBoolean(idempotence.toString()))
				|| (acks != null && !"all".equals(acks.toString()) && !"-1".equals(acks.toString()))) {
			logger.warn("KafkaEventPublisher's producer has enable.idempotence={} and acks={}: retries may reorder "
					+ "or lose records; use KafkaEventPublisher.producerConfigs(...)", idempotence, acks);
		}
	}

	/**
	 * Sends the events of the publisher's entity types (the others are skipped) and returns once Kafka
	 * acknowledged every record.
	 * @param events the events, in journal order
	 * @throws Exception the client's failure (e.g. {@code RecordTooLargeException}), or a
	 * {@link org.apache.kafka.common.errors.TimeoutException} when not every record was acknowledged in time
	 */
	@Override
	public void publish(List<EventEnvelope> events) throws Exception {
		purgeStaleSends();
		List<Send> batch = new ArrayList<>(events.size());
		// one producer for the whole batch: were it replaced midway (closed after a fatal error), later records of
		// an entity could be written by the new one while earlier ones failed with the old one
		Exception failure = this.kafka.execute((producer) -> send(producer, events, batch));
		if (failure != null) {
			throw failure;
		}
		awaitAcknowledged(batch);
	}

	/** Sends the batch, reusing what a failed attempt sent; returns the failure that stopped it, if any. */
	private @Nullable Exception send(Producer<String, byte[]> producer, List<EventEnvelope> events, List<Send> batch) {
		@Nullable String previous = null;
		int part = 0;
		for (EventEnvelope event : events) {
			// an adapter may split a stored event: its events come together, with the same sequence number
			String stored = event.persistenceId() + '#' + event.sequenceNr();
			part = stored.equals(previous) ? part + 1 : 0;
			previous = stored;
			if (!this.entityTypes.isEmpty() && !this.entityTypes.contains(event.entityType())) {
				continue;
			}
			String key = stored + '#' + part;
			Send send = this.sends.get(key);
			if (send == null || send.future.isCompletedExceptionally()) {
				try {
					send = Send.of(key, producer, EventRecords.record(this.topic, event, part));
				}
				catch (RuntimeException ex) {
					// the later events are not sent: they would overtake this one in their partitions
					return asException(KafkaFailures.unwrap(ex));
				}
				if (send.future.isCompletedExceptionally()) {
					// failed at once (too large, no metadata within max.block.ms, ...): the later events wait too
					return asException(KafkaFailures.unwrap(send.future.exceptionNow()));
				}
				this.sends.put(key, send);
			}
			batch.add(send);
		}
		return null;
	}

	private void awaitAcknowledged(List<Send> batch) throws Exception {
		long deadline = System.nanoTime() + this.sendTimeout.toNanos();
		@Nullable Throwable failure = null;
		int unacknowledged = 0;
		for (Send send : batch) {
			try {
				send.future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
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
		boolean allAcknowledged = failure == null && unacknowledged == 0;
		for (Send send : batch) {
			// acknowledged: done with; failed: to be sent again; in flight: kept for the engine's retry to await
			if (allAcknowledged || send.future.isCompletedExceptionally()) {
				this.sends.remove(send.key, send);
			}
		}
		if (failure != null) {
			throw asException(failure);
		}
		if (unacknowledged > 0) {
			throw new org.apache.kafka.common.errors.TimeoutException(unacknowledged + " of " + batch.size()
					+ " record(s) to '" + this.topic + "' not acknowledged within " + this.sendTimeout);
		}
	}

	private void purgeStaleSends() {
		long now = System.nanoTime();
		if (this.sends.isEmpty() || now - this.lastPurge < PURGE_INTERVAL_NANOS) {
			return;
		}
		this.lastPurge = now;
		this.sends.values().removeIf((send) -> send.future.isCompletedExceptionally()
				|| (send.completedAt != 0 && now - send.completedAt > KEEP_ACKNOWLEDGED_NANOS));
	}

	private static Exception asException(Throwable failure) {
		return (failure instanceof Exception ex) ? ex : new ExecutionException(failure);
	}

	/**
	 * Tells whether Kafka will never accept the record: too large ({@code RecordTooLargeException},
	 * {@code RecordBatchTooLargeException}), not serializable, or refused by the broker's record validation
	 * ({@code InvalidRecordException}). Timeouts, retriable errors and topic-wide errors (authorization, unknown or
	 * invalid topic) are not poison: they would fail every event alike, so they are retried until fixed rather
	 * than dead-lettering the whole stream.
	 * @param failure what {@link #publish} threw
	 * @return whether to isolate and dead-letter the event
	 */
	@Override
	public boolean isPoison(Exception failure) {
		return KafkaFailures.isPoison(failure);
	}

	/** @return the topic events are published to */
	public String topic() {
		return this.topic;
	}

	/** @return the entity types whose events are published; empty for all */
	public Set<String> entityTypes() {
		return this.entityTypes;
	}

	/** @return how long {@link #publish} waits for acknowledgements */
	public Duration sendTimeout() {
		return this.sendTimeout;
	}

	/** @return the template records are sent with */
	public KafkaOperations<String, byte[]> kafkaOperations() {
		return this.kafka;
	}

	/** Closes the producer when the publisher created it (see {@link #builder(Map)}); otherwise does nothing. */
	@Override
	public void close() {
		this.sends.clear();
		if (this.ownedProducerFactory != null) {
			this.ownedProducerFactory.destroy();
		}
	}

	@Override
	public String toString() {
		return "KafkaEventPublisher[topic=" + this.topic + ", entityTypes="
				+ (this.entityTypes.isEmpty() ? "all" : this.entityTypes) + "]";
	}

	/** One record sent, until the engine learns it was acknowledged. */
	private static final class Send {

		final String key;

		final CompletableFuture<?> future;

		volatile long completedAt;

		private Send(String key, CompletableFuture<?> future) {
			this.key = key;
			this.future = future;
		}

		static Send of(String key, Producer<String, byte[]> producer, ProducerRecord<String, byte[]> record) {
			CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
			Send send = new Send(key, future);
			Future<RecordMetadata> result = producer.send(record, (metadata, failure) -> {
				send.completedAt = System.nanoTime();
				if (failure != null) {
					future.completeExceptionally(failure);
				}
				else {
					future.complete(metadata);
				}
			});
			if (result.isDone() && !future.isDone()) {
				// a failure the client reported through the returned future only
				try {
					future.complete(result.get());
				}
				catch (ExecutionException ex) {
					future.completeExceptionally(ex.getCause());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					future.completeExceptionally(ex);
				}
			}
			return send;
		}

	}

	/**
	 * Configures a {@link KafkaEventPublisher}.
	 */
	public static final class Builder {

		private final KafkaOperations<String, byte[]> kafka;

		private final @Nullable DefaultKafkaProducerFactory<String, byte[]> ownedProducerFactory;

		private String topic = DEFAULT_TOPIC;

		private Set<String> entityTypes = Set.of();

		private Duration sendTimeout = DEFAULT_SEND_TIMEOUT;

		private Builder(KafkaOperations<String, byte[]> kafka,
				@Nullable DefaultKafkaProducerFactory<String, byte[]> ownedProducerFactory) {
			this.kafka = kafka;
			this.ownedProducerFactory = ownedProducerFactory;
		}

		/**
		 * @param topic the topic to publish to ({@value KafkaEventPublisher#DEFAULT_TOPIC} by default)
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
		 * @param entityTypes the entity types whose events are published; empty (the default) for all. Events of
		 * other types are acknowledged without being sent.
		 * @return this builder
		 */
		public Builder entityTypes(Collection<String> entityTypes) {
			this.entityTypes = new LinkedHashSet<>(entityTypes);
			return this;
		}

		/**
		 * @param timeout how long {@link KafkaEventPublisher#publish} waits for Kafka to acknowledge a batch (30 s
		 * by default); positive
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
		public KafkaEventPublisher build() {
			return new KafkaEventPublisher(this);
		}

	}

}
