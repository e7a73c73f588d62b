package io.ego.connector.pulsar;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.ego.connector.support.Acknowledgements;
import io.ego.connector.support.FailureClassifier;
import io.ego.connector.support.PendingSend;
import io.ego.connector.support.PendingSends;
import io.ego.connector.support.Publishing;
import org.apache.pulsar.client.api.HashingScheme;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.MessageIdAdv;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.ProducerBuilder;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;
import org.jspecify.annotations.Nullable;

/**
 * What {@link PulsarEventPublisher} and {@link PulsarStatePublisher} share: sends a batch
 * of messages, then waits (up to the send timeout) until the broker acknowledged every
 * one; anything less throws, so that the engine sends the batch again. A message a failed
 * attempt got acknowledged, or still has in flight, is not sent again by a retry (which
 * waits for it instead): messages are recognised across attempts by their id.
 * <p>
 * <b>Lanes.</b> Each slice of persistence ids has its own producer, named
 * {@code <prefix>-<slice>}, whose messages carry increasing sequence ids (the journal or
 * change-feed position): a slice is read by one worker, in position order, so a broker
 * with deduplication drops what a lane sends again with a sequence id it already stored
 * (an outage, a lost receipt, a retried batch). A lane never sends a message below what
 * it sent before (a dead letter retried later, the re-sends after a restart, a message
 * the broker refused): those go through an unnamed producer without sequence ids instead,
 * so the broker cannot drop them as duplicates. A duplicate receipt for a sequence id the
 * lane's producer had stored before this process created it is not trusted either (the
 * message might never have been stored): it is sent again the same way.
 *
 * @author eGo team
 * @since 0.2.0
 */
final class PulsarSender implements AutoCloseable {

	/** How long a send waits for acknowledgements when no timeout is set. */
	static final Duration DEFAULT_SEND_TIMEOUT = Publishing.DEFAULT_SEND_TIMEOUT;

	/** Sequence ids per journal position: the parts an adapter split one event into. */
	static final int PARTS_PER_POSITION = 1024;

	private final PulsarClient client;

	private final boolean ownsClient;

	private final String topic;

	private final String producerName;

	private final Duration sendTimeout;

	private final Map<Integer, CompletableFuture<Lane>> lanes = new ConcurrentHashMap<>();

	private @Nullable CompletableFuture<Producer<byte[]>> unordered;

	/**
	 * Sends not yet confirmed to the engine, by message id; failed ones are kept too, for
	 * a retry to send them again in the same lane.
	 */
	private final PendingSends<Boolean> sends = new PendingSends<>(PulsarFailures.CLASSIFIER);

	private final LongAdder duplicatesDropped = new LongAdder();

	private final LongAdder unorderedSends = new LongAdder();

	PulsarSender(PulsarClient client, boolean ownsClient, String topic, String producerName, Duration sendTimeout) {
		this.client = client;
		this.ownsClient = ownsClient;
		this.topic = topic;
		this.producerName = producerName;
		this.sendTimeout = sendTimeout;
	}

	static PulsarClient createClient(String serviceUrl) {
		try {
			return PulsarClient.builder().serviceUrl(serviceUrl).build();
		}
		catch (PulsarClientException ex) {
			throw new IllegalArgumentException("could not create a Pulsar client for '" + serviceUrl + "'", ex);
		}
	}

	static void checkName(@Nullable String value, String what) {
		Publishing.checkNotEmpty(value, what);
	}

	static void checkSendTimeout(@Nullable Duration timeout) {
		Publishing.checkSendTimeout(timeout);
	}

	/**
	 * Sends the messages in order and returns once the broker acknowledged every one.
	 * @param messages the messages, each with the id that recognises it in a retry
	 * @throws Exception the client's failure (a poison one first), or a
	 * {@link PulsarClientException.TimeoutException} when not every message was
	 * acknowledged in time
	 */
	void send(List<Outgoing> messages) throws Exception {
		this.sends.purgeStale();
		if (messages.isEmpty()) {
			return;
		}
		long deadline = System.nanoTime() + this.sendTimeout.toNanos();
		Map<Integer, Lane> lanes = lanes(messages, deadline);
		List<PendingSend<Boolean>> batch = new ArrayList<>(messages.size());
		for (Outgoing message : messages) {
			PendingSend<Boolean> send = this.sends.previous(message.id());
			if (send == null || send.isFailed()) {
				Lane lane = lanes.get(message.slice());
				// a lane only moves forward, except to send again what its producer may
				// hold already (a send that failed without being refused); anything else
				// goes without sequence id
				boolean again = send != null && !PulsarFailures.isPoison(send.failure());
				CompletableFuture<Boolean> sent;
				try {
					sent = (lane != null && (again || message.sequenceId() > lane.highest.get()))
							? sendOrdered(lane, message) : sendUnordered(message, deadline);
				}
				catch (RuntimeException ex) {
					// the later messages are not sent: they would overtake this one
					throw FailureClassifier.asException(unwrap(ex));
				}
				if (sent.isCompletedExceptionally()) {
					throw FailureClassifier.asException(unwrap(sent.exceptionNow()));
				}
				send = this.sends.track(message.id(), sent);
			}
			batch.add(send);
		}
		Acknowledgements acknowledgements = this.sends.await(batch, deadline);
		if (acknowledgements.allAcknowledged()) {
			// done with; failed or in flight: kept, for the engine's retry to send again
			// in the same lane or to await
			this.sends.forget(batch);
		}
		acknowledgements.throwUnlessAllAcknowledged(
				(unacknowledged, awaited) -> new PulsarClientException.TimeoutException(unacknowledged + " of "
						+ awaited + " message(s) to '" + this.topic + "' not acknowledged within " + this.sendTimeout));
	}

	private Map<Integer, Lane> lanes(List<Outgoing> messages, long deadline) throws Exception {
		Map<Integer, CompletableFuture<Lane>> pending = new HashMap<>();
		for (Outgoing message : messages) {
			pending.computeIfAbsent(message.slice(), this::lane);
		}
		Map<Integer, Lane> lanes = new HashMap<>();
		for (Map.Entry<Integer, CompletableFuture<Lane>> entry : pending.entrySet()) {
			try {
				lanes.put(entry.getKey(),
						entry.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
			}
			catch (ExecutionException ex) {
				this.lanes.remove(entry.getKey(), entry.getValue());
				throw FailureClassifier.asException(unwrap(ex));
			}
			catch (TimeoutException ex) {
				throw new PulsarClientException.TimeoutException("the producer " + laneName(entry.getKey()) + " of '"
						+ this.topic + "' was not created within " + this.sendTimeout);
			}
		}
		return lanes;
	}

	private CompletableFuture<Lane> lane(int slice) {
		CompletableFuture<Lane> lane = this.lanes.get(slice);
		if (lane != null && !lane.isCompletedExceptionally()) {
			return lane;
		}
		CompletableFuture<Lane> created = producer().producerName(laneName(slice))
			.createAsync()
			.thenApply((producer) -> new Lane(slice, producer));
		this.lanes.put(slice, created);
		return created;
	}

	private String laneName(int slice) {
		return this.producerName + "-" + slice;
	}

	private ProducerBuilder<byte[]> producer() {
		// no batching: a batch of several keys breaks Key_Shared dispatch, and key-based
		// batches would carry overlapping sequence ids; no client-side send timeout: the
		// client keeps pending messages across reconnections, publish() waits for them
		return this.client.newProducer(Schema.BYTES)
			.topic(this.topic)
			.enableBatching(false)
			.sendTimeout(0, TimeUnit.SECONDS)
			.blockIfQueueFull(false)
			.hashingScheme(HashingScheme.Murmur3_32Hash);
	}

	private CompletableFuture<Boolean> sendOrdered(Lane lane, Outgoing message) {
		lane.highest.accumulateAndGet(message.sequenceId(), Math::max);
		CompletableFuture<MessageId> sent = lane.producer.newMessage()
			.key(message.key())
			.value(message.value())
			.properties(message.properties())
			.sequenceId(message.sequenceId())
			.sendAsync();
		CompletableFuture<Boolean> acknowledged = new CompletableFuture<>();
		sent.whenComplete((id, failure) -> {
			if (failure != null) {
				Throwable cause = unwrap(failure);
				if (PulsarFailures.isBrokenProducer(cause)) {
					this.lanes.computeIfPresent(lane.slice, (slice, current) -> isLane(current, lane) ? null : current);
				}
				acknowledged.completeExceptionally(cause);
			}
			else if (isDuplicate(id)) {
				if (message.sequenceId() > lane.storedBefore) {
					// stored by this lane earlier (a re-send of the client or of a retry)
					this.duplicatesDropped.increment();
					acknowledged.complete(Boolean.TRUE);
				}
				else {
					// maybe never stored: send it again where it cannot be dropped
					sendUnordered(message, System.nanoTime() + this.sendTimeout.toNanos())
						.whenComplete((again, againFailure) -> complete(acknowledged, againFailure));
				}
			}
			else {
				acknowledged.complete(Boolean.TRUE);
			}
		});
		return acknowledged;
	}

	private CompletableFuture<Boolean> sendUnordered(Outgoing message, long deadline) {
		CompletableFuture<Boolean> acknowledged = new CompletableFuture<>();
		this.unorderedSends.increment();
		unordered().orTimeout(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
			.thenCompose((producer) -> producer.newMessage()
				.key(message.key())
				.value(message.value())
				.properties(message.properties())
				.sendAsync())
			.whenComplete((id, failure) -> complete(acknowledged, (failure != null) ? unwrap(failure) : null));
		return acknowledged;
	}

	private static void complete(CompletableFuture<Boolean> acknowledged, @Nullable Throwable failure) {
		if (failure != null) {
			acknowledged.completeExceptionally(failure);
		}
		else {
			acknowledged.complete(Boolean.TRUE);
		}
	}

	private synchronized CompletableFuture<Producer<byte[]>> unordered() {
		CompletableFuture<Producer<byte[]>> producer = this.unordered;
		if (producer == null || producer.isCompletedExceptionally()) {
			producer = producer().createAsync();
			this.unordered = producer;
		}
		return producer;
	}

	private static boolean isLane(CompletableFuture<Lane> future, Lane lane) {
		return future.isDone() && !future.isCompletedExceptionally() && future.join() == lane;
	}

	private static boolean isDuplicate(@Nullable MessageId id) {
		// the broker's receipt for a message it dropped as a duplicate
		return id instanceof MessageIdAdv adv && adv.getLedgerId() == -1 && adv.getEntryId() == -1;
	}

	static Throwable unwrap(Throwable failure) {
		return PulsarFailures.CLASSIFIER.unwrap(failure);
	}

	String topic() {
		return this.topic;
	}

	String producerName() {
		return this.producerName;
	}

	Duration sendTimeout() {
		return this.sendTimeout;
	}

	long duplicatesDropped() {
		return this.duplicatesDropped.sum();
	}

	long unorderedSends() {
		return this.unorderedSends.sum();
	}

	/** Closes the producers; closes the client when the sender created it. */
	@Override
	public void close() {
		// a publish() waiting for a producer or an acknowledgement returns at once
		PulsarClientException closed = new PulsarClientException.AlreadyClosedException(
				"the publisher to '" + this.topic + "' is closed");
		this.sends.failAll(closed);
		List<CompletableFuture<?>> closing = new ArrayList<>();
		for (CompletableFuture<Lane> lane : this.lanes.values()) {
			lane.completeExceptionally(closed);
			closing.add(lane.thenCompose((created) -> created.producer.closeAsync()));
		}
		this.lanes.clear();
		CompletableFuture<Producer<byte[]>> unordered;
		synchronized (this) {
			unordered = this.unordered;
			this.unordered = null;
		}
		if (unordered != null) {
			closing.add(unordered.thenCompose(Producer::closeAsync));
		}
		try {
			CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			// closing: the broker forgets the producers with their connection
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (this.ownsClient) {
			try {
				this.client.close();
			}
			catch (PulsarClientException ex) {
				// closing
			}
		}
	}

	/**
	 * One message to send.
	 *
	 * @param id what recognises the message in a retry of its batch (e.g. persistence id,
	 * sequence number and part)
	 * @param slice the slice of its persistence id: its lane
	 * @param sequenceId its sequence id in the lane (increasing with the position)
	 * @param key the message key (the persistence id)
	 * @param value the serialized envelope
	 * @param properties the message properties
	 */
	record Outgoing(String id, int slice, long sequenceId, String key, byte[] value, Map<String, String> properties) {
	}

	/** A slice's producer. */
	private static final class Lane {

		final int slice;

		final Producer<byte[]> producer;

		/** The highest sequence id the broker had stored for the lane's name before. */
		final long storedBefore;

		/** The highest sequence id sent (or stored before). */
		final AtomicLong highest;

		Lane(int slice, Producer<byte[]> producer) {
			this.slice = slice;
			this.producer = producer;
			this.storedBefore = producer.getLastSequenceId();
			this.highest = new AtomicLong(this.storedBefore);
		}

	}

}
