package io.ego.spring.boot.test.app;

import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.projection.EventEnvelope;
import io.ego.spring.boot.test.EgoTest;
import io.ego.spring.boot.test.scenario.EgoScenario;
import io.ego.spring.boot.test.scenario.EgoTestConfigurationException;
import io.ego.spring.boot.test.scenario.EgoTestPublisher;
import io.ego.test.bank.AccountCredited;
import io.ego.test.bank.AccountOpened;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Published events in an {@code @EgoTest}: an {@link EgoTestPublisher} bean is registered
 * with the engine as a publisher, and the scenario waits for it by position and compares
 * what it was given.
 */
@EgoTest
class EgoTestPublisherTests {

	@Autowired
	EgoScenario scenario;

	@Test
	void thePublisherIsGivenTheCommandsEventsInJournalOrder() {
		this.scenario.published("account-events"); // what other tests of this context
													// published
		this.scenario.send(AccountEntity.class, "pub-1", AccountBehavior.open("pub-1", 10)).thenAccepted();
		this.scenario.send(AccountEntity.class, "pub-1", AccountBehavior.credit("pub-1", 5)).thenAccepted();
		this.scenario.send(AccountEntity.class, "pub-1", AccountBehavior.debit("pub-1", 500)).thenRejected();

		this.scenario.thenPublished("account-events",
				AccountOpened.newBuilder().setId("pub-1").setInitialBalance(10).build(),
				AccountCredited.newBuilder().setId("pub-1").setAmount(5).build());
		this.scenario.send(AccountEntity.class, "pub-1", AccountBehavior.credit("pub-1", 1)).thenAccepted();
		assertThat(this.scenario.published("account-events")).singleElement()
			.extracting(EventEnvelope::persistenceId)
			.isEqualTo("account|pub-1");
	}

	@Test
	void aWrongExpectationPrintsBothLists() {
		this.scenario.published("account-events");
		this.scenario.send(AccountEntity.class, "pub-2", AccountBehavior.open("pub-2", 3)).thenAccepted();

		assertThatExceptionOfType(AssertionFailedError.class)
			.isThrownBy(() -> this.scenario.thenPublished("account-events",
					AccountOpened.newBuilder().setId("pub-2").setInitialBalance(30).build()))
			.withMessageContaining("Expected publisher 'account-events' to be given these events:\n"
					+ "  1. ego.test.bank.AccountOpened { id: \"pub-2\" initial_balance: 30 }")
			.withMessageContaining("but it was given:")
			.withMessageContaining("ego.test.bank.AccountOpened { id: \"pub-2\" initial_balance: 3 }  (position ");
	}

	@Test
	void aPublisherTheContextLacksIsNamed() {
		assertThatExceptionOfType(EgoTestConfigurationException.class)
			.isThrownBy(() -> this.scenario.thenPublished("kafka-events"))
			.withMessageContaining("no EgoTestPublisher 'kafka-events'")
			.withMessageContaining("[account-events]");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Publishers {

		@Bean
		EgoTestPublisher accountEvents() {
			return new EgoTestPublisher("account-events");
		}

	}

}
