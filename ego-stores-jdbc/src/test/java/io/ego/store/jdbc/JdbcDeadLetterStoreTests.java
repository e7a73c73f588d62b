package io.ego.store.jdbc;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.ego.core.store.DeadLetter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dead-letter store on each database.
 *
 * @author eGo team
 * @since 0.1.0
 */
class JdbcDeadLetterStoreTests {

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void deadLettersAreAddedListedOldestFirstCountedAndDeleted(JdbcDialect dialect) {
		JdbcDeadLetterStore store = TckStores.of(dialect).emptyDeadLetterStore();
		Map<String, String> metadata = new LinkedHashMap<>();
		metadata.put("traceparent", "00-abc-def-01");
		metadata.put("note", "ünïcødé");
		DeadLetter first = store.add(letter("balances", 1, metadata, "java.lang.IllegalStateException: boom"));
		DeadLetter second = store.add(letter("balances", 2, Map.of(), "x".repeat(20_000)));
		DeadLetter other = store.add(letter("audit", 3, Map.of(), "nope"));

		assertThat(first.id()).isPositive();
		assertThat(second.id()).isGreaterThan(first.id());
		assertThat(store.list("balances", 10)).extracting(DeadLetter::id).containsExactly(first.id(), second.id());
		assertThat(store.list("balances", 1)).extracting(DeadLetter::id).containsExactly(first.id());
		assertThat(store.count("balances")).isEqualTo(2);
		assertThat(store.count("audit")).isEqualTo(1);

		DeadLetter read = store.get(first.id());
		assertThat(read).isNotNull();
		assertThat(read.consumer()).isEqualTo("balances");
		assertThat(read.persistenceId()).isEqualTo("account|1");
		assertThat(read.sequenceNr()).isEqualTo(1);
		assertThat(read.position()).isEqualTo(101);
		assertThat(read.eventType()).isEqualTo("ego.test.Deposited");
		assertThat(read.payload()).containsExactly(1, 2, 3);
		assertThat(read.writeTime()).isEqualTo(Instant.parse("2024-01-02T03:04:05.123456Z"));
		assertThat(read.metadata()).containsExactlyEntriesOf(metadata);
		assertThat(read.cause()).isEqualTo("java.lang.IllegalStateException: boom");
		assertThat(read.attempts()).isEqualTo(3);
		assertThat(read.failedAt()).isEqualTo(Instant.parse("2024-01-02T03:05:00Z"));
		DeadLetter cut = store.get(second.id());
		assertThat(cut).isNotNull();
		assertThat(cut.cause()).hasSize(JdbcDeadLetterStore.MAX_CAUSE_LENGTH).endsWith("…");

		store.delete(first.id());
		store.delete(first.id());
		assertThat(store.get(first.id())).isNull();
		assertThat(store.list("balances", 10)).extracting(DeadLetter::id).containsExactly(second.id());
		assertThat(store.get(other.id())).isNotNull();
	}

	private static DeadLetter letter(String consumer, long sequenceNr, Map<String, String> metadata, String cause) {
		return new DeadLetter(0, consumer, "account|" + sequenceNr, sequenceNr, 100 + sequenceNr, "ego.test.Deposited",
				new byte[] { 1, 2, 3 }, Instant.parse("2024-01-02T03:04:05.123456Z"), metadata, cause, 3,
				Instant.parse("2024-01-02T03:05:00Z"));
	}

}
