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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import io.ego.connector.support.Acknowledgements;
import io.ego.connector.support.FailureClassifier;
import io.ego.connector.support.PendingSend;
import io.ego.connector.support.PendingSends;
import io.ego.connector.support.Publishing;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
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
 * attempts by their id ({@link PendingSends}, shared with the other connectors).
 *
 * @author eGo team
 * @since 0.1.0
 */
final class KafkaSender implements AutoCloseable {

	/** How long a send waits for acknowledgements when no timeout is set. */
	static final Duration DEFAULT_SEND_TIMEOUT = Publishing.DEFAULT_SEND_TIMEOUT;

	private final Template template;

	private final String topic;

	private final Duration sendTimeout;

	/** Sends not yet confirmed to the engine, by record id. */
	private final PendingSends<RecordMetadata> sends = new PendingSends<>(KafkaFailures.CLASSIFIER);

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

	/**
	 * @param headers header names and values
	 * @return the record headers, the values in UTF-8, in the same order
	 */
	static List<Header> headers(Map<String, String> headers) {
		List<Header> record = new ArrayList<>(headers.size());
		headers.forEach((name, value) -> record.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
		return record;
	}

	static void checkTopic(@Nullable String topic) {
		Publishing.checkNotEmpty(topic, "topic");
	}

	static void checkSendTimeout(@Nullable Duration timeout) {
		Publishing.checkSendTimeout(timeout);
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
		this.sends.purgeStale();
		if (records.isEmpty()) {
			return;
		}
		List<PendingSend<RecordMetadata>> batch = new ArrayList<>(records.size());
		// one producer for the whole batch: were it replaced midway (closed after a fatal
		// error), later records of an entity could be written by the new one while
		// earlier ones failed with the old one
		// in an Optional: the callback may not return null
		Optional<Exception> failure = this.template.kafka()
			.execute((producer) -> Optional.ofNullable(send(producer, records, batch)));
		if (failure != null && failure.isPresent()) {
			throw failure.get();
		}
		Acknowledgements acknowledgements = this.sends.await(batch, System.nanoTime() + this.sendTimeout.toNanos());
		if (acknowledgements.allAcknowledged()) {
			// done with
			this.sends.forget(batch);
		}
		else {
			// failed: to be sent again; acknowledged or in flight: kept for the engine's
			// retry to await
			this.sends.forgetFailed(batch);
		}
		acknowledgements.throwUnlessAllAcknowledged((unacknowledged, awaited) -> new TimeoutException(unacknowledged
				+ " of " + awaited + " record(s) to '" + this.topic + "' not acknowledged within " + this.sendTimeout));
	}

	/**
	 * Sends the batch, reusing what a failed attempt sent; returns the failure that
	 * stopped it, if any.
	 */
	private @Nullable Exception send(Producer<String, byte[]> producer, List<Outgoing> records,
			List<PendingSend<RecordMetadata>> batch) {
		for (Outgoing outgoing : records) {
			PendingSend<RecordMetadata> send = this.sends.reusable(outgoing.id());
			if (send == null) {
				CompletableFuture<RecordMetadata> future;
				try {
					future = send(producer, outgoing.record().get());
				}
				catch (RuntimeException ex) {
					// the later records are not sent: they would overtake this one in
					// their partitions
					return FailureClassifier.asException(KafkaFailures.unwrap(ex));
				}
				if (future.isCompletedExceptionally()) {
					// failed at once (too large, no metadata within max.block.ms, ...):
					// the later records wait too
					return FailureClassifier.asException(KafkaFailures.unwrap(future.exceptionNow()));
				}
				send = this.sends.track(outgoing.id(), future);
			}
			batch.add(send);
		}
		return null;
	}

	/**
	 * Sends a record; the future completes with the producer's callback, or at once with
	 * a failure the client reported through the returned future only.
	 */
	private static CompletableFuture<RecordMetadata> send(Producer<String, byte[]> producer,
			ProducerRecord<String, byte[]> record) {
		CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
		Future<RecordMetadata> result = producer.send(record, (metadata, failure) -> {
			if (failure != null) {
				future.completeExceptionally(failure);
			}
			else {
				future.complete(metadata);
			}
		});
		if (result.isDone() && !future.isDone()) {
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
		return future;
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

}
