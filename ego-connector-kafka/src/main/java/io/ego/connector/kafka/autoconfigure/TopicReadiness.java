package io.ego.connector.kafka.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Waits until every partition of a topic has a leader that serves requests. Producing to
 * a partition created a moment ago can hit a Kafka defect (KAFKA-14359, KAFKA-15591): the
 * first request fails with {@code NOT_LEADER_OR_FOLLOWER}, a later one is accepted, and
 * the first is retried with {@code OUT_OF_ORDER_SEQUENCE_NUMBER} until
 * {@code delivery.timeout.ms} expires it. The publisher then sends it again — nothing is
 * lost, but it stalls for the delivery timeout and those records land after later ones.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class TopicReadiness {

	private TopicReadiness() {
	}

	/**
	 * Waits until every partition of the topic answers a ListOffsets request, which only
	 * its ready leader does.
	 * @param adminConfig the admin client's configuration
	 * @param topic the topic
	 * @param timeout how long to wait
	 * @throws Exception when the partitions are not ready in time
	 */
	static void awaitLeaders(Map<String, Object> adminConfig, String topic, Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		try (Admin admin = Admin.create(adminConfig)) {
			for (;;) {
				try {
					listLatestOffsets(admin, topic, Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
					return;
				}
				catch (ExecutionException ex) {
					// the broker may not know the topic yet, or its leaders may not be
					// ready
					if (!(ex.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
						throw ex;
					}
					Thread.sleep(50);
				}
			}
		}
	}

	private static void listLatestOffsets(Admin admin, String topic, long timeoutMs) throws Exception {
		TopicDescription description = admin.describeTopics(List.of(topic))
			.allTopicNames()
			.get(timeoutMs, TimeUnit.MILLISECONDS)
			.get(topic);
		// allTopicNames() fails unless it describes every topic asked for
		Objects.requireNonNull(description, () -> "no description of topic '" + topic + "'");
		Map<TopicPartition, OffsetSpec> partitions = description.partitions()
			.stream()
			.collect(Collectors.toMap((partition) -> new TopicPartition(topic, partition.partition()),
					(partition) -> OffsetSpec.latest()));
		admin.listOffsets(partitions, new ListOffsetsOptions().timeoutMs((int) timeoutMs))
			.all()
			.get(timeoutMs, TimeUnit.MILLISECONDS);
	}

}
