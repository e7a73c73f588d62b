package io.ego.store.jdbc;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.ego.core.store.DeadLetter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void anIllFormedConsumerPersistenceIdOrEventTypeIsRejectedInsteadOfMatchingAnotherOne(JdbcDialect dialect) {
		JdbcDeadLetterStore store = TckStores.of(dialect).emptyDeadLetterStore();
		// where the database replaces an unpaired surrogate by '?', this is what the
		// ill-formed ids would match
		DeadLetter colliding = store.add(letter("balances-ls-?", 1, Map.of(), "boom"));
		String consumer = "balances-ls-\uD800";
		String persistenceId = "account|ls-\uD800";
		DeadLetter valid = letter("balances", 2, Map.of(), "boom");

		assertThatIllegalArgumentException().isThrownBy(() -> store.add(letter(consumer, 2, Map.of(), "boom")))
			.withMessageContaining("consumer")
			.withMessageContaining("unpaired surrogate U+D800 at index 12");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> store.add(new DeadLetter(0, "balances", persistenceId, 2, 102, valid.eventType(),
					valid.payload(), valid.writeTime(), Map.of(), "boom", 1, valid.failedAt())))
			.withMessageContaining("persistence id");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> store.add(new DeadLetter(0, "balances", valid.persistenceId(), 2, 102, "ego.\uDC00",
					valid.payload(), valid.writeTime(), Map.of(), "boom", 1, valid.failedAt())))
			.withMessageContaining("event type");
		assertThat(store.count("balances")).isZero();

		assertThatIllegalArgumentException().isThrownBy(() -> store.list(consumer, 10))
			.withMessageContaining("consumer");
		assertThatIllegalArgumentException().isThrownBy(() -> store.count(consumer)).withMessageContaining("consumer");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> store.deleteByPersistenceId(persistenceId, List.of(colliding.consumer())))
			.withMessageContaining("persistence id");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> store.deleteByPersistenceId(colliding.persistenceId(), List.of(consumer)))
			.withMessageContaining("consumer");
		assertThat(store.list(colliding.consumer(), 10)).extracting(DeadLetter::id).containsExactly(colliding.id());
	}

	private static DeadLetter letter(String consumer, long sequenceNr, Map<String, String> metadata, String cause) {
		return new DeadLetter(0, consumer, "account|" + sequenceNr, sequenceNr, 100 + sequenceNr, "ego.test.Deposited",
				new byte[] { 1, 2, 3 }, Instant.parse("2024-01-02T03:04:05.123456Z"), metadata, cause, 3,
				Instant.parse("2024-01-02T03:05:00Z"));
	}

}
