package io.ego.spring.boot.autoconfigure.jdbc;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL of the tests: the local server ({@code 127.0.0.1:5432}, database
 * {@code test}; {@code -Dego.test.postgres-url=...} points elsewhere, as in the JDBC
 * stores' tests, so that builds running at once do not share tables) when reachable, else
 * an embedded one. One pool, shared by the test classes of this JVM.
 */
final class TestPostgres {

	private static final String LOCAL = System.getProperty("ego.test.postgres-url",
			"jdbc:postgresql://127.0.0.1:5432/test");

	private static @Nullable HikariDataSource pool;

	private TestPostgres() {
	}

	static synchronized DataSource dataSource() {
		if (pool == null) {
			HikariConfig config = new HikariConfig();
			config.setJdbcUrl(localOrEmbedded());
			config.setUsername("postgres");
			config.setMaximumPoolSize(16);
			pool = new HikariDataSource(config);
		}
		return pool;
	}

	private static String localOrEmbedded() {
		try (Connection connection = DriverManager.getConnection(LOCAL + "?connectTimeout=2", "postgres", "")) {
			return LOCAL;
		}
		catch (SQLException unreachable) {
			try {
				EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
				Runtime.getRuntime().addShutdownHook(new Thread(() -> {
					try {
						embedded.close();
					}
					catch (Exception ex) {
						// the JVM is exiting
					}
				}));
				return embedded.getJdbcUrl("postgres", "postgres");
			}
			catch (IOException ex) {
				throw new IllegalStateException("no PostgreSQL at " + LOCAL + " and the embedded one did not start",
						ex);
			}
		}
	}

}
