package io.ego.store.jdbc;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upsert each dialect generates, for the consumer offsets' table; the store tests on
 * each database are the proof that the statements work.
 *
 * @author eGo team
 * @since 0.2.0
 */
class UpsertSqlTests {

	private static final List<String> KEY = List.of("consumer", "partition_id");

	private static final List<String> VALUES = List.of("position", "updated_at");

	@Test
	void postgresqlUpdatesOnConflictWithTheExcludedValues() {
		assertThat(JdbcDialect.POSTGRESQL.sql().upsert("ego_consumer_offset", KEY, VALUES)).isEqualTo(
				"INSERT INTO ego_consumer_offset (consumer, partition_id, position, updated_at) VALUES (?, ?, ?, ?)"
						+ " ON CONFLICT (consumer, partition_id) DO UPDATE SET position = EXCLUDED.position,"
						+ " updated_at = EXCLUDED.updated_at");
	}

	@Test
	void mariadbAndMysqlUpdateOnADuplicateKeyWithTheInsertedValues() {
		String expected = "INSERT INTO ego_consumer_offset (consumer, partition_id, position, updated_at)"
				+ " VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE position = VALUES(position), updated_at = VALUES(updated_at)";
		assertThat(JdbcDialect.MARIADB.sql().upsert("ego_consumer_offset", KEY, VALUES)).isEqualTo(expected);
		assertThat(JdbcDialect.MYSQL.sql().upsert("ego_consumer_offset", KEY, VALUES)).isEqualTo(expected);
	}

	@Test
	void h2MergesOnTheKey() {
		assertThat(JdbcDialect.H2.sql().upsert("ego_consumer_offset", KEY, VALUES))
			.isEqualTo("MERGE INTO ego_consumer_offset (consumer, partition_id, position, updated_at)"
					+ " KEY (consumer, partition_id) VALUES (?, ?, ?, ?)");
	}

	@Test
	void aSnapshotIsUpsertedWithItsColumnsInTheOrderTheyAreBound() {
		assertThat(JdbcDialect.H2.sql().upsert("ego_snapshot", SnapshotRows.KEY_COLUMNS, SnapshotRows.VALUE_COLUMNS))
			.isEqualTo("MERGE INTO ego_snapshot (" + SnapshotRows.COLUMNS + ") KEY (persistence_id, seq_nr)"
					+ " VALUES (?, ?, ?, ?, ?, ?, ?)");
		assertThat(SnapshotRows.COLUMNS)
			.isEqualTo("persistence_id, seq_nr, entity_type, state_type, payload, key_id, write_time");
	}

}
