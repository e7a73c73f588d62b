package io.ego.connector.nats;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.ego.connector.v1.PublishedEvent;
import io.ego.connector.v1.PublishedState;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.api.OrderedConsumerConfiguration;
import io.nats.client.impl.Headers;

import static org.awaitility.Awaitility.await;

/**
 * Reads a stream from its start, in stream order, with an ordered consumer on a
 * connection of its own, and records per key the event sequence numbers (or state
 * revisions) in stream order, and which messages' headers disagree with their envelope.
 */
final class StreamReader implements AutoCloseable {

	private final Connection connection;

	private final MessageConsumer consumer;

	private final boolean states;

	private final Map<String, List<Long>> numbers = new ConcurrentHashMap<>();

	private final Set<String> inconsistent = ConcurrentHashMap.newKeySet();

	private final AtomicInteger count = new AtomicInteger();

	StreamReader(NatsServer server, String stream, boolean states)
			throws IOException, InterruptedException, JetStreamApiException {
		this.states = states;
		this.connection = server.connect();
		this.consumer = this.connection.getStreamContext(stream)
			.createOrderedConsumer(new OrderedConsumerConfiguration())
			.consume(this::read);
	}

	private void read(Message message) {
		try {
			Headers headers = message.getHeaders();
			String key;
			long number;
			String id;
			String numberHeader;
			if (this.states) {
				PublishedState state = PublishedState.parseFrom(message.getData());
				key = state.getPersistenceId();
				number = state.getRevision();
				id = OutgoingMessages.stateId(key, number);
				numberHeader = headers.getFirst(EgoNatsHeaders.REVISION);
			}
			else {
				PublishedEvent event = PublishedEvent.parseFrom(message.getData());
				key = event.getPersistenceId();
				number = event.getSequenceNr();
				id = OutgoingMessages.eventId(key, number, event.getPart());
				numberHeader = headers.getFirst(EgoNatsHeaders.SEQUENCE_NR);
			}
			if (!id.equals(headers.getFirst(EgoNatsHeaders.MSG_ID))
					|| !key.equals(headers.getFirst(EgoNatsHeaders.PERSISTENCE_ID))
					|| !Long.toString(number).equals(numberHeader)) {
				this.inconsistent.add(key + "@" + number);
			}
			List<Long> list = this.numbers.computeIfAbsent(key, (k) -> new ArrayList<>());
			synchronized (list) {
				list.add(number);
			}
			this.count.incrementAndGet();
		}
		catch (Throwable ex) {
			this.inconsistent.add("unreadable: " + ex);
		}
	}

	int count() {
		return this.count.get();
	}

	/**
	 * @return the numbers read per key, in stream order (a copy)
	 */
	Map<String, List<Long>> numbers() {
		Map<String, List<Long>> copy = new TreeMap<>();
		this.numbers.forEach((key, list) -> {
			synchronized (list) {
				copy.put(key, List.copyOf(list));
			}
		});
		return copy;
	}

	/** Waits until every key's numbers reach at least the given highest. */
	void awaitEvery(Map<String, Long> highest, Duration timeout) {
		await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
			Map<String, List<Long>> numbers = numbers();
			for (Map.Entry<String, Long> entry : highest.entrySet()) {
				List<Long> read = numbers.get(entry.getKey());
				if (read == null || !read.contains(entry.getValue())) {
					return false;
				}
			}
			return true;
		});
	}

	/**
	 * Compares what was read with 1..highest per key.
	 */
	Check check(Map<String, Long> highest) {
		Map<String, List<Long>> read = numbers();
		Map<String, List<Long>> missing = new TreeMap<>();
		Map<String, List<Long>> outOfOrder = new TreeMap<>();
		int duplicates = 0;
		int records = 0;
		long expected = 0;
		for (Map.Entry<String, Long> entry : highest.entrySet()) {
			List<Long> got = read.getOrDefault(entry.getKey(), List.of());
			List<Long> absent = new ArrayList<>();
			for (long n = 1; n <= entry.getValue(); n++) {
				if (!got.contains(n)) {
					absent.add(n);
				}
			}
			expected += entry.getValue();
			if (!absent.isEmpty()) {
				missing.put(entry.getKey(), absent);
			}
		}
		for (Map.Entry<String, List<Long>> entry : read.entrySet()) {
			List<Long> got = entry.getValue();
			records += got.size();
			duplicates += (int) (got.size() - got.stream().distinct().count());
			for (int i = 1; i < got.size(); i++) {
				if (got.get(i) < got.get(i - 1)) {
					outOfOrder.put(entry.getKey(), got);
					break;
				}
			}
		}
		return new Check(expected, records, duplicates, missing, outOfOrder, Set.copyOf(this.inconsistent));
	}

	@Override
	public void close() throws Exception {
		this.consumer.close();
		this.connection.close();
	}

	record Check(long expected, int records, int duplicates, Map<String, List<Long>> missing,
			Map<String, List<Long>> outOfOrder, Set<String> inconsistent) {

		String summary() {
			return records + " messages read for " + expected + " expected, " + duplicates + " duplicate(s), "
					+ missing.values().stream().mapToInt(List::size).sum() + " missing, " + outOfOrder.size()
					+ " key(s) out of order, " + inconsistent.size() + " inconsistent";
		}

	}

}
