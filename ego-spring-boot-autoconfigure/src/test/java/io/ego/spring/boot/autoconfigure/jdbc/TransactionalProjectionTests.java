package io.ego.spring.boot.autoconfigure.jdbc;

import java.time.Duration;
import java.util.List;

import io.ego.core.EgoEngine;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.store.OffsetStore;
import io.ego.spring.boot.autoconfigure.EgoAutoConfiguration;
import io.ego.spring.boot.autoconfigure.SpringProjectionTransactions;
import io.ego.spring.boot.autoconfigure.entities.AccountEntity;
import io.ego.spring.boot.autoconfigure.projections.LedgerProjection;
import io.ego.spring.boot.autoconfigure.store.EgoInMemoryStoreAutoConfiguration;
import io.ego.store.jdbc.JdbcDeadLetterStore;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A transactional projection on the JDBC stores: the read model's writes and the offset
 * commit succeed or fail together, on the application's transaction manager.
 */
class TransactionalProjectionTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
				JdbcClientAutoConfiguration.class, EgoJdbcStoreAutoConfiguration.class,
				EgoInMemoryStoreAutoConfiguration.class, EgoAutoConfiguration.class))
		.withPropertyValues("spring.datasource.generate-unique-name=true", "ego.projections.ledger.pull-interval=20ms",
				"ego.projections.ledger.recovery.policy=skip")
		.withBean(AccountEntity.class)
		.withBean(LedgerProjection.class);

	@Test
	void failedEventRollsBackItsReadModelWritesAndIsDeadLettered() {
		this.contextRunner.withPropertyValues("ego.projections.ledger.transactional=true").run((context) -> {
			assertThat(context).hasSingleBean(SpringProjectionTransactions.class)
				.hasSingleBean(JdbcDeadLetterStore.class);
			List<Long> amounts = run(context.getBean(EgoEngine.class), context.getBean(JdbcClient.class));
			// the row of 13 was rolled back with its offset
			assertThat(amounts).containsExactly(1L, 2L);
			assertThat(context.getBean(EgoEngine.class).projections().deadLetters("ledger", 10)).singleElement()
				.satisfies((letter) -> assertThat(letter.cause()).contains("unlucky credit"));
			assertThat(context.getBean(OffsetStore.class).load("ledger")).singleElement()
				.satisfies((offset) -> assertThat(offset.position()).isEqualTo(4));
		});
	}

	@Test
	void withoutTransactionsTheFailedEventsWritesStay() {
		this.contextRunner.run((context) -> {
			List<Long> amounts = run(context.getBean(EgoEngine.class), context.getBean(JdbcClient.class));
			// at-least-once: the half-done write is not undone
			assertThat(amounts).containsExactly(1L, 13L, 2L);
		});
	}

	private static List<Long> run(EgoEngine engine, JdbcClient jdbc) {
		engine.askAndWait("account", "a", AccountBehavior.open("a", 0));
		for (long amount : new long[] { 1, 13, 2 }) {
			engine.askAndWait("account", "a", AccountBehavior.credit("a", amount));
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> engine.projections().status("ledger").lagEvents() == 0);
		return jdbc.sql("SELECT amount FROM ledger ORDER BY position").query(Long.class).list();
	}

}
