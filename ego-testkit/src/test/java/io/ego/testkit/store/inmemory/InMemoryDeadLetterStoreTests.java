package io.ego.testkit.store.inmemory;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.ego.core.store.DeadLetter;
import io.ego.core.store.inmemory.InMemoryDeadLetterStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The in-memory dead-letter store compares identifiers exactly, as the JDBC one: an
 * identifier that is not well-formed UTF-16 is rejected on writes and reads.
 */
class InMemoryDeadLetterStoreTests {

	@Test
	void anIllFormedConsumerPersistenceIdOrEventTypeIsRejected() {
		InMemoryDeadLetterStore store = new InMemoryDeadLetterStore();
		DeadLetter stored = store.add(letter("balances", "account|1", "ego.test.Deposited"));
		String consumer = "balances-ls-\uD800";
		String persistenceId = "account|ls-\uD800";

		assertThatIllegalArgumentException().isThrownBy(() -> store.add(letter(consumer, "account|1", "ego.test.X")))
			.withMessageContaining("consumer");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> store.add(letter("balances", persistenceId, "ego.test.X")))
			.withMessageContaining("persistence id");
		assertThatIllegalArgumentException().isThrownBy(() -> store.add(letter("balances", "account|1", "ego.\uDC00")))
			.withMessageContaining("event type");
		assertThatIllegalArgumentException().isThrownBy(() -> store.list(consumer, 10))
			.withMessageContaining("consumer");
		assertThatIllegalArgumentException().isThrownBy(() -> store.count(consumer)).withMessageContaining("consumer");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> store.deleteByPersistenceId(persistenceId, List.of("balances")))
			.withMessageContaining("persistence id");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> store.deleteByPersistenceId("account|1", List.of("balances", consumer)))
			.withMessageContaining("consumer");
		assertThat(store.list("balances", 10)).containsExactly(stored);
	}

	private static DeadLetter letter(String consumer, String persistenceId, String eventType) {
		return new DeadLetter(0, consumer, persistenceId, 1, 101, eventType, new byte[] { 1 },
				Instant.parse("2024-01-02T03:04:05Z"), Map.of(), "boom", 1, Instant.parse("2024-01-02T03:05:00Z"));
	}

}
