package io.ego.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.ego.core.store.AppendConflictException;
import io.ego.core.store.DurableStateRecord;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.SnapshotRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.ego.store.jdbc.TestEvents.event;
import static io.ego.store.jdbc.TestEvents.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What the JDBC stores do beyond the TCK: input checks before the database is hit,
 * identifiers compared exactly, and the indexed {@code positionBefore}.
 *
 * @author eGo team
 * @since 0.1.0
 */
class JdbcEventStoreTests {

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void anIdTooLongForItsColumnIsRejectedBeforeTheDatabaseIsHit(JdbcDialect dialect) {
		Fixture fixture = new Fixture(dialect);
		String tooLong = "account|" + "x".repeat(250);
		try (JdbcEventStore store = fixture.eventStore(fixture.options)) {
			assertThatIllegalArgumentException().isThrownBy(() -> store.append(tooLong, 0, events(tooLong, 1, 1)))
				.withMessageContaining("persistence id")
				.withMessageContaining("258 characters long; the store keeps at most 255");
			assertThat(store.highestSequenceNr(tooLong)).isZero();
			PersistedEvent badType = new PersistedEvent("account|1", "account", 1, 0, 1, "t".repeat(256), new byte[0],
					Instant.now(), Map.of(), null);
			assertThatIllegalArgumentException().isThrownBy(() -> store.append("account|1", 0, List.of(badType)))
				.withMessageContaining("event type");
		}
		JdbcDurableStateStore states = new JdbcDurableStateStore(fixture.dataSource, fixture.options);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> states.upsert(
					new DurableStateRecord(tooLong, "account", 1, 0, "ego.State", new byte[0], Instant.now(), null)))
			.withMessageContaining("persistence id");
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void aPayloadOverTheMaximumIsRejectedBeforeTheDatabaseIsHit(JdbcDialect dialect) {
		Fixture fixture = new Fixture(dialect);
		JdbcStoreOptions small = fixture.options.withMaxPayloadSize(1024);
		try (JdbcEventStore store = fixture.eventStore(small)) {
			PersistedEvent big = new PersistedEvent("account|big", "account", 1, 0, 7, "ego.Big", new byte[1025],
					Instant.now(), Map.of(), null);
			assertThatIllegalArgumentException().isThrownBy(() -> store.append("account|big", 0, List.of(big)))
				.withMessageContaining("1025 bytes")
				.withMessageContaining("max-payload-size");
			assertThat(store.highestSequenceNr("account|big")).isZero();
		}
		JdbcSnapshotStore snapshots = new JdbcSnapshotStore(fixture.dataSource, small);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> snapshots.save(
					new SnapshotRecord("account|big", "account", 1, "ego.State", new byte[2048], Instant.now(), null)))
			.withMessageContaining("max-payload-size");
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void identifiersAreKeptExactly(JdbcDialect dialect) {
		Fixture fixture = new Fixture(dialect);
		String longest = "account|" + "\uD83D\uDE00".repeat(247);
		assertThat(longest.codePointCount(0, longest.length())).isEqualTo(255);
		List<String> ids = List.of("account|A", "account|a", "account|a ", "account|ä", longest);
		try (JdbcEventStore store = fixture.eventStore(fixture.options)) {
			for (String id : ids) {
				store.append(id, 0, events(id, 1, 1));
			}
			for (String id : ids) {
				List<PersistedEvent> history = store.replay(id, 1, Long.MAX_VALUE, 10);
				assertThat(history).as("history of '%s'", id)
					.singleElement()
					.satisfies((event) -> assertThat(event.persistenceId()).isEqualTo(id));
				assertThat(new String(history.get(0).payload(), StandardCharsets.UTF_8)).isEqualTo(id + "#1");
				assertThat(store.highestSequenceNr(id)).isEqualTo(1);
				assertThatExceptionOfType(AppendConflictException.class)
					.isThrownBy(() -> store.append(id, 0, events(id, 1, 1)));
			}
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void anIdWithAnUnpairedSurrogateIsRejectedInsteadOfBeingStoredAsAnotherId(JdbcDialect dialect) {
		// on the TCK's tables: appending to this class's journal would move the positions
		// positionBefore's test expects
		JdbcEventStore store = TckStores.of(dialect).emptyEventStore();
		JdbcDurableStateStore states = TckStores.of(dialect).emptyDurableStateStore();
		String illFormed = "tally|ls-\uD800";
		// what PostgreSQL stored the ill-formed id as: its history must not be read or
		// appended to by the ill-formed id
		String stored = "tally|ls-?";
		store.append(stored, 0, events(stored, 1, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> store.append(illFormed, 1, events(illFormed, 2, 1)))
			.withMessage("persistence id 'tally|ls-?' is not well-formed UTF-16: unpaired surrogate U+D800 at index 9");
		assertThatIllegalArgumentException().isThrownBy(() -> store.replay(illFormed, 1, Long.MAX_VALUE, 10))
			.withMessageContaining("persistence id");
		assertThatIllegalArgumentException().isThrownBy(() -> store.highestSequenceNr(illFormed))
			.withMessageContaining("persistence id");
		assertThat(store.replay(stored, 1, Long.MAX_VALUE, 10)).singleElement()
			.satisfies((event) -> assertThat(event.persistenceId()).isEqualTo(stored));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> states.upsert(
					new DurableStateRecord(illFormed, "tally", 1, 0, "ego.State", new byte[0], Instant.now(), null)))
			.withMessageContaining("persistence id");
		assertThatIllegalArgumentException().isThrownBy(() -> states.get(illFormed))
			.withMessageContaining("persistence id");
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void positionBeforeIsThePositionBeforeTheFirstEventWrittenAtOrAfterATime(JdbcDialect dialect) throws Exception {
		Fixture fixture = new Fixture(dialect);
		Instant t1 = Instant.parse("2024-05-01T10:00:00Z");
		Instant t2 = t1.plusSeconds(60);
		Instant t3 = t2.plusSeconds(60);
		try (JdbcEventStore store = fixture.eventStore(fixture.options)) {
			store.append("pb|a", 0, List.of(at(event("pb|a", 1), t1), at(event("pb|a", 2), t1)));
			store.append("pb|b", 0, List.of(at(event("pb|b", 1), t2)));
			store.append("pb|a", 2, List.of(at(event("pb|a", 3), t3)));
			List<PersistedEvent> a = store.replay("pb|a", 1, 3, 10);
			long b1 = store.replay("pb|b", 1, 1, 1).get(0).position();
			// on PostgreSQL the appends are read once older transactions of the server
			// ended (see Horizon)
			Horizon.await("all events visible", fixture.dataSource, store::headPosition,
					(head) -> head >= a.get(2).position());

			assertThat(store.positionBefore(t1.minusSeconds(1))).isEqualTo(a.get(0).position() - 1);
			assertThat(store.positionBefore(t1)).isEqualTo(a.get(0).position() - 1);
			assertThat(store.positionBefore(t1.plusSeconds(1))).isEqualTo(a.get(1).position());
			assertThat(store.positionBefore(t2)).isEqualTo(a.get(1).position());
			assertThat(store.positionBefore(t3)).isEqualTo(b1);
			assertThat(store.positionBefore(t3.plusSeconds(1))).isEqualTo(a.get(2).position());
		}
	}

	private static PersistedEvent at(PersistedEvent event, Instant writeTime) {
		return new PersistedEvent(event.persistenceId(), event.entityType(), event.sequenceNr(), 0, event.slice(),
				event.eventType(), event.payload(), writeTime, event.metadata(), event.keyId());
	}

	/**
	 * A database with this class's tables, emptied.
	 */
	private static final class Fixture {

		final DataSource dataSource;

		final JdbcStoreOptions options;

		Fixture(JdbcDialect dialect) {
			this.options = TestDatabases.freshSchema(dialect, "es_" + dialect.scriptName() + "_");
			this.dataSource = TestDatabases.of(dialect);
			Tables tables = new Tables(this.options.tablePrefix());
			new JdbcEventStore(this.dataSource, this.options).close();
			TestDatabases.truncate(this.dataSource, tables.journal(), tables.journalHighest());
		}

		JdbcEventStore eventStore(JdbcStoreOptions options) {
			return new JdbcEventStore(this.dataSource, options);
		}

	}

}
