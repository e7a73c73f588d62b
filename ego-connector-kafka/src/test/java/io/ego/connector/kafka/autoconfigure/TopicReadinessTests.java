package io.ego.connector.kafka.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.ego.connector.kafka.TestBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link TopicReadiness} against a real broker.
 */
class TopicReadinessTests {

	private final TestBroker broker = TestBroker.shared();

	private final Map<String, Object> admin = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
			this.broker.bootstrapServers());

	@Test
	void aTopicJustCreatedIsAwaitedUntilItsLeadersAnswer() throws Exception {
		try (Admin client = Admin.create(this.admin)) {
			client.createTopics(List.of(new NewTopic("fresh", 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}
		assertThatNoException()
			.isThrownBy(() -> TopicReadiness.awaitLeaders(this.admin, "fresh", Duration.ofSeconds(30)));
	}

	@Test
	void aTopicThatDoesNotExistIsGivenUpOnAtTheTimeout() {
		long start = System.nanoTime();
		assertThatException()
			.isThrownBy(() -> TopicReadiness.awaitLeaders(this.admin, "missing", Duration.ofMillis(500)))
			.isInstanceOfAny(ExecutionException.class, TimeoutException.class);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
	}

}
