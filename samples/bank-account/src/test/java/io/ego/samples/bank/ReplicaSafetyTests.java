package io.ego.samples.bank;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.ego.core.projection.EventEnvelope;
import io.ego.samples.bank.ReadModelSchemaConfiguration.LockingScriptDatabaseInitializer;
import io.ego.samples.bank.account.AccountBehavior;
import io.ego.samples.bank.api.AccountCredited;
import io.ego.samples.bank.statement.StatementProjection;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.sql.autoconfigure.init.SqlInitializationProperties;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The sample run as several replicas on one database: the statement projection writes a
 * position once however many threads handle it at the same moment (H2 and PostgreSQL),
 * and instances that start at once all run {@code schema.sql} without failing
 * (PostgreSQL: a fresh schema of {@code -Dego.test.postgres-url}'s database, by default
 * the local server's {@code test}).
 */
class ReplicaSafetyTests {

	private static final String POSTGRES_URL = System.getProperty("ego.test.postgres-url",
			"jdbc:postgresql://127.0.0.1:5432/test");

	private static final int THREADS = 8;

	@Test
	void aPositionHandledConcurrentlyIsWrittenOnceOnH2() throws Exception {
		try (ConfigurableApplicationContext context = start(
				"--spring.datasource.url=jdbc:h2:mem:replicas-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")) {
			assertWrittenOnceUnderConcurrentHandling(context);
		}
	}

	@Test
	void aPositionHandledConcurrentlyIsWrittenOnceOnPostgres() throws Exception {
		assumeThat(postgresReachable()).as("a PostgreSQL at " + POSTGRES_URL + " (-Dego.test.postgres-url)").isTrue();
		String schema = freshSchema();
		try (ConfigurableApplicationContext context = start("--spring.profiles.active=postgres",
				"--BANK_DB_URL=" + inSchema(schema), "--BANK_DB_USER=postgres", "--BANK_DB_PASSWORD=")) {
			assertWrittenOnceUnderConcurrentHandling(context);
		}
		finally {
			execute("DROP SCHEMA " + schema + " CASCADE");
		}
	}

	/**
	 * Eight instances run {@code schema.sql} at the same moment, each on its own pool:
	 * without the lock, one or two of eight fail in most rounds ({@code duplicate key
	 * value violates unique constraint "pg_class_relname_nsp_index"}).
	 */
	@Test
	void schemaScriptsRunAtOnceByEightInstancesAllSucceedOnPostgres() throws Exception {
		assumeThat(postgresReachable()).as("a PostgreSQL at " + POSTGRES_URL + " (-Dego.test.postgres-url)").isTrue();
		for (int round = 0; round < 3; round++) {
			String schema = freshSchema();
			List<HikariDataSource> pools = new ArrayList<>();
			ExecutorService threads = Executors.newFixedThreadPool(THREADS);
			try {
				CountDownLatch go = new CountDownLatch(1);
				List<Future<Boolean>> runs = new ArrayList<>();
				for (int i = 0; i < THREADS; i++) {
					HikariDataSource pool = pool(inSchema(schema));
					pools.add(pool);
					SqlInitializationProperties properties = new SqlInitializationProperties();
					properties.setMode(DatabaseInitializationMode.ALWAYS);
					LockingScriptDatabaseInitializer initializer = new LockingScriptDatabaseInitializer(pool,
							properties);
					initializer.setResourceLoader(new DefaultResourceLoader());
					runs.add(threads.submit(() -> {
						go.await();
						return initializer.initializeDatabase();
					}));
				}
				go.countDown();
				for (Future<Boolean> run : runs) {
					assertThat(run.get(60, TimeUnit.SECONDS)).isTrue();
				}
				assertThat(JdbcClient.create(pools.get(0))
					.sql("SELECT COUNT(*) FROM account_statement")
					.query(Long.class)
					.single()).isZero();
			}
			finally {
				threads.shutdownNow();
				pools.forEach(HikariDataSource::close);
				execute("DROP SCHEMA " + schema + " CASCADE");
			}
		}
	}

	private static HikariDataSource pool(String url) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url);
		config.setUsername("postgres");
		config.setMaximumPoolSize(2);
		return new HikariDataSource(config);
	}

	private static String freshSchema() throws SQLException {
		String schema = "bank_replicas_" + UUID.randomUUID().toString().substring(0, 8);
		execute("CREATE SCHEMA " + schema);
		return schema;
	}

	private static String inSchema(String schema) {
		return POSTGRES_URL + (POSTGRES_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
	}

	private static void assertWrittenOnceUnderConcurrentHandling(ConfigurableApplicationContext context)
			throws Exception {
		StatementProjection statements = context.getBean(StatementProjection.class);
		JdbcClient jdbc = context.getBean(JdbcClient.class);
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		try {
			for (int round = 0; round < 20; round++) {
				long position = 1_000_000_000L + round;
				EventEnvelope envelope = new EventEnvelope(AccountBehavior.TYPE + "|replica-" + round,
						AccountBehavior.TYPE, "replica-" + round, 2, position, 0,
						AccountCredited.newBuilder().setId("replica-" + round).setAmount(5).build(), Instant.now(),
						Map.of());
				CountDownLatch go = new CountDownLatch(1);
				List<Future<?>> handled = new ArrayList<>();
				for (int i = 0; i < THREADS; i++) {
					handled.add(pool.submit(() -> {
						go.await();
						statements.handle(envelope);
						return null;
					}));
				}
				go.countDown();
				for (Future<?> each : handled) {
					each.get(30, TimeUnit.SECONDS);
				}
				assertThat(jdbc.sql("SELECT COUNT(*) FROM account_statement WHERE position = ?")
					.param(position)
					.query(Long.class)
					.single()).isEqualTo(1);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static ConfigurableApplicationContext start(String... args) {
		String[] all = new String[args.length + 1];
		all[0] = "--server.port=0";
		System.arraycopy(args, 0, all, 1, args.length);
		return new SpringApplicationBuilder(BankAccountApplication.class).main(BankAccountApplication.class).run(all);
	}

	private static void execute(String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(POSTGRES_URL, "postgres", "");
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	/**
	 * @return whether the PostgreSQL of {@code -Dego.test.postgres-url} (by default the
	 * local server's {@code test} database) answers
	 */
	private static boolean postgresReachable() {
		try (Connection connection = DriverManager.getConnection(
				POSTGRES_URL + (POSTGRES_URL.contains("?") ? "&" : "?") + "connectTimeout=2", "postgres", "")) {
			return connection.isValid(2);
		}
		catch (SQLException unreachable) {
			return false;
		}
	}

}
