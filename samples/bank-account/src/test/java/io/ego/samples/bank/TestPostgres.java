package io.ego.samples.bank;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL database for one test, dropped when closed: a fresh database on the local
 * server ({@code 127.0.0.1:5432}, user {@code postgres}) when it is reachable, else an
 * embedded server.
 *
 * @param url the database's JDBC URL
 * @param username the user
 * @param password the password
 * @param onClose what closing drops
 */
record TestPostgres(String url, String username, String password, AutoCloseable onClose) implements AutoCloseable {

	private static final String LOCAL = "jdbc:postgresql://127.0.0.1:5432/";

	static TestPostgres create() throws IOException {
		String database = "bank_sample_" + UUID.randomUUID().toString().replace("-", "");
		try (Connection server = local("postgres"); Statement statement = server.createStatement()) {
			statement.execute("CREATE DATABASE " + database);
			return new TestPostgres(LOCAL + database, "postgres", "", () -> drop(database));
		}
		catch (SQLException unreachable) {
			EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
			return new TestPostgres(embedded.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", embedded);
		}
	}

	private static Connection local(String database) throws SQLException {
		return DriverManager.getConnection(LOCAL + database + "?connectTimeout=2", "postgres", "");
	}

	private static void drop(String database) throws SQLException {
		try (Connection server = local("postgres"); Statement statement = server.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
		}
	}

	@Override
	public void close() throws Exception {
		this.onClose.close();
	}

}
