package io.ego.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL the workloads run against: the local server when reachable, else an
 * embedded one.
 */
final class Database implements AutoCloseable {

	static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/test";

	private final @Nullable EmbeddedPostgres embedded;

	final String url;

	private Database(@Nullable EmbeddedPostgres embedded, String url) {
		this.embedded = embedded;
		this.url = url;
	}

	/** Finds the local server, or starts an embedded one. */
	static Database start(@Nullable String url) throws Exception {
		if (url != null) {
			return new Database(null, url);
		}
		try (Connection connection = DriverManager.getConnection(LOCAL_URL, "postgres", "")) {
			return new Database(null, LOCAL_URL);
		}
		catch (SQLException unreachable) {
			System.err.println(
					"No PostgreSQL at " + LOCAL_URL + " (" + unreachable.getMessage() + "); starting an embedded one");
			EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
			return new Database(embedded, embedded.getJdbcUrl("postgres", "postgres"));
		}
	}

	/** The local MariaDB of W3-state-mariadb; {@code --mariadb-url} picks another. */
	static final String LOCAL_MARIADB_URL = "jdbc:mariadb://127.0.0.1:3306/test";

	/**
	 * Tells whether a database answers, for workloads that are skipped without it.
	 * @param url the database
	 * @return whether a connection could be had
	 */
	static boolean reachable(String url) {
		try (HikariDataSource pool = pool(url, 1)) {
			return true;
		}
		catch (RuntimeException unreachable) {
			System.err.println("No database at " + url + " (" + unreachable.getMessage() + ")");
			return false;
		}
	}

	static HikariDataSource pool(String url, int size) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url);
		config.setUsername(url.startsWith("jdbc:mariadb:") ? "root" : "postgres");
		config.setPassword("");
		config.setMaximumPoolSize(size);
		config.setMinimumIdle(size);
		config.setAutoCommit(true);
		return new HikariDataSource(config);
	}

	static void execute(DataSource dataSource, String sql) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			connection.createStatement().execute(sql);
		}
	}

	@Override
	public void close() throws Exception {
		if (this.embedded != null) {
			this.embedded.close();
		}
	}

}
