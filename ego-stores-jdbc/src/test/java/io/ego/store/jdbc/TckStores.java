package io.ego.store.jdbc;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.ego.core.store.TimerStore;

/**
 * The stores the TCK classes of one database share: created once per test run on their
 * own table prefix ({@code tck_<dialect>_}, dropped and recreated first), emptied before
 * each test.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class TckStores {

	private static final Map<JdbcDialect, TckStores> STORES = new EnumMap<>(JdbcDialect.class);

	private final JdbcDialect dialect;

	private final DataSource dataSource;

	private final Tables tables;

	private final JdbcEventStore eventStore;

	private final JdbcSnapshotStore snapshotStore;

	private final JdbcDurableStateStore durableStateStore;

	private final JdbcOffsetStore offsetStore;

	private final JdbcDeadLetterStore deadLetterStore;

	private final JdbcDataKeyStore dataKeyStore;

	private final JdbcErasureStore erasureStore;

	private final JdbcStoreOptions options;

	private final JdbcTimerStore timerStore;

	private final JdbcSagaIndexStore sagaIndexStore;

	private final List<TimerStore> concurrentTimerStores = new ArrayList<>();

	private TckStores(JdbcDialect dialect) {
		String prefix = "tck_" + dialect.scriptName() + "_";
		this.dialect = dialect;
		this.dataSource = TestDatabases.of(dialect);
		TestDatabases.dropSchema(this.dataSource, dialect, prefix);
		JdbcStoreOptions options = TestDatabases.options(prefix);
		this.tables = new Tables(prefix);
		this.eventStore = new JdbcEventStore(this.dataSource, options);
		this.snapshotStore = new JdbcSnapshotStore(this.dataSource, options);
		this.durableStateStore = new JdbcDurableStateStore(this.dataSource, options);
		this.offsetStore = new JdbcOffsetStore(this.dataSource, options);
		this.deadLetterStore = new JdbcDeadLetterStore(this.dataSource, options);
		this.dataKeyStore = new JdbcDataKeyStore(this.dataSource, options);
		this.erasureStore = new JdbcErasureStore(this.dataSource, options);
		this.options = options;
		this.timerStore = new JdbcTimerStore(this.dataSource, options);
		this.sagaIndexStore = new JdbcSagaIndexStore(this.dataSource, options);
	}

	/**
	 * Returns the stores of a database, skipping the test when it is not reachable.
	 * @param dialect the database
	 * @return its stores
	 */
	static synchronized TckStores of(JdbcDialect dialect) {
		return STORES.computeIfAbsent(dialect, TckStores::new);
	}

	JdbcEventStore emptyEventStore() {
		TestDatabases.truncate(this.dataSource, this.tables.journal(), this.tables.journalHighest());
		return this.eventStore;
	}

	JdbcSnapshotStore emptySnapshotStore() {
		TestDatabases.truncate(this.dataSource, this.tables.snapshot());
		return this.snapshotStore;
	}

	JdbcDurableStateStore emptyDurableStateStore() {
		TestDatabases.truncate(this.dataSource, this.tables.durableState());
		return this.durableStateStore;
	}

	JdbcOffsetStore emptyOffsetStore() {
		TestDatabases.truncate(this.dataSource, this.tables.consumerOffset(), this.tables.consumerLease());
		return this.offsetStore;
	}

	JdbcDataKeyStore emptyDataKeyStore() {
		TestDatabases.truncate(this.dataSource, this.tables.dataKey());
		return this.dataKeyStore;
	}

	JdbcErasureStore emptyErasureStore() {
		TestDatabases.truncate(this.dataSource, this.tables.erasureMarker());
		return this.erasureStore;
	}

	JdbcSagaIndexStore emptySagaIndexStore() {
		TestDatabases.truncate(this.dataSource, this.tables.sagaIndex());
		return this.sagaIndexStore;
	}

	JdbcTimerStore emptyTimerStore() {
		TestDatabases.truncate(this.dataSource, this.tables.timer());
		return this.timerStore;
	}

	/**
	 * Returns timer stores on the timer table of {@link #emptyTimerStore()}, each on a
	 * connection pool of its own (created once, reused by later calls).
	 * @param count how many
	 * @return the stores
	 */
	synchronized List<TimerStore> concurrentTimerStores(int count) {
		while (this.concurrentTimerStores.size() < count) {
			DataSource pool = TestDatabases.separatePool(this.dialect,
					"timers-" + this.dialect.scriptName() + "-" + this.concurrentTimerStores.size());
			this.concurrentTimerStores.add(new JdbcTimerStore(pool, this.options.withDialect(this.dialect)));
		}
		return List.copyOf(this.concurrentTimerStores.subList(0, count));
	}

	JdbcDeadLetterStore emptyDeadLetterStore() {
		TestDatabases.truncate(this.dataSource, this.tables.deadLetter());
		return this.deadLetterStore;
	}

}
