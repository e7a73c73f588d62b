package io.ego.connector.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.google.protobuf.InvalidProtocolBufferException;
import io.ego.connector.v1.PublishedEvent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import static org.awaitility.Awaitility.await;

/**
 * Reads a whole topic from the beginning in a background thread (a plain consumer on all
 * partitions, no group), and checks what it read: one entry per record, in partition
 * order, with the envelope parsed.
 */
final class TopicReader implements AutoCloseable {

	private final KafkaConsumer<String, byte[]> consumer;

	private final Thread thread;

	private final List<Received> received = new ArrayList<>();

	private volatile boolean closed;

	private volatile int count;

	TopicReader(String bootstrapServers, String topic) {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
		this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
		List<TopicPartition> partitions = this.consumer.partitionsFor(topic, Duration.ofSeconds(30))
			.stream()
			.map((info) -> new TopicPartition(topic, info.partition()))
			.toList();
		this.consumer.assign(partitions);
		this.consumer.seekToBeginning(partitions);
		this.thread = Thread.ofPlatform().daemon().name("topic-reader-" + topic).start(this::run);
	}

	private void run() {
		try {
			while (!this.closed) {
				for (ConsumerRecord<String, byte[]> record : this.consumer.poll(Duration.ofMillis(100))) {
					Received entry = Received.of(record);
					synchronized (this.received) {
						this.received.add(entry);
						this.count = this.received.size();
					}
				}
			}
		}
		catch (WakeupException ex) {
			// closing
		}
		finally {
			this.consumer.close();
		}
	}

	int count() {
		return this.count;
	}

	List<Received> received() {
		synchronized (this.received) {
			return List.copyOf(this.received);
		}
	}

	/** Waits until every event 1..highest of every entity was read at least once. */
	void awaitEvery(Map<String, Long> highest, Duration atMost) {
		await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> check(highest).missing().isEmpty());
	}

	Check check(Map<String, Long> highest) {
		List<Received> records = received();
		Map<String, List<Long>> sequences = new LinkedHashMap<>();
		Map<String, Set<Integer>> partitions = new HashMap<>();
		List<String> inconsistent = new ArrayList<>();
		for (Received record : records) {
			sequences.computeIfAbsent(record.key(), (k) -> new ArrayList<>()).add(record.envelope().getSequenceNr());
			partitions.computeIfAbsent(record.key(), (k) -> new TreeSet<>()).add(record.partition());
			if (!record.consistent()) {
				inconsistent.add(record.toString());
			}
		}
		List<String> missing = new ArrayList<>();
		int expected = 0;
		for (Map.Entry<String, Long> entity : highest.entrySet()) {
			expected += entity.getValue().intValue();
			Set<Long> seen = new TreeSet<>(sequences.getOrDefault(entity.getKey(), List.of()));
			for (long seq = 1; seq <= entity.getValue(); seq++) {
				if (!seen.contains(seq)) {
					missing.add(entity.getKey() + "#" + seq);
				}
			}
		}
		List<String> outOfOrder = new ArrayList<>();
		int unique = 0;
		for (Map.Entry<String, List<Long>> entity : sequences.entrySet()) {
			long highestSeen = 0;
			for (long seq : entity.getValue()) {
				if (seq > highestSeen + 1) {
					outOfOrder.add(entity.getKey() + ": #" + seq + " read before #" + (highestSeen + 1));
				}
				if (seq > highestSeen) {
					highestSeen = seq;
				}
			}
			unique += (int) entity.getValue().stream().distinct().count();
		}
		List<String> splitKeys = partitions.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().size() > 1)
			.map(Map.Entry::getKey)
			.collect(Collectors.toList());
		return new Check(expected, records.size(), unique, records.size() - unique, missing, outOfOrder, splitKeys,
				inconsistent, sequences);
	}

	@Override
	public void close() throws InterruptedException {
		this.closed = true;
		this.consumer.wakeup();
		this.thread.join(Duration.ofSeconds(10));
	}

	/**
	 * What was read, compared to the journal.
	 *
	 * @param expected events in the journal
	 * @param records records read
	 * @param unique distinct (persistence id, sequence number) read
	 * @param duplicates records read more than once
	 * @param missing events of the journal not read, as {@code pid#seq}
	 * @param outOfOrder events read before one of their predecessors had been read
	 * @param splitKeys keys found in more than one partition
	 * @param inconsistent records whose key or headers disagree with the envelope
	 * @param sequences the sequence numbers read, per key, in read order
	 */
	record Check(int expected, int records, int unique, int duplicates, List<String> missing, List<String> outOfOrder,
			List<String> splitKeys, List<String> inconsistent, Map<String, List<Long>> sequences) {

		String summary() {
			return "journal events=" + this.expected + ", records read=" + this.records + ", distinct=" + this.unique
					+ ", duplicates=" + this.duplicates + ", missing=" + this.missing.size() + ", out of order="
					+ this.outOfOrder.size() + ", keys in several partitions=" + this.splitKeys.size();
		}

	}

	/**
	 * One record read.
	 *
	 * @param key the record key
	 * @param partition its partition
	 * @param offset its offset
	 * @param envelope the parsed value
	 * @param headers the headers, as strings
	 */
	record Received(String key, int partition, long offset, PublishedEvent envelope, Map<String, String> headers) {

		static Received of(ConsumerRecord<String, byte[]> record) {
			Map<String, String> headers = new LinkedHashMap<>();
			for (Header header : record.headers()) {
				headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
			}
			try {
				return new Received(record.key(), record.partition(), record.offset(),
						PublishedEvent.parseFrom(record.value()), headers);
			}
			catch (InvalidProtocolBufferException ex) {
				throw new IllegalStateException("not a PublishedEvent at " + record.partition() + "@" + record.offset(),
						ex);
			}
		}

		boolean consistent() {
			String sequenceNr = Long.toString(this.envelope.getSequenceNr());
			return this.key.equals(this.envelope.getPersistenceId())
					&& this.key.equals(this.headers.get(EgoKafkaHeaders.PERSISTENCE_ID))
					&& sequenceNr.equals(this.headers.get(EgoKafkaHeaders.SEQUENCE_NR))
					&& this.envelope.getEventType().equals(this.headers.get(EgoKafkaHeaders.EVENT_TYPE))
					&& this.envelope.getEntityType().equals(this.headers.get(EgoKafkaHeaders.ENTITY_TYPE));
		}

	}

}
