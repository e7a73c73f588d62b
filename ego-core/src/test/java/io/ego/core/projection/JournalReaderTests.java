package io.ego.core.projection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.ego.core.EgoEngine;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.test.bank.AccountCredited;
import io.ego.test.bank.AccountOpened;
import org.junit.jupiter.api.Test;

import static io.ego.core.fixtures.AccountBehavior.credit;
import static io.ego.core.fixtures.AccountBehavior.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link JournalReader}, the engine's read-only journal view by position.
 */
class JournalReaderTests {

	@Test
	void pagesTheJournalInPositionOrderAsTypedEnvelopes() {
		try (EgoEngine engine = EgoEngine.builder()
			.inMemoryStores()
			.eventSourced("account", new AccountBehavior())
			.build()) {
			for (String id : List.of("a", "b", "c")) {
				engine.askAndWait("account", id, open(id, 0));
				engine.askAndWait("account", id, credit(id, 5));
			}
			JournalReader reader = engine.journalReader();
			assertThat(reader.headPosition()).isEqualTo(6);
			List<EventEnvelope> read = new ArrayList<>();
			long position = 0;
			for (;;) {
				JournalReader.Page page = reader.eventsAfter(position, 4);
				if (page.events().isEmpty()) {
					assertThat(page.position()).isEqualTo(position);
					break;
				}
				assertThat(page.events()).hasSizeLessThanOrEqualTo(4);
				read.addAll(page.events());
				position = page.position();
			}
			assertThat(read).extracting(EventEnvelope::position).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
			assertThat(read).filteredOn((event) -> event.persistenceId().equals("account|b"))
				.extracting(EventEnvelope::event)
				.containsExactly(AccountOpened.newBuilder().setId("b").build(),
						AccountCredited.newBuilder().setId("b").setAmount(5).build());
			assertThatIllegalArgumentException().isThrownBy(() -> reader.eventsAfter(0, 0));
		}
	}

	@Test
	void aWaitingReaderIsWokenByAnAppendOfThisNode() throws Exception {
		try (EgoEngine engine = EgoEngine.builder()
			.inMemoryStores()
			.eventSourced("account", new AccountBehavior())
			.build()) {
			engine.askAndWait("account", "a", open("a", 0));
			JournalReader reader = engine.journalReader();
			// the head is past 0: no wait
			reader.awaitEventsAfter(0, Duration.ofMinutes(5));
			CompletableFuture<Long> woken = CompletableFuture.supplyAsync(() -> {
				reader.awaitEventsAfter(1, Duration.ofMinutes(5));
				return reader.headPosition();
			});
			engine.askAndWait("account", "a", credit("a", 1));
			// far below the wait's five minutes: the append woke it
			assertThat(woken.get(30, TimeUnit.SECONDS)).isEqualTo(2);
		}
	}

}
