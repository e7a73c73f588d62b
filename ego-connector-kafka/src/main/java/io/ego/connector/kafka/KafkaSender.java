package io.ego.connector.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * What {@link KafkaEventPublisher} and {@link KafkaStatePublisher} share: sends a batch
 * of records through one producer, then waits (up to the send timeout) until Kafka
 * acknowledged every one; anything less throws, so that the engine sends the batch again.
 * A record a failed attempt got acknowledged, or still has in flight, is not sent a
 * second time by a retry (which waits for it instead): records are recognised across
 * attempts by their id.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class KafkaSender implements AutoCloseable {

	/** How long a send waits for acknowledgements when no timeout is set. */
	static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * How long an acknowledged send of a failed attempt is remembered for the retries
	 * (which back off to 30 s).
	 */
	private static final long KEEP_ACKNOWLEDGED_NANOS = TimeUnit.MINUTES.toNanos(10);

	private static final long PURGE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final Template template;

	private final String topic;

	private final Duration sendTimeout;

	/** Sends not yet confirmed to the engine, by record id. */
	private final Map<String, Send> sends = new ConcurrentHashMap<>();

	private volatile long lastPurge = System.nanoTime();

	KafkaSender(Template template, String topic, Duration sendTimeout) {
		this.template = template;
		this.topic = topic;
		this.sendTimeout = sendTimeout;
	}

	/**
	 * Returns producer properties fit for publishing (see
	 * {@link KafkaEventPublisher#producerConfigs(Map)}).
	 * @param properties the producer properties to start from
	 * @return the adjusted copy
	 */
	static Map<String, Object> producerConfigs(Map<String, ?> properties) {
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

	static Header header(String name, String value) {
		return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
	}

	static void checkTopic(@Nullable String topic) {
		if (topic == null || topic.isBlank()) {
			throw new IllegalArgumentException("topic must not be empty");
		}
	}

	static void checkSendTimeout(@Nullable Duration timeout) {
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("send timeout must be positive but was " + timeout);
		}
	}

	/**
	 * Sends the records in order through one producer and returns once Kafka acknowledged
	 * every one.
	 * @param records the records, each with the id that recognises it in a retry of the
	 * batch
	 * @throws Exception the client's failure (a poison one first), or a
	 * {@link org.apache.kafka.common.errors.TimeoutException} when not every record was
	 * acknowledged in time
	 */
	void send(List<Outgoing> records) throws Exception {
		purgeStaleSends();
		if (records.isEmpty()) {
			return;
		}
		List<Send> batch = new ArrayList<>(records.size());
		// one producer for the whole batch: were it replaced midway (closed after a fatal
		// error), later records of an entity could be written by the new one while
		// earlier ones failed with the old one
		// in an Optional: the callback may not return null
		Optional<Exception> failure = this.template.kafka()
			.execute((producer) -> Optional.ofNullable(send(producer, records, batch)));
		if (failure != null && failure.isPresent()) {
			throw failure.get();
		}
		awaitAcknowledged(batch);
	}

	/**
	 * Sends the batch, reusing what a failed attempt sent; returns the failure that
	 * stopped it, if any.
	 */
	private @Nullable Exception send(Producer<String, byte[]> producer, List<Outgoing> records, List<Send> batch) {
		for (Outgoing outgoing : records) {
			Send send = this.sends.get(outgoing.id());
			if (send == null || send.future.isCompletedExceptionally()) {
				try {
					send = Send.of(outgoing.id(), producer, outgoing.record().get());
				}
				catch (RuntimeException ex) {
					// the later records are not sent: they would overtake this one in
					// their partitions
					return asException(KafkaFailures.unwrap(ex));
				}
				if (send.future.isCompletedExceptionally()) {
					// failed at once (too large, no metadata within max.block.ms, ...):
					// the later records wait too
					return asException(KafkaFailures.unwrap(send.future.exceptionNow()));
				}
				this.sends.put(outgoing.id(), send);
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
			// acknowledged: done with; failed: to be sent again; in flight: kept for the
			// engine's retry to await
			if (allAcknowledged || send.future.isCompletedExceptionally()) {
				this.sends.remove(send.id, send);
			}
		}
		if (failure != null) {
			throw asException(failure);
		}
		if (unacknowledged > 0) {
			// fully qualified: Kafka's, not the imported java.util.concurrent one
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
		this.sends.values()
			.removeIf((send) -> send.future.isCompletedExceptionally()
					|| (send.completedAt != 0 && now - send.completedAt > KEEP_ACKNOWLEDGED_NANOS));
	}

	private static Exception asException(Throwable failure) {
		return (failure instanceof Exception ex) ? ex : new ExecutionException(failure);
	}

	String topic() {
		return this.topic;
	}

	Duration sendTimeout() {
		return this.sendTimeout;
	}

	KafkaOperations<String, byte[]> kafka() {
		return this.template.kafka();
	}

	/** Forgets the pending sends; closes the producer when the sender created it. */
	@Override
	public void close() {
		this.sends.clear();
		DefaultKafkaProducerFactory<String, byte[]> owned = this.template.owned();
		if (owned != null) {
			owned.destroy();
		}
	}

	/**
	 * One record to send.
	 *
	 * @param id what recognises the record in a retry of its batch (e.g. persistence id
	 * and sequence number)
	 * @param record makes the record, when it is to be sent
	 */
	record Outgoing(String id, Supplier<ProducerRecord<String, byte[]>> record) {
	}

	/**
	 * The template records are sent with and, when the sender created it, the producer
	 * factory to close.
	 *
	 * @param kafka the template
	 * @param owned the factory {@link #close()} destroys, {@code null} when the template
	 * is the caller's
	 */
	record Template(KafkaOperations<String, byte[]> kafka,
			@Nullable DefaultKafkaProducerFactory<String, byte[]> owned) {

		/**
		 * Checks the caller's template: non-transactional, and warns unless idempotent
		 * with {@code acks=all}.
		 * @param kafka the template
		 * @param publisher the publisher class it is for (the warning's logger and
		 * wording)
		 * @return the template, not owned
		 */
		static Template of(KafkaOperations<String, byte[]> kafka, Class<?> publisher) {
			Objects.requireNonNull(kafka, "kafka");
			if (kafka.isTransactional() && !kafka.isAllowNonTransactional()) {
				throw new IllegalArgumentException(publisher.getSimpleName() + " needs a non-transactional "
						+ "KafkaTemplate: the engine's offsets, not a Kafka transaction, make publishing at-least-once");
			}
			warnUnlessIdempotent(kafka, publisher);
			return new Template(kafka, null);
		}

		/**
		 * Creates a template on a producer of its own, with {@link #producerConfigs(Map)
		 * idempotence forced}.
		 * @param producerProperties Kafka producer properties
		 * @return the template, owned
		 */
		static Template create(Map<String, ?> producerProperties) {
			DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(
					producerConfigs(producerProperties), new StringSerializer(), new ByteArraySerializer());
			KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(factory);
			// failures are reported by publish() and logged by the engine
			template.setProducerListener(null);
			return new Template(template, factory);
		}

		private static void warnUnlessIdempotent(KafkaOperations<String, byte[]> kafka, Class<?> publisher) {
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
				LoggerFactory.getLogger(publisher)
					.warn("{}'s producer has enable.idempotence={} and acks={}: retries may reorder or lose records; "
							+ "use KafkaEventPublisher.producerConfigs(...)", publisher.getSimpleName(), idempotence,
							acks);
			}
		}

	}

	/** One record sent, until the engine learns it was acknowledged. */
	private static final class Send {

		final String id;

		final CompletableFuture<?> future;

		volatile long completedAt;

		private Send(String id, CompletableFuture<?> future) {
			this.id = id;
			this.future = future;
		}

		static Send of(String id, Producer<String, byte[]> producer, ProducerRecord<String, byte[]> record) {
			CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
			Send send = new Send(id, future);
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
				send.completedAt = System.nanoTime();
				try {
					future.complete(result.get());
				}
				catch (ExecutionException ex) {
					future.completeExceptionally((ex.getCause() != null) ? ex.getCause() : ex);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					future.completeExceptionally(ex);
				}
			}
			return send;
		}

	}

}
