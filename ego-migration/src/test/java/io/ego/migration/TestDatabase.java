package io.ego.migration;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.ego.migration.jdbc.JdbcMigrationStores;
import io.ego.store.jdbc.JdbcStoreOptions;
import io.ego.store.jdbc.JdbcStoreOptions.InitializeSchema;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;

/**
 * A fresh database for one test class on a real server, dropped when closed: the local
 * PostgreSQL (else an embedded one), the local MariaDB, or H2 in memory.
 */
final class TestDatabase implements AutoCloseable {

	private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";

	private static final String MARIADB = "jdbc:mariadb://127.0.0.1:3306/";

	private final HikariDataSource dataSource;

	private final AutoCloseable onClose;

	private @Nullable JdbcMigrationStores stores;

	private TestDatabase(HikariDataSource dataSource, AutoCloseable onClose) {
		this.dataSource = dataSource;
		this.onClose = onClose;
	}

	static TestDatabase postgres() throws IOException {
		String name = name();
		try {
			execute(POSTGRES + "postgres?connectTimeout=2", "postgres", "CREATE DATABASE " + name);
			return new TestDatabase(pool(POSTGRES + name, "postgres", ""), () -> execute(POSTGRES + "postgres",
					"postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
		}
		catch (SQLException unreachable) {
			EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
			return new TestDatabase(pool(embedded.getJdbcUrl("postgres", "postgres"), "postgres", "postgres"),
					embedded);
		}
	}

	static TestDatabase mariadb() throws SQLException {
		String name = name();
		execute(MARIADB + "?connectTimeout=2000", "root", "CREATE DATABASE " + name);
		return new TestDatabase(pool(MARIADB + name, "root", ""),
				() -> execute(MARIADB, "root", "DROP DATABASE IF EXISTS " + name));
	}

	static boolean mariadbReachable() {
		try (Connection connection = DriverManager.getConnection(MARIADB + "?connectTimeout=2000", "root", "")) {
			return connection.isValid(2);
		}
		catch (SQLException unreachable) {
			return false;
		}
	}

	static TestDatabase h2() {
		return new TestDatabase(pool("jdbc:h2:mem:" + name() + ";DB_CLOSE_DELAY=-1", "sa", ""), () -> {
		});
	}

	/**
	 * @return the database's JDBC URL
	 */
	String url() {
		return this.dataSource.getJdbcUrl();
	}

	/**
	 * @return the database's user
	 */
	String user() {
		return this.dataSource.getUsername();
	}

	/**
	 * @return the database's pool
	 */
	DataSource dataSource() {
		return this.dataSource;
	}

	/**
	 * @return the eGo stores on this database, its schema created
	 */
	MigrationStores stores() {
		JdbcMigrationStores stores = JdbcMigrationStores.open(this.dataSource,
				JdbcStoreOptions.defaults().withInitializeSchema(InitializeSchema.ALWAYS));
		this.stores = stores;
		return stores.stores();
	}

	private static String name() {
		return "ego_mig_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
	}

	private static HikariDataSource pool(String url, String user, String password) {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(url);
		pool.setUsername(user);
		pool.setPassword(password);
		pool.setMaximumPoolSize(4);
		return pool;
	}

	private static void execute(String url, String user, String sql) throws SQLException {
		try (Connection server = DriverManager.getConnection(url, user, "");
				Statement statement = server.createStatement()) {
			statement.execute(sql);
		}
	}

	@Override
	public void close() throws Exception {
		if (this.stores != null) {
			this.stores.close();
		}
		this.dataSource.close();
		this.onClose.close();
	}

}
