package io.ego.connector.pulsar;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.ego.connector.v1.PublishedEvent;
import io.ego.connector.v1.PublishedState;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.client.api.SubscriptionType;

import static org.awaitility.Awaitility.await;

/**
 * Reads a topic from its start with a Key_Shared subscription of several consumers (each
 * on its own thread, acknowledging what it read), and checks what arrived per key: the
 * event sequence numbers or the state revisions, in arrival order, and which consumer got
 * each key.
 */
final class TopicReader implements AutoCloseable {

	private final List<Consumer<byte[]>> consumers = new ArrayList<>();

	private final List<Thread> threads = new ArrayList<>();

	private final Map<String, List<Long>> numbers = new ConcurrentHashMap<>();

	private final Map<String, Set<Integer>> consumersByKey = new ConcurrentHashMap<>();

	private final Set<String> inconsistent = ConcurrentHashMap.newKeySet();

	private final AtomicInteger count = new AtomicInteger();

	private volatile boolean closed;

	TopicReader(PulsarClient client, String topic, int consumers, boolean states) throws PulsarClientException {
		String subscription = "reader-" + System.nanoTime();
		for (int i = 0; i < consumers; i++) {
			Consumer<byte[]> consumer = client.newConsumer(Schema.BYTES)
				.topic(topic)
				.subscriptionName(subscription)
				.subscriptionType(SubscriptionType.Key_Shared)
				.subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
				.receiverQueueSize(1000)
				.subscribe();
			this.consumers.add(consumer);
			int index = i;
			this.threads.add(Thread.ofPlatform()
				.name("topic-reader-" + topic + "-" + i)
				.daemon()
				.start(() -> read(consumer, index, states)));
		}
	}

	private void read(Consumer<byte[]> consumer, int index, boolean states) {
		while (!this.closed) {
			try {
				Message<byte[]> message = consumer.receive(100, TimeUnit.MILLISECONDS);
				if (message == null) {
					continue;
				}
				String key;
				long number;
				String property;
				if (states) {
					PublishedState state = PublishedState.parseFrom(message.getValue());
					key = state.getPersistenceId();
					number = state.getRevision();
					property = message.getProperty(EgoPulsarMessageProperties.REVISION);
				}
				else {
					PublishedEvent event = PublishedEvent.parseFrom(message.getValue());
					key = event.getPersistenceId();
					number = event.getSequenceNr();
					property = message.getProperty(EgoPulsarMessageProperties.SEQUENCE_NR);
				}
				if (!key.equals(message.getKey()) || !Long.toString(number).equals(property)) {
					this.inconsistent.add(key);
				}
				List<Long> list = this.numbers.computeIfAbsent(key, (k) -> new ArrayList<>());
				synchronized (list) {
					list.add(number);
				}
				this.consumersByKey.computeIfAbsent(key, (k) -> ConcurrentHashMap.newKeySet()).add(index);
				this.count.incrementAndGet();
				consumer.acknowledgeAsync(message);
			}
			catch (Exception ex) {
				if (!this.closed) {
					this.inconsistent.add("read failure: " + ex);
				}
			}
		}
	}

	int count() {
		return this.count.get();
	}

	/** Waits until every key's highest number arrived. */
	void awaitEvery(Map<String, Long> highest, Duration timeout) {
		await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
			for (Map.Entry<String, Long> entry : highest.entrySet()) {
				List<Long> seen = this.numbers.get(entry.getKey());
				if (entry.getValue() > 0 && (seen == null || !containsSynchronized(seen, entry.getValue()))) {
					return false;
				}
			}
			return true;
		});
	}

	private static boolean containsSynchronized(List<Long> seen, long number) {
		synchronized (seen) {
			return seen.contains(number);
		}
	}

	/**
	 * @return the numbers read per key, in arrival order
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

	/**
	 * Checks the events read against the journal's highest sequence number per key.
	 */
	Check check(Map<String, Long> highest) {
		Map<String, List<Long>> read = numbers();
		Map<String, List<Long>> missing = new TreeMap<>();
		Set<String> outOfOrder = new HashSet<>();
		int duplicates = 0;
		int records = 0;
		long expected = 0;
		for (Map.Entry<String, Long> entry : highest.entrySet()) {
			List<Long> seen = read.getOrDefault(entry.getKey(), List.of());
			records += seen.size();
			expected += entry.getValue();
			Set<Long> distinct = new HashSet<>();
			long max = 0;
			for (long number : seen) {
				if (!distinct.add(number)) {
					duplicates++;
				}
				else if (number < max) {
					outOfOrder.add(entry.getKey());
				}
				max = Math.max(max, number);
			}
			List<Long> gaps = new ArrayList<>();
			for (long n = 1; n <= entry.getValue(); n++) {
				if (!distinct.contains(n)) {
					gaps.add(n);
				}
			}
			if (!gaps.isEmpty()) {
				missing.put(entry.getKey(), gaps);
			}
		}
		Set<String> splitKeys = new HashSet<>();
		this.consumersByKey.forEach((key, consumers) -> {
			if (consumers.size() > 1) {
				splitKeys.add(key);
			}
		});
		Set<Integer> usedConsumers = new HashSet<>();
		this.consumersByKey.values().forEach(usedConsumers::addAll);
		return new Check(records, expected, duplicates, missing, outOfOrder, splitKeys, Set.copyOf(this.inconsistent),
				usedConsumers.size());
	}

	@Override
	public void close() throws Exception {
		this.closed = true;
		for (Thread thread : this.threads) {
			thread.join(5000);
		}
		for (Consumer<byte[]> consumer : this.consumers) {
			consumer.close();
		}
	}

	/**
	 * What was read.
	 *
	 * @param records messages read
	 * @param expected events in the journal
	 * @param duplicates messages read more than once
	 * @param missing per key, the sequence numbers never read
	 * @param outOfOrder keys with a first arrival below one already read
	 * @param splitKeys keys read by more than one consumer
	 * @param inconsistent keys whose message key or properties disagree with the envelope
	 * @param consumers how many consumers got messages
	 */
	record Check(int records, long expected, int duplicates, Map<String, List<Long>> missing, Set<String> outOfOrder,
			Set<String> splitKeys, Set<String> inconsistent, int consumers) {

		String summary() {
			return records + " messages read for " + expected + " events, " + duplicates + " duplicate(s), "
					+ missing.size() + " key(s) with gaps, " + outOfOrder.size() + " out of order, " + splitKeys.size()
					+ " key(s) split across consumers, " + consumers + " consumer(s) used";
		}

	}

}
