package io.ego.spring.boot.test.app;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.fixtures.ForwardingEventStore;
import io.ego.core.store.EventStore;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.StoreException;
import io.ego.core.store.StoreOutcomeUnknownException;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.spring.boot.test.EgoTest;
import io.ego.spring.boot.test.scenario.EgoScenario;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store the test defines replaces the slice's in-memory one; the scenario then tells
 * "not written" from "outcome unknown" in the replies of a failing journal.
 */
@EgoTest
@Import(EgoTestStoreReplacementTests.FailingJournal.class)
class EgoTestStoreReplacementTests {

	@Autowired
	EgoScenario scenario;

	@Autowired
	EventStore eventStore;

	@Autowired
	SwitchableEventStore journal;

	@AfterEach
	void heal() {
		this.journal.failure.set(null);
	}

	@Test
	void theTestsStoreIsTheEnginesStore() {
		assertThat(this.eventStore).isSameAs(this.journal);
		this.scenario.send(AccountEntity.class, "r-1", AccountBehavior.open("r-1", 1)).thenAccepted();
		assertThat(this.journal.highestSequenceNr("account|r-1")).isEqualTo(1);
	}

	@Test
	void aJournalThatDidNotWriteRepliesNotWritten() {
		this.scenario.send(AccountEntity.class, "r-2", AccountBehavior.open("r-2", 1)).thenAccepted();
		this.journal.failure.set(new StoreException("the test's journal refuses"));
		this.scenario.send(AccountEntity.class, "r-2", AccountBehavior.credit("r-2", 1)).thenFailed(false);
	}

	@Test
	void aJournalThatMayHaveWrittenRepliesOutcomeUnknown() {
		this.scenario.send(AccountEntity.class, "r-3", AccountBehavior.open("r-3", 1)).thenAccepted();
		this.journal.failure.set(new StoreOutcomeUnknownException("the test's journal lost the connection"));
		this.scenario.send(AccountEntity.class, "r-3", AccountBehavior.credit("r-3", 1)).thenFailed(true);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FailingJournal {

		@Bean
		SwitchableEventStore switchableEventStore() {
			return new SwitchableEventStore();
		}

	}

	/** An in-memory journal whose appends fail with the exception set. */
	static final class SwitchableEventStore extends ForwardingEventStore {

		final AtomicReference<@Nullable RuntimeException> failure = new AtomicReference<>();

		SwitchableEventStore() {
			super(new InMemoryEventStore());
		}

		@Override
		public void append(String persistenceId, long expectedSequenceNr, List<PersistedEvent> events) {
			RuntimeException failure = this.failure.get();
			if (failure != null) {
				throw failure;
			}
			super.append(persistenceId, expectedSequenceNr, events);
		}

	}

}
