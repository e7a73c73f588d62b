package io.ego.store.jdbc;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The databases of the tests, one connection pool each, shared by all test classes: the
 * local PostgreSQL ({@code 127.0.0.1:5432}, database {@code test}) or else an embedded
 * one, the local MariaDB ({@code 127.0.0.1:3306}, database {@code test}) or else none
 * (tests are skipped), and H2 in memory.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class TestDatabases {

	private static final Logger logger = LoggerFactory.getLogger(TestDatabases.class);

	/**
	 * The local PostgreSQL; {@code -Dego.test.postgres-url=...} points elsewhere (an
	 * unreachable URL tests the fallback).
	 */
	private static final String POSTGRES_URL = System.getProperty("ego.test.postgres-url",
			"jdbc:postgresql://127.0.0.1:5432/test");

	/** The local MariaDB; {@code -Dego.test.mariadb-url=...} points elsewhere. */
	private static final String MARIADB_URL = System.getProperty("ego.test.mariadb-url",
			"jdbc:mariadb://127.0.0.1:3306/test");

	private static final Set<String> PREPARED = ConcurrentHashMap.newKeySet();

	private static @Nullable DataSource postgres;

	private static @Nullable EmbeddedPostgres embeddedPostgres;

	private static @Nullable DataSource mariadb;

	private static @Nullable String mariadbUnavailable;

	private static @Nullable DataSource h2;

	private TestDatabases() {
	}

	/**
	 * Returns a data source of a database, skipping the test when that database is not
	 * reachable.
	 * @param dialect the database
	 * @return the data source
	 */
	static synchronized DataSource of(JdbcDialect dialect) {
		return switch (dialect) {
			case POSTGRESQL -> postgres();
			case MARIADB, MYSQL -> mariadb();
			case H2 -> h2();
		};
	}

	private static DataSource postgres() {
		if (postgres == null) {
			String url = POSTGRES_URL;
			if (!reachable(POSTGRES_URL + (POSTGRES_URL.contains("?") ? "&" : "?") + "connectTimeout=2&loginTimeout=3",
					"postgres", "")) {
				try {
					EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
					Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(embedded)));
					embeddedPostgres = embedded;
					url = embedded.getJdbcUrl("postgres", "postgres");
					logger.warn("PostgreSQL is not reachable at {}; using an embedded PostgreSQL at {}", POSTGRES_URL,
							url);
				}
				catch (IOException ex) {
					throw new IllegalStateException("no local PostgreSQL and the embedded one did not start", ex);
				}
			}
			postgres = pool("postgres", url, "postgres", "");
		}
		return postgres;
	}

	private static DataSource mariadb() {
		if (mariadb == null && mariadbUnavailable == null) {
			if (reachable(MARIADB_URL + (MARIADB_URL.contains("?") ? "&" : "?") + "connectTimeout=2000", "root", "")) {
				mariadb = pool("mariadb", MARIADB_URL, "root", "");
			}
			else {
				mariadbUnavailable = "MariaDB is not reachable at " + MARIADB_URL + " (user root) and no container "
						+ "runtime is used here: skipping the MariaDB tests";
				logger.warn(mariadbUnavailable);
			}
		}
		Assumptions.assumeTrue(mariadb != null, mariadbUnavailable);
		return mariadb;
	}

	private static DataSource h2() {
		if (h2 == null) {
			h2 = pool("h2", "jdbc:h2:mem:ego;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000", "sa", "");
		}
		return h2;
	}

	/**
	 * Returns a new connection pool on the database of {@link #of}, for tests that need
	 * store instances on connections of their own, as separate application instances
	 * have; closed at the end of the test run.
	 * @param dialect the database
	 * @param name the pool's name
	 * @return the pool
	 */
	static synchronized DataSource separatePool(JdbcDialect dialect, String name) {
		HikariDataSource shared = (HikariDataSource) of(dialect);
		String password = shared.getPassword();
		// small: the tests that use them run one thread per pool
		return pool(name, shared.getJdbcUrl(), shared.getUsername(), (password != null) ? password : "", 2, 0);
	}

	private static void closeQuietly(EmbeddedPostgres embedded) {
		try {
			embedded.close();
		}
		catch (IOException ex) {
			logger.warn("could not stop the embedded PostgreSQL: {}", ex.getMessage());
		}
	}

	private static boolean reachable(String url, String user, String password) {
		Properties properties = new Properties();
		properties.setProperty("user", user);
		properties.setProperty("password", password);
		try (Connection connection = DriverManager.getConnection(url, properties)) {
			return connection.isValid(2);
		}
		catch (SQLException ex) {
			logger.info("{} is not reachable: {}", url, ex.getMessage());
			return false;
		}
	}

	private static HikariDataSource pool(String name, String url, String user, String password) {
		return pool(name, url, user, password, 40, 2);
	}

	private static HikariDataSource pool(String name, String url, String user, String password, int maxSize,
			int minIdle) {
		HikariConfig config = new HikariConfig();
		config.setPoolName("test-" + name);
		config.setJdbcUrl(url);
		config.setUsername(user);
		config.setPassword(password);
		config.setMaximumPoolSize(maxSize);
		config.setMinimumIdle(minIdle);
		config.setConnectionTimeout(10_000);
		HikariDataSource dataSource = new HikariDataSource(config);
		Runtime.getRuntime().addShutdownHook(new Thread(dataSource::close));
		return dataSource;
	}

	/**
	 * Drops every object of a table prefix, so that a test class starts from nothing.
	 * @param dataSource the database
	 * @param dialect its dialect
	 * @param prefix the table prefix
	 */
	static void dropSchema(DataSource dataSource, JdbcDialect dialect, String prefix) {
		Tables tables = new Tables(prefix);
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			for (String table : List.of(tables.journal(), tables.journalHighest(), tables.journalPosition(),
					tables.snapshot(), tables.durableState(), tables.consumerOffset(), tables.consumerLease(),
					tables.deadLetter(), tables.dataKey(), tables.erasureMarker(), tables.timer(),
					tables.schemaVersion())) {
				if (dialect == JdbcDialect.POSTGRESQL && table.equals(tables.journalPosition())) {
					statement.execute("DROP SEQUENCE IF EXISTS " + table);
				}
				else {
					statement.execute("DROP TABLE IF EXISTS " + table);
				}
			}
			if (dialect == JdbcDialect.POSTGRESQL) {
				statement.execute("DROP FUNCTION IF EXISTS " + prefix + "allocate_positions(integer)");
				statement.execute("DROP SEQUENCE IF EXISTS " + tables.timerVersion());
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("could not drop the tables of prefix " + prefix, ex);
		}
	}

	/**
	 * Empties tables.
	 * @param dataSource the database
	 * @param tables the tables
	 */
	static void truncate(DataSource dataSource, String... tables) {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			for (String table : tables) {
				statement.execute("TRUNCATE TABLE " + table);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("could not empty the tables", ex);
		}
	}

	/**
	 * Drops the tables of a prefix once per test run, then returns options for it (see
	 * {@link #options}).
	 * @param dialect the database
	 * @param prefix the table prefix, unique to the test class
	 * @return the options
	 */
	static JdbcStoreOptions freshSchema(JdbcDialect dialect, String prefix) {
		DataSource dataSource = of(dialect);
		if (PREPARED.add(dialect + "/" + prefix)) {
			dropSchema(dataSource, dialect, prefix);
		}
		return options(prefix).withDialect(dialect);
	}

	/**
	 * Creates options for a test class: its own prefix, the schema always initialized,
	 * the dialect detected.
	 * @param prefix the table prefix
	 * @return the options
	 */
	static JdbcStoreOptions options(String prefix) {
		return JdbcStoreOptions.defaults()
			.withTablePrefix(prefix)
			.withInitializeSchema(JdbcStoreOptions.InitializeSchema.ALWAYS);
	}

}
