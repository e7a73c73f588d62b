package io.ego.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.ego.core.store.DurableStateChange;
import io.ego.core.store.DurableStateRecord;
import io.ego.core.store.ErasureMarker;
import io.ego.core.store.Lease;
import io.ego.core.store.Offset;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.StoreException;
import io.ego.store.jdbc.JdbcStoreOptions.InitializeSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Schema initialization: the modes, the version table, concurrent start-up, and the
 * scripts of every dialect.
 *
 * @author eGo team
 * @since 0.1.0
 */
class SchemaInitializationTests {

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void alwaysCreatesTheSchemaOnceEvenWhenStoresStartTogether(JdbcDialect dialect) throws Exception {
		JdbcStoreOptions options = TestDatabases.freshSchema(dialect, "si_" + dialect.scriptName() + "_all_");
		DataSource dataSource = TestDatabases.of(dialect);
		List<Future<?>> starts = new ArrayList<>();
		try (ExecutorService executor = Executors.newFixedThreadPool(5)) {
			starts.add(executor.submit(() -> new JdbcEventStore(dataSource, options).close()));
			starts.add(executor.submit(() -> new JdbcSnapshotStore(dataSource, options)));
			starts.add(executor.submit(() -> new JdbcDurableStateStore(dataSource, options)));
			starts.add(executor.submit(() -> new JdbcOffsetStore(dataSource, options)));
			starts.add(executor.submit(() -> new JdbcDeadLetterStore(dataSource, options)));
			for (Future<?> start : starts) {
				start.get(60, TimeUnit.SECONDS);
			}
		}
		Tables tables = new Tables(options.tablePrefix());
		assertThat(query(dataSource, "SELECT version FROM " + tables.schemaVersion() + " ORDER BY version"))
			.containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
		for (String table : List.of(tables.journal(), tables.journalHighest(), tables.snapshot(), tables.durableState(),
				tables.consumerOffset(), tables.consumerLease(), tables.deadLetter(), tables.dataKey(),
				tables.erasureMarker())) {
			assertThat(query(dataSource, "SELECT COUNT(*) FROM " + table)).as("rows of %s", table).containsExactly(0L);
		}

		new JdbcEventStore(dataSource, options).close();
		assertThat(query(dataSource, "SELECT version FROM " + tables.schemaVersion() + " ORDER BY version"))
			.containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void aDatabaseAtAnEarlierVersionIsUpgradedOnStartUpAndKeepsItsData(JdbcDialect dialect) throws Exception {
		JdbcStoreOptions always = TestDatabases.freshSchema(dialect, "si_" + dialect.scriptName() + "_up_");
		DataSource dataSource = TestDatabases.of(dialect);
		Tables tables = new Tables(always.tablePrefix());
		try (Connection connection = dataSource.getConnection()) {
			SchemaInitializer.initialize(connection, dialect, tables, 1);
			connection.setAutoCommit(false);
			dialect.sql()
				.insertEvents(connection, tables,
						List.of(AppendRequest.of("up|a", 0, TestEvents.events("up|a", 1, 2), 1024)), 2);
			connection.commit();
			connection.setAutoCommit(true);
		}
		assertThat(query(dataSource, "SELECT version FROM " + tables.schemaVersion())).containsExactly(1L);

		JdbcStoreOptions never = always.withInitializeSchema(InitializeSchema.NEVER);
		assertThatExceptionOfType(StoreException.class).isThrownBy(() -> new JdbcErasureStore(dataSource, never))
			.withMessageContaining("at version 1 but this release needs version 8")
			.withMessageContaining("io/ego/store/jdbc/schema/v2/" + dialect.scriptName() + ".sql");

		try (JdbcEventStore events = new JdbcEventStore(dataSource, always)) {
			assertThat(query(dataSource, "SELECT version FROM " + tables.schemaVersion() + " ORDER BY version"))
				.containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
			assertThat(events.replay("up|a", 1, Long.MAX_VALUE, 10)).hasSize(2);
			events.append("up|a", 2, TestEvents.events("up|a", 3, 1));
		}
		JdbcErasureStore erasures = new JdbcErasureStore(dataSource, never);
		erasures.save(new ErasureMarker("up|a", "up", 3, Instant.parse("2025-01-01T00:00:00Z")));
		assertThat(erasures.get("up|a")).isNotNull();
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void theUpgradeToVersionThreeGivesExistingDurableStatesPositionsInTheChangeFeed(JdbcDialect dialect)
			throws Exception {
		JdbcStoreOptions always = TestDatabases.freshSchema(dialect, "si_" + dialect.scriptName() + "_v3_");
		DataSource dataSource = TestDatabases.of(dialect);
		Tables tables = new Tables(always.tablePrefix());
		try (Connection connection = dataSource.getConnection()) {
			SchemaInitializer.initialize(connection, dialect, tables, 2);
		}
		try (Connection connection = dataSource.getConnection();
				PreparedStatement insert = connection.prepareStatement("INSERT INTO " + tables.durableState()
						+ " (persistence_id, revision, entity_type, slice, state_type, payload, key_id, write_time) "
						+ "VALUES (?, 2, 'v3', ?, 'ego.V3', ?, NULL, ?)")) {
			for (String id : List.of("v3|a", "v3|b", "v3|c")) {
				insert.setString(1, id);
				insert.setInt(2, PersistedEvent.sliceOf(id));
				insert.setBytes(3, new byte[] { 1, 2 });
				insert.setObject(4, dialect.sql().timestamp(Instant.parse("2025-01-01T00:00:00Z")));
				insert.executeUpdate();
			}
		}
		JdbcDurableStateStore store = new JdbcDurableStateStore(dataSource, always);
		assertThat(query(dataSource, "SELECT version FROM " + tables.schemaVersion() + " ORDER BY version"))
			.containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
		// on PostgreSQL the upgrade's rows appear once older transactions of the server
		// ended (see Horizon)
		int allSlices = PersistedEvent.SLICE_COUNT - 1;
		List<DurableStateChange> changes = Horizon.await("the upgraded states in the change feed", dataSource,
				() -> store.changesAfter(0, 0, allSlices, 10), (feed) -> feed.size() >= 3);
		assertThat(changes).extracting((change) -> change.state().persistenceId())
			.containsExactlyInAnyOrder("v3|a", "v3|b", "v3|c");
		assertThat(changes).extracting(DurableStateChange::position)
			.doesNotHaveDuplicates()
			.allSatisfy((position) -> assertThat(position).isPositive());
		long head = store.changesHeadPosition();
		assertThat(head).isEqualTo(changes.get(2).position());

		DurableStateRecord old = store.get("v3|a");
		store.upsert(new DurableStateRecord("v3|a", "v3", 3, old.slice(), "ego.V3", new byte[] { 3 },
				Instant.parse("2025-01-02T00:00:00Z"), null));
		assertThat(Horizon.await("v3|a@3 in the change feed", dataSource,
				() -> store.changesAfter(head, 0, allSlices, 10), (feed) -> !feed.isEmpty()))
			.singleElement()
			.satisfies((change) -> assertThat(change.state().revision()).isEqualTo(3));
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void theUpgradeToVersionFourKeepsOffsetsAndLetWorkersLeaseAndCommitFromThem(JdbcDialect dialect) throws Exception {
		JdbcStoreOptions always = TestDatabases.freshSchema(dialect, "si_" + dialect.scriptName() + "_v4_");
		DataSource dataSource = TestDatabases.of(dialect);
		Tables tables = new Tables(always.tablePrefix());
		try (Connection connection = dataSource.getConnection()) {
			SchemaInitializer.initialize(connection, dialect, tables, 3);
		}
		Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
		execute(dataSource,
				"INSERT INTO " + tables.consumerOffset() + " (consumer, partition_id, position, updated_at) "
						+ "VALUES ('balances', '0-1023', 42, " + timestampLiteral(dialect) + ")");
		assertThatExceptionOfType(StoreException.class)
			.isThrownBy(() -> new JdbcOffsetStore(dataSource, always.withInitializeSchema(InitializeSchema.NEVER)))
			.withMessageContaining("at version 3 but this release needs version 8")
			.withMessageContaining("io/ego/store/jdbc/schema/v4/" + dialect.scriptName() + ".sql");

		JdbcOffsetStore offsets = new JdbcOffsetStore(dataSource, always);
		assertThat(query(dataSource, "SELECT version FROM " + tables.schemaVersion() + " ORDER BY version"))
			.containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
		assertThat(offsets.get("balances", "0-1023").position()).isEqualTo(42);
		Lease lease = offsets.acquire("balances", "0-1023", "node-1", t0, Duration.ofSeconds(10));
		assertThat(lease).isNotNull();
		assertThat(offsets.commit(lease, 42, new Offset("balances", "0-1023", 50, t0))).isTrue();
		assertThat(offsets.get("balances", "0-1023").position()).isEqualTo(50);
	}

	private static String timestampLiteral(JdbcDialect dialect) {
		return switch (dialect) {
			case POSTGRESQL, H2 -> "TIMESTAMP WITH TIME ZONE '2025-01-01 00:00:00+00'";
			case MARIADB, MYSQL -> "'2025-01-01 00:00:00'";
		};
	}

	@ParameterizedTest
	@EnumSource(names = "MARIADB")
	void anEventStoreFailsAtStartUpNamingAMissingAppendProcedure(JdbcDialect dialect) throws Exception {
		JdbcStoreOptions always = TestDatabases.freshSchema(dialect, "si_" + dialect.scriptName() + "_proc_");
		JdbcStoreOptions never = always.withInitializeSchema(InitializeSchema.NEVER);
		DataSource dataSource = TestDatabases.of(dialect);
		Tables tables = new Tables(always.tablePrefix());
		new JdbcEventStore(dataSource, always).close();

		execute(dataSource, "DROP PROCEDURE " + tables.prefix() + "append_event");
		assertThatExceptionOfType(StoreException.class).isThrownBy(() -> new JdbcEventStore(dataSource, never))
			.withMessageContaining("'" + tables.prefix() + "append_event'")
			.withMessageContaining("io/ego/store/jdbc/schema/v8/mariadb.sql")
			.withMessageContaining("EXECUTE");
		// the stores that do not append need no procedure
		new JdbcSnapshotStore(dataSource, never);
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void neverFailsAtStartUpNamingTheMissingTable(JdbcDialect dialect) throws Exception {
		JdbcStoreOptions always = TestDatabases.freshSchema(dialect, "si_" + dialect.scriptName() + "_never_");
		JdbcStoreOptions never = always.withInitializeSchema(InitializeSchema.NEVER);
		DataSource dataSource = TestDatabases.of(dialect);
		Tables tables = new Tables(always.tablePrefix());

		assertThatExceptionOfType(StoreException.class).isThrownBy(() -> new JdbcEventStore(dataSource, never))
			.withMessageContaining("'" + tables.schemaVersion() + "' does not exist")
			.withMessageContaining("initialize-schema")
			.withMessageContaining("io/ego/store/jdbc/schema/v1/" + dialect.scriptName() + ".sql");

		new JdbcSnapshotStore(dataSource, always);
		execute(dataSource, "DROP TABLE " + tables.journal());
		assertThatExceptionOfType(StoreException.class).isThrownBy(() -> new JdbcEventStore(dataSource, never))
			.withMessageContaining("table '" + tables.journal() + "' of the eGo schema is missing");
		new JdbcSnapshotStore(dataSource, never);
		new JdbcOffsetStore(dataSource, never);
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void embeddedInitializesOnlyAnInProcessDatabase(JdbcDialect dialect) {
		JdbcStoreOptions options = TestDatabases.freshSchema(dialect, "si_" + dialect.scriptName() + "_emb_")
			.withInitializeSchema(InitializeSchema.EMBEDDED);
		DataSource dataSource = TestDatabases.of(dialect);
		if (dialect == JdbcDialect.H2) {
			new JdbcOffsetStore(dataSource, options);
		}
		else {
			assertThatExceptionOfType(StoreException.class).isThrownBy(() -> new JdbcOffsetStore(dataSource, options))
				.withMessageContaining("the eGo schema is missing");
		}
	}

	@ParameterizedTest
	@EnumSource(JdbcDialect.class)
	void everyScriptOfEveryDialectLoads(JdbcDialect dialect) {
		for (SchemaInitializer.Version version : SchemaInitializer.VERSIONS) {
			Map<String, String> placeholders = new HashMap<>(dialect.sql().placeholders(new Tables("ego_")));
			placeholders.put("prefix", "ego_");
			String location = SqlScript.location(version.number(), dialect);
			List<String> statements = SqlScript.load(location, placeholders);
			if (statements.isEmpty()) {
				// a version that changes nothing on this database says so
				assertThat(script(location)).as("script of version %d", version.number())
					.contains("schema version " + version.number() + ", ")
					.contains("nothing changes");
			}
			assertThat(statements).as("statements of version %d", version.number())
				.allSatisfy((statement) -> assertThat(statement).doesNotContain("${")
					.matches("(?s)(CREATE|INSERT|ALTER|UPDATE|SET|DROP) .*"));
		}
	}

	@ParameterizedTest
	@EnumSource(JdbcDialect.class)
	void theVersionOneScriptOfEveryDialectSplitsIntoStatements(JdbcDialect dialect) {
		Tables tables = new Tables("ego_");
		Map<String, String> placeholders = new HashMap<>(dialect.sql().placeholders(tables));
		placeholders.put("prefix", "ego_");
		List<String> statements = SqlScript.load(SqlScript.location(1, dialect), placeholders);
		assertThat(statements).allSatisfy((statement) -> assertThat(statement).doesNotContain("${")
			.doesNotContain("--")
			.matches("(?s)(CREATE|INSERT) .*"));
		assertThat(statements).filteredOn((statement) -> statement.startsWith("CREATE TABLE"))
			.hasSize(9 - ((dialect == JdbcDialect.POSTGRESQL) ? 1 : 0));
		if (dialect == JdbcDialect.POSTGRESQL) {
			assertThat(statements).filteredOn((statement) -> statement.contains("FUNCTION ego_allocate_positions"))
				.singleElement()
				.satisfies((function) -> assertThat(function).endsWith("$$").contains("pg_advisory_unlock"));
		}
	}

	@Test
	void scriptsSplitAtSemicolonsOutsideQuotesCommentsAndDollarBodies() {
		String script = """
				-- a comment; with a semicolon
				CREATE TABLE a (x VARCHAR(10) DEFAULT 'a;b');
				CREATE FUNCTION f() RETURNS INT AS $$ BEGIN RETURN 1; END $$;

				INSERT INTO a VALUES ('it''s; fine') ;
				""";
		assertThat(SqlScript.split(script)).containsExactly("CREATE TABLE a (x VARCHAR(10) DEFAULT 'a;b')",
				"CREATE FUNCTION f() RETURNS INT AS $$ BEGIN RETURN 1; END $$", "INSERT INTO a VALUES ('it''s; fine')");
	}

	private static List<Long> query(DataSource dataSource, String sql) throws SQLException {
		List<Long> values = new ArrayList<>();
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(sql)) {
			while (rs.next()) {
				values.add(rs.getLong(1));
			}
		}
		return values;
	}

	private static void execute(DataSource dataSource, String sql) throws SQLException {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static String script(String location) {
		try (InputStream in = SqlScript.class.getClassLoader().getResourceAsStream(location)) {
			assertThat(in).as(location).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
