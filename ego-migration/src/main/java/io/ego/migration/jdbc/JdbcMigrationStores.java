package io.ego.migration.jdbc;

import javax.sql.DataSource;

import io.ego.migration.MigrationStores;
import io.ego.store.jdbc.JdbcDataKeyStore;
import io.ego.store.jdbc.JdbcDeadLetterStore;
import io.ego.store.jdbc.JdbcDurableStateStore;
import io.ego.store.jdbc.JdbcErasureStore;
import io.ego.store.jdbc.JdbcEventStore;
import io.ego.store.jdbc.JdbcOffsetStore;
import io.ego.store.jdbc.JdbcSagaIndexStore;
import io.ego.store.jdbc.JdbcSnapshotStore;
import io.ego.store.jdbc.JdbcStoreOptions;
import io.ego.store.jdbc.JdbcTimerStore;

/**
 * Every eGo store on one DataSource, for a migration; closing it stops the stores' writer
 * threads (the DataSource stays the caller's).
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class JdbcMigrationStores implements AutoCloseable {

	private final JdbcEventStore events;

	private final JdbcDurableStateStore durableStates;

	private final MigrationStores stores;

	private JdbcMigrationStores(DataSource dataSource, JdbcStoreOptions options) {
		this.events = new JdbcEventStore(dataSource, options);
		this.durableStates = new JdbcDurableStateStore(dataSource, options);
		this.stores = new MigrationStores(this.events, new JdbcSnapshotStore(dataSource, options), this.durableStates,
				new JdbcOffsetStore(dataSource, options), new JdbcDeadLetterStore(dataSource, options),
				new JdbcDataKeyStore(dataSource, options), new JdbcErasureStore(dataSource, options),
				new JdbcTimerStore(dataSource, options), new JdbcSagaIndexStore(dataSource, options));
	}

	/**
	 * Opens the stores.
	 * @param dataSource the database
	 * @param options the stores' options (table prefix; whether to create the schema)
	 * @return the stores
	 * @throws io.ego.core.store.StoreException when the schema is missing and not to be
	 * created
	 */
	public static JdbcMigrationStores open(DataSource dataSource, JdbcStoreOptions options) {
		return new JdbcMigrationStores(dataSource, options);
	}

	/**
	 * @return the stores
	 */
	public MigrationStores stores() {
		return this.stores;
	}

	@Override
	public void close() {
		this.events.close();
		this.durableStates.close();
	}

}
