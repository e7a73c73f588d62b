package io.ego.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.ego.core.EgoEngine;
import io.ego.core.EntityState;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.fixtures.CounterBehavior;
import io.ego.core.store.PersistedEvent;
import io.ego.test.bank.Account;
import io.ego.test.bank.AccountCredited;
import io.ego.test.bank.AccountDebited;
import io.ego.test.bank.AccountOpened;
import io.ego.test.bank.Counter;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An eGo (Go) deployment laid out in the {@code ego-contrib} PostgreSQL schema, filled
 * with {@code Any}-wrapped events of the bank-account messages — v4 rows (nanosecond
 * timestamps), v3 rows (second timestamps, inline state), a deleted row, a snapshot, an
 * encrypted snapshot and encrypted events, a durable state, an id no rule maps —
 * imported, then recovered and commanded by the Java engine.
 */
class GoEgoImportTests {

	private static final long NANOS = 1_767_225_600_000_000_000L;

	private static final long SECONDS = 1_700_000_000L;

	private TestDatabase go;

	private final MigrationStores target = MigrationStores.inMemory();

	private final EntityTypeRule types = EntityTypeRule.prefix("acc-", "account")
		.or(EntityTypeRule.prefix("limits-", "counter"));

	@BeforeEach
	void createGoDeployment() throws Exception {
		this.go = TestDatabase.postgres();
		try (Connection connection = this.go.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("""
					CREATE TABLE events_store (
						persistence_id VARCHAR(255) NOT NULL, sequence_number BIGINT NOT NULL,
						is_deleted BOOLEAN DEFAULT FALSE NOT NULL, event_payload BYTEA NOT NULL,
						event_manifest VARCHAR(255) NOT NULL, state_payload BYTEA NOT NULL,
						state_manifest VARCHAR(255) NOT NULL, timestamp BIGINT NOT NULL, shard_number BIGINT NOT NULL,
						is_encrypted BOOLEAN DEFAULT FALSE NOT NULL,
						PRIMARY KEY (persistence_id, sequence_number))""");
			statement.execute("""
					CREATE TABLE snapshots_store (
						persistence_id VARCHAR(255) NOT NULL, sequence_number BIGINT NOT NULL,
						state_payload BYTEA NOT NULL, state_manifest VARCHAR(255) NOT NULL, timestamp BIGINT NOT NULL,
						encryption_key_id VARCHAR(255), is_encrypted BOOLEAN DEFAULT FALSE NOT NULL,
						PRIMARY KEY (persistence_id, sequence_number))""");
			statement.execute("""
					CREATE TABLE states_store (
						persistence_id VARCHAR(255) PRIMARY KEY, version_number BIGINT NOT NULL,
						state_payload BYTEA NOT NULL, state_manifest VARCHAR(255) NOT NULL, timestamp BIGINT NOT NULL,
						shard_number BIGINT NOT NULL)""");
			statement.execute("""
					CREATE TABLE offsets_store (
						projection_name VARCHAR(255) NOT NULL, shard_number BIGINT NOT NULL,
						current_offset BIGINT NOT NULL, timestamp BIGINT NOT NULL,
						PRIMARY KEY (projection_name, shard_number))""");
			// v4: nanosecond timestamps, no inline state
			event(connection, "acc-1", 1, opened("acc-1", 100), null, NANOS, false, false);
			event(connection, "acc-1", 2, credited("acc-1", 5), null, NANOS + 1_000, false, false);
			event(connection, "acc-1", 3, debited("acc-1", 20), null, NANOS + 2_000, false, false);
			// v3: second timestamps, the resulting state inline, no snapshot row
			event(connection, "acc-2", 1, opened("acc-2", 10), account("acc-2", 10), SECONDS, false, false);
			event(connection, "acc-2", 2, credited("acc-2", 7), account("acc-2", 17), SECONDS + 1, false, false);
			// retention deleted #1; a snapshot at #1 holds its state
			event(connection, "acc-3", 1, opened("acc-3", 50), null, NANOS, true, false);
			event(connection, "acc-3", 2, credited("acc-3", 1), null, NANOS + 10, false, false);
			event(connection, "acc-3", 3, credited("acc-3", 2), null, NANOS + 20, false, false);
			snapshot(connection, "acc-3", 1, account("acc-3", 50), NANOS, false);
			// an encrypted snapshot: not imported, the entity recovers from its events
			event(connection, "acc-4", 1, opened("acc-4", 9), null, NANOS, false, false);
			snapshot(connection, "acc-4", 1, account("acc-4", 9), NANOS, true);
			// encrypted events: the entity is left out
			event(connection, "acc-5", 1, opened("acc-5", 1), null, NANOS, false, true);
			// an id no rule maps
			event(connection, "other-1", 1, opened("other-1", 1), null, NANOS, false, false);
			try (PreparedStatement state = connection
				.prepareStatement("INSERT INTO states_store VALUES (?, ?, ?, ?, ?, ?)")) {
				state.setString(1, "limits-1");
				state.setLong(2, 3);
				state.setBytes(3, Any.pack(Counter.newBuilder().setValue(42).build()).toByteArray());
				state.setString(4, "ego.test.bank.Counter");
				state.setLong(5, NANOS);
				state.setLong(6, 7);
				state.executeUpdate();
			}
		}
	}

	@AfterEach
	void dropGoDeployment() throws Exception {
		this.go.close();
	}

	@Test
	void importsTheHistoryAndTheJavaEngineRecoversAndCommandsIt() {
		ImportReport report = GoEgoImport.of(this.go.dataSource(), this.types, this.target).pageSize(2).run();

		assertThat(report.entities()).isEqualTo(4);
		assertThat(report.eventsImported()).isEqualTo(3 + 2 + 2 + 1);
		assertThat(report.deletedRowsSkipped()).isEqualTo(1);
		assertThat(report.snapshotsImported()).isEqualTo(1);
		assertThat(report.inlineStatesAsSnapshots()).isEqualTo(1);
		assertThat(report.statesImported()).isEqualTo(1);
		assertThat(report.left()).hasSize(3)
			.anySatisfy((line) -> assertThat(line).startsWith("acc-4: its snapshot #1 is encrypted"))
			.anySatisfy((line) -> assertThat(line).startsWith("acc-5: encrypted events"))
			.anySatisfy((line) -> assertThat(line).startsWith("other-1: no entity type"));

		PersistedEvent first = this.target.events().replay("account|acc-1", 1, 1, 1).get(0);
		assertThat(first.eventType()).isEqualTo("ego.test.bank.AccountOpened");
		assertThat(first.writeTime()).isEqualTo(Instant.ofEpochSecond(0, NANOS));
		assertThat(this.target.events().replay("account|acc-2", 1, 1, 1).get(0).writeTime())
			.isEqualTo(Instant.ofEpochSecond(SECONDS));

		try (EgoEngine engine = EgoEngine.builder()
			.eventStore(this.target.events())
			.snapshotStore(this.target.snapshots())
			.durableStateStore(this.target.durableStates())
			.offsetStore(this.target.offsets())
			.deadLetterStore(this.target.deadLetters())
			.eventSourced("account", new AccountBehavior())
			.durableState("counter", new CounterBehavior())
			.build()) {
			assertState(engine, "acc-1", 85, 3);
			assertState(engine, "acc-2", 17, 2);
			assertState(engine, "acc-3", 53, 3);
			assertState(engine, "acc-4", 9, 1);
			assertThat(engine.entity("account", "acc-1").askAndWait(AccountBehavior.credit("acc-1", 15)).revision())
				.isEqualTo(4);
			assertThat(engine.entity("account", "acc-3").askAndWait(AccountBehavior.debit("acc-3", 3)).revision())
				.isEqualTo(4);
			EntityState<Message> limits = engine.entity("counter", "limits-1").state();
			assertThat(limits.revision()).isEqualTo(3);
			assertThat(limits.state()).isEqualTo(Counter.newBuilder().setValue(42).build());
		}
	}

	@Test
	void aSecondRunImportsNothingTwice() {
		GoEgoImport.of(this.go.dataSource(), this.types, this.target).run();
		ImportReport again = GoEgoImport.of(this.go.dataSource(), this.types, this.target).run();
		assertThat(again.eventsImported()).isZero();
		assertThat(again.eventsSkipped()).isEqualTo(8);
		assertThat(again.statesImported()).isZero();
		assertThat(this.target.events().highestSequenceNr("account|acc-1")).isEqualTo(3);
	}

	@Test
	void goTimestampsAreReadInTheirUnit() {
		assertThat(GoTimestamps.toInstant(SECONDS)).isEqualTo(Instant.ofEpochSecond(SECONDS));
		assertThat(GoTimestamps.toInstant(SECONDS * 1_000 + 5)).isEqualTo(Instant.ofEpochMilli(SECONDS * 1_000 + 5));
		assertThat(GoTimestamps.toInstant(SECONDS * 1_000_000 + 5)).isEqualTo(Instant.ofEpochSecond(SECONDS, 5_000));
		assertThat(GoTimestamps.toInstant(NANOS + 7)).isEqualTo(Instant.ofEpochSecond(0, NANOS + 7));
	}

	private static void assertState(EgoEngine engine, String id, long balance, long revision) {
		EntityState<Account> state = engine.<Account>entity("account", id).state();
		assertThat(state.revision()).as(id).isEqualTo(revision);
		assertThat(state.state().getBalance()).as(id).isEqualTo(balance);
	}

	private static void event(Connection connection, String id, long sequenceNr, Message event, @Nullable Message state,
			long timestamp, boolean deleted, boolean encrypted) throws SQLException {
		try (PreparedStatement insert = connection
			.prepareStatement("INSERT INTO events_store VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
			insert.setString(1, id);
			insert.setLong(2, sequenceNr);
			insert.setBoolean(3, deleted);
			insert.setBytes(4, Any.pack(event).toByteArray());
			insert.setString(5, event.getDescriptorForType().getFullName());
			insert.setBytes(6, (state != null) ? Any.pack(state).toByteArray() : new byte[0]);
			insert.setString(7, (state != null) ? state.getDescriptorForType().getFullName() : "");
			insert.setLong(8, timestamp);
			insert.setLong(9, 1);
			insert.setBoolean(10, encrypted);
			insert.executeUpdate();
		}
	}

	private static void snapshot(Connection connection, String id, long sequenceNr, Message state, long timestamp,
			boolean encrypted) throws SQLException {
		try (PreparedStatement insert = connection
			.prepareStatement("INSERT INTO snapshots_store VALUES (?, ?, ?, ?, ?, ?, ?)")) {
			insert.setString(1, id);
			insert.setLong(2, sequenceNr);
			insert.setBytes(3, Any.pack(state).toByteArray());
			insert.setString(4, state.getDescriptorForType().getFullName());
			insert.setLong(5, timestamp);
			insert.setString(6, encrypted ? "go-key-1" : null);
			insert.setBoolean(7, encrypted);
			insert.executeUpdate();
		}
	}

	private static Message opened(String id, long balance) {
		return AccountOpened.newBuilder().setId(id).setInitialBalance(balance).build();
	}

	private static Message credited(String id, long amount) {
		return AccountCredited.newBuilder().setId(id).setAmount(amount).build();
	}

	private static Message debited(String id, long amount) {
		return AccountDebited.newBuilder().setId(id).setAmount(amount).build();
	}

	private static Account account(String id, long balance) {
		return Account.newBuilder().setId(id).setBalance(balance).setOpen(true).build();
	}

}
