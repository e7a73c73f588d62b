package io.ego.store.jdbc;

import java.time.Duration;

import javax.sql.DataSource;

import io.ego.core.EgoEngineBuilder;
import io.ego.core.saga.SagaEngineContract;
import io.ego.core.saga.SagaSettings;
import io.ego.core.store.EventStore;

/**
 * The saga contract on one database: every engine of a test on the same tables, emptied
 * before each test; the timers claimed with the database's locking.
 *
 * @author eGo team
 * @since 0.2.0
 */
abstract class JdbcSagaTests extends SagaEngineContract {

	private final DataSource dataSource;

	private final JdbcStoreOptions options;

	private final JdbcEventStore journal;

	JdbcSagaTests(JdbcDialect dialect) {
		this.options = TestDatabases.freshSchema(dialect, "saga_" + dialect.scriptName() + "_");
		this.dataSource = TestDatabases.of(dialect);
		this.journal = new JdbcEventStore(this.dataSource, this.options);
		Tables tables = new Tables(this.options.tablePrefix());
		TestDatabases.truncate(this.dataSource, tables.journal(), tables.journalHighest(), tables.snapshot(),
				tables.consumerOffset(), tables.consumerLease(), tables.deadLetter(), tables.timer(),
				tables.sagaIndex());
	}

	@Override
	protected void closeStores() {
		this.journal.close();
	}

	@Override
	protected EventStore journal() {
		return this.journal;
	}

	@Override
	protected EgoEngineBuilder sharedStores(EgoEngineBuilder builder) {
		return builder.snapshotStore(new JdbcSnapshotStore(this.dataSource, this.options))
			.offsetStore(new JdbcOffsetStore(this.dataSource, this.options))
			.deadLetterStore(new JdbcDeadLetterStore(this.dataSource, this.options))
			.timerStore(new JdbcTimerStore(this.dataSource, this.options))
			.sagaIndexStore(new JdbcSagaIndexStore(this.dataSource, this.options));
	}

	@Override
	protected SagaSettings transferSettings() {
		// a step waits behind the others on a loaded database
		return FAST.withStepTimeout(Duration.ofSeconds(5));
	}

}
