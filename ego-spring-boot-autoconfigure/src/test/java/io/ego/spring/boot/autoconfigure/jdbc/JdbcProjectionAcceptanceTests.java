package io.ego.spring.boot.autoconfigure.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.ego.core.EgoEngine;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.spring.boot.autoconfigure.EgoAutoConfiguration;
import io.ego.spring.boot.autoconfigure.entities.AccountEntity;
import io.ego.spring.boot.autoconfigure.projections.BalanceReadModel;
import io.ego.spring.boot.autoconfigure.projections.SequenceRecorder;
import io.ego.spring.boot.autoconfigure.store.EgoInMemoryStoreAutoConfiguration;
import io.ego.store.jdbc.JdbcEventStore;
import io.ego.store.jdbc.JdbcStoreOptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 100,000 events (PostgreSQL; 20,000 on H2) from 500 entities written by 32 concurrent
 * callers while two projections with 4 workers each run on the JDBC stores, with a
 * restart in the middle: every event reaches the at-least-once projection in entity
 * order, nothing is skipped, and the transactional (exactly-once) read model is exact.
 */
class JdbcProjectionAcceptanceTests {

	private static final int ENTITIES = 500;

	abstract static class Scenario {

		abstract DataSource dataSource();

		/**
		 * @return credits to write; with the 500 opens, the events the projections handle
		 */
		abstract int credits();

		private ApplicationContextRunner runner() {
			return new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(DataSourceTransactionManagerAutoConfiguration.class,
						JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class,
						EgoJdbcStoreAutoConfiguration.class, EgoInMemoryStoreAutoConfiguration.class,
						EgoAutoConfiguration.class))
				// the pool outlives contexts
				.withBean(DataSource.class, () -> new DelegatingDataSource(dataSource()))
				.withPropertyValues("ego.store.jdbc.table-prefix=acceptance_",
						"ego.store.jdbc.initialize-schema=always", "ego.projection-defaults.parallelism=4",
						"ego.projection-defaults.pull-interval=50ms", "ego.projections.balances.transactional=true")
				.withBean(AccountEntity.class)
				.withBean(SequenceRecorder.class)
				.withBean(BalanceReadModel.class);
		}

		@Test
		void everyEventIsHandledInOrderAndTheExactlyOnceReadModelIsExact() throws Exception {
			JdbcClient jdbc = JdbcClient.create(dataSource());
			jdbc.sql("DROP TABLE IF EXISTS balance_view").update();
			jdbc.sql("CREATE TABLE balance_view (id VARCHAR(64) PRIMARY KEY, balance BIGINT NOT NULL)").update();
			JdbcStoreOptions options = JdbcStoreOptions.defaults()
				.withTablePrefix("acceptance_")
				.withInitializeSchema(JdbcStoreOptions.InitializeSchema.ALWAYS);
			// creates the schema when missing
			new JdbcEventStore(dataSource(), options).close();
			for (String table : List.of("journal", "journal_highest", "snapshot", "durable_state", "consumer_offset",
					"dead_letter")) {
				jdbc.sql("DELETE FROM acceptance_" + table).update();
			}
			SequenceRecorder.RECEIVED.clear();
			Map<String, AtomicLong> credited = new ConcurrentHashMap<>();
			runner().run((context) -> {
				EgoEngine engine = context.getBean(EgoEngine.class);
				for (int e = 0; e < ENTITIES; e++) {
					engine.askAndWait("account", id(e), AccountBehavior.open(id(e), 1000));
				}
				write(engine, credits() / 2, 1, credited);
			}); // stops mid-stream: the projections resume from their committed offsets
			runner().run((context) -> {
				EgoEngine engine = context.getBean(EgoEngine.class);
				write(engine, credits() - credits() / 2, 2, credited);
				await().atMost(Duration.ofSeconds(120))
					.pollInterval(Duration.ofMillis(200))
					.until(() -> engine.projections().status("sequences").lagEvents() == 0
							&& engine.projections().status("balances").lagEvents() == 0);
			});
			for (int e = 0; e < ENTITIES; e++) {
				String pid = "account|" + id(e);
				List<Long> received = SequenceRecorder.RECEIVED.get(pid);
				long highest = 1 + credited.getOrDefault(id(e) + "#count", new AtomicLong()).get();
				assertThat(received).as(pid).isNotNull();
				// every sequence number arrived; within a delivery, in order (a restart
				// may deliver a batch again)
				assertThat(received).as(pid).containsAll(range(highest));
				int restarts = 0;
				for (int i = 1; i < received.size(); i++) {
					if (received.get(i) != received.get(i - 1) + 1) {
						assertThat(received.get(i)).as(pid + " at " + i).isLessThanOrEqualTo(received.get(i - 1));
						restarts++;
					}
				}
				assertThat(restarts).as(pid).isLessThanOrEqualTo(1);
				long balance = jdbc.sql("SELECT balance FROM balance_view WHERE id = ?")
					.param(id(e))
					.query(Long.class)
					.single();
				assertThat(balance).as(pid).isEqualTo(1000 + credited.getOrDefault(id(e), new AtomicLong()).get());
			}
		}

		private static List<Long> range(long highest) {
			List<Long> all = new ArrayList<>();
			for (long seq = 1; seq <= highest; seq++) {
				all.add(seq);
			}
			return all;
		}

		private static void write(EgoEngine engine, int credits, int seed, Map<String, AtomicLong> credited)
				throws InterruptedException {
			int callers = 32;
			List<Thread> threads = new ArrayList<>();
			for (int c = 0; c < callers; c++) {
				int caller = c;
				threads.add(Thread.ofPlatform().start(() -> {
					SplittableRandom random = new SplittableRandom(seed * 1000L + caller);
					for (int i = caller; i < credits; i += callers) {
						String id = id(random.nextInt(ENTITIES));
						long amount = 1 + random.nextInt(100);
						if (engine.askAndWait("account", id, AccountBehavior.credit(id, amount)).isAccepted()) {
							credited.computeIfAbsent(id, (k) -> new AtomicLong()).addAndGet(amount);
							credited.computeIfAbsent(id + "#count", (k) -> new AtomicLong()).incrementAndGet();
						}
					}
				}));
			}
			for (Thread thread : threads) {
				thread.join();
			}
		}

		private static String id(int e) {
			return String.format("acc-%04d", e);
		}

	}

	@Nested
	class OnPostgres extends Scenario {

		@Override
		DataSource dataSource() {
			return TestPostgres.dataSource();
		}

		@Override
		int credits() {
			return 99_500; // + 500 opens = 100,000 events
		}

	}

	@Nested
	class OnH2 extends Scenario {

		private final DataSource h2 = new DriverManagerDataSource("jdbc:h2:mem:acceptance;DB_CLOSE_DELAY=-1", "sa", "");

		@Override
		DataSource dataSource() {
			return this.h2;
		}

		@Override
		int credits() {
			// H2 serializes journal writes: a smaller run proves the same on it
			return 19_500;
		}

	}

}
