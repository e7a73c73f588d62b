package io.ego.spring.boot.test.app;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * A fresh database on a real server, as the {@link JdbcConnectionDetails} a
 * Testcontainers {@code @ServiceConnection} would register: the twin path of the
 * container tests where Docker is absent.
 *
 * @param url the database's JDBC URL
 * @param username the user
 * @param password the password
 * @param onClose what closing drops or stops
 */
record LocalDatabase(String url, String username, String password,
		AutoCloseable onClose) implements JdbcConnectionDetails, AutoCloseable {

	private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";

	private static final String MARIADB = "jdbc:mariadb://127.0.0.1:3306/";

	/**
	 * A database on the local PostgreSQL ({@code 127.0.0.1:5432}, user postgres), else on
	 * an embedded PostgreSQL.
	 * @return the database
	 * @throws IOException if the embedded server cannot start
	 */
	static LocalDatabase postgres() throws IOException {
		String database = name();
		try (Connection server = DriverManager.getConnection(POSTGRES + "postgres?connectTimeout=2", "postgres", "");
				Statement statement = server.createStatement()) {
			statement.execute("CREATE DATABASE " + database);
			return new LocalDatabase(POSTGRES + database, "postgres", "", () -> execute(POSTGRES + "postgres",
					"postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)"));
		}
		catch (SQLException unreachable) {
			EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
			return new LocalDatabase(embedded.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", embedded);
		}
	}

	/**
	 * A database on the local MariaDB ({@code 127.0.0.1:3306}, user root).
	 * @return the database
	 * @throws SQLException if the local MariaDB is not reachable
	 */
	static LocalDatabase mariadb() throws SQLException {
		String database = name();
		execute(MARIADB + "?connectTimeout=2000", "root", "CREATE DATABASE " + database);
		return new LocalDatabase(MARIADB + database, "root", "",
				() -> execute(MARIADB, "root", "DROP DATABASE IF EXISTS " + database));
	}

	static boolean mariadbReachable() {
		try (Connection connection = DriverManager.getConnection(MARIADB + "?connectTimeout=2000", "root", "")) {
			return connection.isValid(2);
		}
		catch (SQLException unreachable) {
			return false;
		}
	}

	private static String name() {
		return "ego_sbt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
	}

	private static void execute(String url, String user, String sql) throws SQLException {
		try (Connection server = DriverManager.getConnection(url, user, "");
				Statement statement = server.createStatement()) {
			statement.execute(sql);
		}
	}

	@Override
	public String getUsername() {
		return this.username;
	}

	@Override
	public String getPassword() {
		return this.password;
	}

	@Override
	public String getJdbcUrl() {
		return this.url;
	}

	@Override
	public void close() throws Exception {
		this.onClose.close();
	}

}
