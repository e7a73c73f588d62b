package io.ego.connector.kafka;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.google.protobuf.Message;
import io.ego.connector.kafka.autoconfigure.EgoKafkaAutoConfiguration;
import io.ego.connector.support.fixtures.TcpProxy;
import io.ego.core.EgoEngine;
import io.ego.core.EventSourcedBehavior;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.store.inmemory.InMemoryDeadLetterStore;
import io.ego.spring.annotation.EventSourcedEntity;
import io.ego.spring.boot.autoconfigure.EgoAutoConfiguration;
import io.ego.spring.boot.autoconfigure.store.EgoInMemoryStoreAutoConfiguration;
import io.ego.test.bank.Account;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka unreachable at start-up with {@code create-topic=true}: the application starts
 * and serves commands while the topic is created in the background
 * ({@code egoKafkaTopics} health {@code UNKNOWN}); once the broker answers, the topic is
 * created, the health is {@code UP} and the events written meanwhile are published. The
 * broker does not create topics on its own.
 */
class TopicCreationOutageTests {

	private static final AtomicReference<InetSocketAddress> brokerAddress = new AtomicReference<>();

	private static TcpProxy proxy;

	private static TestBroker broker;

	@BeforeAll
	static void startBrokerBehindProxy() {
		proxy = new TcpProxy(brokerAddress::get);
		broker = TestBroker.start(
				Map.of("advertised.listeners", "EXTERNAL://" + proxy.address(), "auto.create.topics.enable", "false"));
		String direct = broker.bootstrapServers().split(",")[0];
		brokerAddress
			.set(new InetSocketAddress("127.0.0.1", Integer.parseInt(direct.substring(direct.lastIndexOf(':') + 1))));
	}

	/** The test bank account of ego-core, declared as entity type {@code account}. */
	@EventSourcedEntity("account")
	static class AccountEntity implements EventSourcedBehavior<Account> {

		private final AccountBehavior delegate = new AccountBehavior();

		@Override
		public Account initialState() {
			return this.delegate.initialState();
		}

		@Override
		public List<? extends Message> handleCommand(Message command, Account state) {
			return this.delegate.handleCommand(command, state);
		}

		@Override
		public Account handleEvent(Message event, Account state) {
			return this.delegate.handleEvent(event, state);
		}

	}

	@AfterAll
	static void stopBroker() {
		broker.close();
		proxy.close();
	}

	@Test
	void theTopicIsCreatedInTheBackgroundOnceKafkaAnswersAndWhatWasWrittenMeanwhileIsPublished() {
		proxy.down();
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(KafkaAutoConfiguration.class, EgoInMemoryStoreAutoConfiguration.class,
							EgoAutoConfiguration.class, EgoKafkaAutoConfiguration.class))
			.withBean(AccountEntity.class)
			.withBean(InMemoryDeadLetterStore.class)
			.withPropertyValues("spring.kafka.bootstrap-servers=" + proxy.address(),
					"ego.publishers.kafka.enabled=true", "ego.publishers.kafka.events.topic=outage-events",
					"ego.publishers.kafka.create-topic=true", "ego.publishers.kafka.partitions=2",
					"ego.publishers.kafka.replicas=1", "ego.publishers.kafka.send-timeout=2s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				HealthIndicator topics = context.getBean("egoKafkaTopicsHealthIndicator", HealthIndicator.class);
				assertThat(topics.health().getStatus()).isEqualTo(Status.UNKNOWN);
				EgoEngine engine = context.getBean(EgoEngine.class);
				// commands do not wait for the topic
				assertThat(engine.askAndWait("account", "t-1", AccountBehavior.open("t-1", 10)).isAccepted()).isTrue();
				assertThat(engine.askAndWait("account", "t-1", AccountBehavior.credit("t-1", 5)).isAccepted()).isTrue();
				assertThat(engine.projections().status("kafka").lagEvents()).isPositive();

				proxy.up();
				await().atMost(Duration.ofSeconds(90)).until(() -> Status.UP.equals(topics.health().getStatus()));
				try (Admin admin = Admin
					.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
					assertThat(admin.describeTopics(List.of("outage-events"))
						.allTopicNames()
						.get(10, TimeUnit.SECONDS)
						.get("outage-events")
						.partitions()).hasSize(2);
				}
				await().atMost(Duration.ofSeconds(90))
					.until(() -> engine.projections().status("kafka").lagEvents() == 0);
			});
	}

}
