package io.ego.store.jdbc;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.ego.core.EgoEngine;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.projection.Projection;
import io.ego.core.projection.ProjectionContext;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.projection.ProjectionStatus;
import io.ego.core.projection.ProjectionTransactions;
import io.ego.core.projection.RebuildFrom;
import io.ego.core.projection.RecoveryPolicy;
import io.ego.core.store.Offset;
import io.ego.core.store.OffsetStore;
import io.ego.test.bank.AccountCredited;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static io.ego.core.fixtures.AccountBehavior.credit;
import static io.ego.core.fixtures.AccountBehavior.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A blue/green rebuild of a transactional projection on each database, its read model in
 * version-suffixed tables: the active version keeps its table while the next replays, the
 * next resumes after a restart where its offsets stood (each event in its table exactly
 * once), the switch retires the old version (its table dropped, its offsets removed).
 */
class BlueGreenRebuildOnJdbcTests {

	private static final ProjectionSettings SETTINGS = ProjectionSettings.defaults()
		.withTransactional(true)
		.withParallelism(2)
		.withBufferSize(3)
		.withPullInterval(Duration.ofMillis(20))
		.withRecovery(RecoveryPolicy.FAIL, 0, Duration.ofMillis(10))
		.withLease(Duration.ofSeconds(5), Duration.ofMillis(50));

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void theNextVersionReplaysBesideTheActiveOneResumesAfterARestartAndTakesOver(JdbcDialect dialect) {
		JdbcStoreOptions options = TestDatabases.freshSchema(dialect, "bg_");
		DataSource dataSource = TestDatabases.of(dialect);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		for (int version = 1; version <= 2; version++) {
			jdbc.execute("DROP TABLE IF EXISTS bg_credits_v" + version);
			jdbc.execute("CREATE TABLE bg_credits_v" + version + " (position BIGINT PRIMARY KEY, amount BIGINT)");
		}
		TransactionTemplate template = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		ProjectionTransactions transactions = new ProjectionTransactions() {
			@Override
			public <T> T inTransaction(Supplier<T> work) {
				return template.execute((status) -> work.get());
			}
		};
		Credits failing = new Credits(jdbc, true);
		try (JdbcEventStore events = new JdbcEventStore(dataSource, options)) {
			JdbcOffsetStore offsets = new JdbcOffsetStore(dataSource, options);
			try (EgoEngine engine = engine(events, offsets, transactions, failing)) {
				engine.entity(AccountBehavior.class, "a").askAndWait(open("a", 0));
				for (int i = 1; i <= 10; i++) {
					engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", i));
				}
				await().atMost(Duration.ofSeconds(20))
					.failFast(() -> engine.projections().status("balances").failure() != null)
					.until(() -> count(jdbc, 1) == 10);
				engine.projections().rebuildBlueGreen("balances", RebuildFrom.beginning());
				// version 2 fails on its 7th credit: it stands where it committed
				await().atMost(Duration.ofSeconds(20)).until(() -> {
					ProjectionStatus.Shadow shadow = engine.projections().status("balances").shadow();
					return shadow != null && shadow.state() == ProjectionStatus.State.FAILED;
				});
				engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 11));
				await().atMost(Duration.ofSeconds(20)).until(() -> count(jdbc, 1) == 11);
				assertThat(engine.projections().activeVersion("balances")).isEqualTo(1);
			}
			List<Offset> shadowOffsets = offsets.load("balances@v2");
			assertThat(shadowOffsets).isNotEmpty();
			long shadowRows = count(jdbc, 2);
			assertThat(shadowRows).isBetween(1L, 10L);

			Credits restarted = new Credits(jdbc, false);
			try (EgoEngine engine = engine(events, offsets, transactions, restarted)) {
				await().atMost(Duration.ofSeconds(20))
					.until(() -> engine.projections().activeVersion("balances") == 2 && restarted.retired.get());
				// exactly once in the new table (its primary key refuses a duplicate),
				// the
				// old one dropped by the handler, the old offsets removed
				assertThat(count(jdbc, 2)).isEqualTo(11);
				assertThat(sum(jdbc, 2)).isEqualTo(66);
				assertThat(restarted.activeWrites.get()).isFalse();
				assertThat(offsets.load("balances")).isEmpty();
				Offset active = offsets.get(OffsetStore.CONTROL_PREFIX + "balances", "version.active");
				assertThat(active).isNotNull();
				assertThat(active.position()).isEqualTo(2);
				engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 12));
				await().atMost(Duration.ofSeconds(20)).until(() -> count(jdbc, 2) == 12);
			}
		}
	}

	private static EgoEngine engine(JdbcEventStore events, JdbcOffsetStore offsets, ProjectionTransactions transactions,
			Projection projection) {
		return EgoEngine.builder()
			.eventStore(events)
			.offsetStore(offsets)
			.projectionTransactions(transactions)
			.eventSourced("account", new AccountBehavior())
			.projection("balances", projection, SETTINGS)
			.build();
	}

	private static long count(JdbcTemplate jdbc, int version) {
		Long count = jdbc.queryForObject("SELECT COUNT(*) FROM bg_credits_v" + version, Long.class);
		return (count != null) ? count : 0;
	}

	private static long sum(JdbcTemplate jdbc, int version) {
		Long sum = jdbc.queryForObject("SELECT SUM(amount) FROM bg_credits_v" + version, Long.class);
		return (sum != null) ? sum : 0;
	}

	/** Writes each credit to the table of the version it is called for. */
	private static final class Credits implements Projection {

		private final JdbcTemplate jdbc;

		private final AtomicBoolean fail;

		final AtomicBoolean retired = new AtomicBoolean();

		/** Whether version 1 was written (it must not be after a restart). */
		final AtomicBoolean activeWrites = new AtomicBoolean();

		Credits(JdbcTemplate jdbc, boolean fail) {
			this.jdbc = jdbc;
			this.fail = new AtomicBoolean(fail);
		}

		@Override
		public void handle(EventEnvelope envelope) {
			throw new UnsupportedOperationException("the engine calls handle(envelope, context)");
		}

		@Override
		public void handle(EventEnvelope envelope, ProjectionContext context) {
			if (!(envelope.event() instanceof AccountCredited credited)) {
				return;
			}
			if (context.version() == 2 && credited.getAmount() == 7 && this.fail.get()) {
				throw new IllegalStateException("version 2's table is down");
			}
			if (context.version() == 1) {
				this.activeWrites.set(true);
			}
			this.jdbc.update("INSERT INTO bg_credits_v" + context.version() + " (position, amount) VALUES (?, ?)",
					envelope.position(), credited.getAmount());
		}

		@Override
		public void onVersionRetired(int version) {
			this.jdbc.execute("DROP TABLE IF EXISTS bg_credits_v" + version);
			this.retired.set(true);
		}

	}

}
