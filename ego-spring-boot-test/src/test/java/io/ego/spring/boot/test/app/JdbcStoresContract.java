package io.ego.spring.boot.test.app;

import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.fixtures.CounterBehavior;
import io.ego.core.store.DurableStateStore;
import io.ego.core.store.EventStore;
import io.ego.spring.boot.test.scenario.EgoScenario;
import io.ego.store.jdbc.JdbcDurableStateStore;
import io.ego.store.jdbc.JdbcEventStore;
import io.ego.test.bank.AccountCredited;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code @EgoTest @AutoConfigureEgoJdbc} must do on every database and every way of
 * reaching it (a Testcontainers {@code @ServiceConnection}, the local server, an embedded
 * one): the JDBC stores on the application's DataSource, commands durable in its tables,
 * projections awaited by position.
 */
abstract class JdbcStoresContract {

	@Autowired
	EgoScenario scenario;

	@Autowired
	EventStore eventStore;

	@Autowired
	DurableStateStore durableStateStore;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	BalanceProjection balances;

	@Test
	void theStoresAreTheJdbcOnes() {
		assertThat(this.eventStore).isInstanceOf(JdbcEventStore.class);
		assertThat(this.durableStateStore).isInstanceOf(JdbcDurableStateStore.class);
	}

	@Test
	void commandsAreDurableInTheDatabaseAndProjectionsCatchUp() {
		this.scenario.send(AccountEntity.class, "jdbc-1", AccountBehavior.open("jdbc-1", 100))
			.thenAccepted()
			.and()
			.send(AccountEntity.class, "jdbc-1", AccountBehavior.credit("jdbc-1", 5))
			.thenEvents(AccountCredited.newBuilder().setId("jdbc-1").setAmount(5).build());
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM ego_journal WHERE persistence_id = ?", Long.class,
				"account|jdbc-1"))
			.isEqualTo(2);
		this.scenario.awaitProjection("balances");
		assertThat(this.balances.balances()).containsEntry("jdbc-1", 105L);
	}

	@Test
	void durableStatesAreStoredWithTheirRevision() {
		this.scenario.send(CounterEntity.class, "jdbc-c", CounterBehavior.by(4)).thenRevision(1);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM ego_durable_state", Long.class)).isPositive();
	}

}
