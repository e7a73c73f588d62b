package io.ego.samples.bank;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

import javax.sql.DataSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.ApplicationDataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.autoconfigure.init.SqlInitializationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Runs the read models' {@code schema.sql} ({@code spring.sql.init.*}) once at a time
 * across the instances that share a database: Boot's initializer, holding a database lock
 * while the scripts run (an advisory lock on PostgreSQL, {@code GET_LOCK} on
 * MariaDB/MySQL), so that two instances starting at once do not race on
 * {@code CREATE ... IF NOT EXISTS} (which PostgreSQL does not make atomic: the loser
 * fails with a duplicate key in {@code pg_class}). The engine's own tables take the same
 * kind of lock ({@code ego.store.jdbc.initialize-schema}). On H2 the scripts run as Boot
 * runs them: an H2 file is opened by one process.
 *
 * @author eGo team
 * @since 0.1.0
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SqlInitializationProperties.class)
class ReadModelSchemaConfiguration {

	@Bean
	LockingScriptDatabaseInitializer readModelSchemaInitializer(DataSource dataSource,
			SqlInitializationProperties properties) {
		return new LockingScriptDatabaseInitializer(dataSource, properties);
	}

	/**
	 * Boot's script initializer, under a database-wide lock taken on a connection of its
	 * own for as long as the scripts run.
	 */
	static class LockingScriptDatabaseInitializer extends ApplicationDataSourceScriptDatabaseInitializer {

		/** The lock's key, the same in every instance of the sample. */
		static final long LOCK_KEY = 0x62616e6b5f736368L;

		private static final String MYSQL_LOCK = "'bank-account.schema'";

		LockingScriptDatabaseInitializer(DataSource dataSource, SqlInitializationProperties properties) {
			super(dataSource, properties);
		}

		@Override
		protected void runScripts(Scripts scripts) {
			try (Connection connection = getDataSource().getConnection();
					Statement lock = connection.createStatement()) {
				String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
				if (product.contains("postgres")) {
					lock.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
					try {
						super.runScripts(scripts);
					}
					finally {
						lock.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
					}
				}
				else if (product.contains("mariadb") || product.contains("mysql")) {
					lock.execute("SELECT GET_LOCK(" + MYSQL_LOCK + ", 60)");
					try {
						super.runScripts(scripts);
					}
					finally {
						lock.execute("SELECT RELEASE_LOCK(" + MYSQL_LOCK + ")");
					}
				}
				else {
					super.runScripts(scripts);
				}
			}
			catch (SQLException ex) {
				throw new DataAccessResourceFailureException(
						"could not lock the database to run the read models' " + "schema scripts: " + ex.getMessage(),
						ex);
			}
		}

	}

}
