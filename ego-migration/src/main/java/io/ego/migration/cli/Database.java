package io.ego.migration.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.ego.migration.MigrationStores;
import io.ego.migration.jdbc.JdbcMigrationStores;
import io.ego.store.jdbc.JdbcStoreOptions;
import io.ego.store.jdbc.JdbcStoreOptions.InitializeSchema;
import org.jspecify.annotations.Nullable;

/**
 * A database the command line opens: a small pool and, on demand, the eGo stores on it.
 *
 * @author eGo team
 */
final class Database implements AutoCloseable {

	private final HikariDataSource pool;

	private @Nullable JdbcMigrationStores stores;

	Database(String url, @Nullable String user, @Nullable String password) {
		this.pool = new HikariDataSource();
		this.pool.setJdbcUrl(url);
		if (user != null) {
			this.pool.setUsername(user);
		}
		if (password != null) {
			this.pool.setPassword(password);
		}
		this.pool.setMaximumPoolSize(4);
		this.pool.setPoolName("ego-migration");
	}

	HikariDataSource dataSource() {
		return this.pool;
	}

	/**
	 * The eGo stores on this database.
	 * @param tablePrefix the prefix of their tables
	 * @param create whether to create or upgrade the schema (the target), or leave it as
	 * it is (the source)
	 * @return the stores
	 */
	MigrationStores stores(String tablePrefix, boolean create) {
		JdbcStoreOptions options = JdbcStoreOptions.defaults()
			.withTablePrefix(tablePrefix)
			.withInitializeSchema(create ? InitializeSchema.ALWAYS : InitializeSchema.NEVER);
		JdbcMigrationStores stores = JdbcMigrationStores.open(this.pool, options);
		this.stores = stores;
		return stores.stores();
	}

	@Override
	public void close() {
		if (this.stores != null) {
			this.stores.close();
		}
		this.pool.close();
	}

}
