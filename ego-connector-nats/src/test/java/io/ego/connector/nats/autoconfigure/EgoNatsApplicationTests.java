package io.ego.connector.nats.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.ego.connector.nats.NatsEventPublisher;
import io.ego.connector.nats.NatsServer;
import io.ego.connector.nats.NatsServerExtension;
import io.ego.connector.nats.PublishedMessages;
import io.ego.connector.nats.ReceivedEvent;
import io.ego.core.EgoEngine;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.store.inmemory.InMemoryDeadLetterStore;
import io.ego.spring.boot.autoconfigure.EgoAutoConfiguration;
import io.ego.spring.boot.autoconfigure.store.EgoInMemoryStoreAutoConfiguration;
import io.ego.test.bank.AccountCredited;
import io.ego.test.bank.AccountOpened;
import io.nats.client.Connection;
import io.nats.client.MessageConsumer;
import io.nats.client.api.OrderedConsumerConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application context with the ego engine and the NATS publisher auto-configured,
 * against a real server: the stream is created before the engine starts, commands' events
 * reach it, and a consumer reads them back with {@link PublishedMessages}; an
 * application's own {@link Connection} bean is used when it defines one.
 */
@ExtendWith(NatsServerExtension.class)
class EgoNatsApplicationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EgoInMemoryStoreAutoConfiguration.class, EgoAutoConfiguration.class,
				EgoNatsAutoConfiguration.class))
		.withBean(AccountEntity.class)
		.withBean(InMemoryDeadLetterStore.class);

	@Test
	void commandsEventsArePublishedToTheCreatedStreamAndReadBackTyped(NatsServer server) throws Exception {
		String stream = NatsServer.uniqueStream("APP");
		try {
			this.contextRunner
				.withPropertyValues("ego.publishers.nats.enabled=true", "ego.publishers.nats.url=" + server.url(),
						"ego.publishers.nats.events.stream=" + stream,
						"ego.publishers.nats.events.subject=app." + stream + ".{entityType}",
						"ego.publishers.nats.parallelism=2")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					EgoEngine engine = context.getBean(EgoEngine.class);
					assertThat(engine.projections().names()).containsExactly("nats");
					// created before the engine started
					assertThat(context.getBean(NatsEventPublisher.class).connection()).isNotNull();
					for (String id : List.of("a-1", "a-2", "a-3")) {
						engine.askAndWait("account", id, AccountBehavior.open(id, 10));
						engine.askAndWait("account", id, AccountBehavior.credit(id, 5));
					}
					assertThat(readBack(server, stream, 6)).hasSize(6)
						.filteredOn((event) -> event.envelope().getPersistenceId().equals("account|a-2"))
						.extracting(ReceivedEvent::event)
						.containsExactly(AccountOpened.newBuilder().setId("a-2").setInitialBalance(10).build(),
								AccountCredited.newBuilder().setId("a-2").setAmount(5).build());
					await().atMost(Duration.ofSeconds(10))
						.untilAsserted(() -> assertThat(engine.projections().status("nats").lagEvents()).isZero());
				});
		}
		finally {
			delete(server, stream);
		}
	}

	@Test
	void theApplicationsConnectionIsUsed(NatsServer server) throws Exception {
		String stream = NatsServer.uniqueStream("SHARED");
		try (Connection connection = server.connect()) {
			this.contextRunner.withBean(Connection.class, () -> connection)
				.withPropertyValues("ego.publishers.nats.enabled=true", "ego.publishers.nats.url=nats://127.0.0.1:1",
						"ego.publishers.nats.events.stream=" + stream,
						"ego.publishers.nats.events.subject=shared." + stream + ".{entityType}")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context.getBean(NatsEventPublisher.class).connection()).isSameAs(connection);
					context.getBean(EgoEngine.class).askAndWait("account", "s-1", AccountBehavior.open("s-1", 1));
					assertThat(readBack(server, stream, 1)).singleElement()
						.satisfies((event) -> assertThat(event.envelope().getPersistenceId()).isEqualTo("account|s-1"));
				});
		}
		finally {
			delete(server, stream);
		}
	}

	private static List<ReceivedEvent> readBack(NatsServer server, String stream, int count) throws Exception {
		PublishedMessages messages = PublishedMessages.of(AccountOpened.getDefaultInstance(),
				AccountCredited.getDefaultInstance());
		List<ReceivedEvent> received = new CopyOnWriteArrayList<>();
		try (Connection connection = server.connect();
				MessageConsumer consumer = connection.getStreamContext(stream)
					.createOrderedConsumer(new OrderedConsumerConfiguration())
					.consume((message) -> received.add(messages.event(message)))) {
			await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= count);
		}
		return List.copyOf(received);
	}

	private static void delete(NatsServer server, String stream) throws Exception {
		try (Connection connection = server.connect()) {
			if (connection.jetStreamManagement().getStreamNames().contains(stream)) {
				connection.jetStreamManagement().deleteStream(stream);
			}
		}
	}

}
