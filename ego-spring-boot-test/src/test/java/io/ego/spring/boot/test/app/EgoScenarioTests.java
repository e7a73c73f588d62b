package io.ego.spring.boot.test.app;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.ego.core.CommandOptions;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.fixtures.CounterBehavior;
import io.ego.core.projection.EventEnvelope;
import io.ego.spring.boot.test.EgoTest;
import io.ego.spring.boot.test.scenario.EgoScenario;
import io.ego.spring.boot.test.scenario.EgoTestConfigurationException;
import io.ego.test.bank.Account;
import io.ego.test.bank.AccountCredited;
import io.ego.test.bank.AccountDebited;
import io.ego.test.bank.AccountOpened;
import io.ego.test.bank.Counter;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The scenario API against the running engine of an {@code @EgoTest}: replies, the events
 * a command persisted, states, projections awaited by position, the test clock, and
 * failures that say what was expected and what the journal holds.
 */
@EgoTest
class EgoScenarioTests {

	@Autowired
	EgoScenario scenario;

	@Autowired
	BalanceProjection balances;

	@Test
	void assertsRepliesEventsAndStates() {
		this.scenario.send(AccountEntity.class, "acc-1", AccountBehavior.open("acc-1", 100))
			.thenAccepted()
			.thenEvents(opened("acc-1", 100))
			.thenRevision(1)
			.and()
			.send(AccountEntity.class, "acc-1", AccountBehavior.credit("acc-1", 5))
			.thenEvents(AccountCredited.newBuilder().setId("acc-1").setAmount(5).build())
			.thenState(Account.newBuilder().setId("acc-1").setBalance(105).setOpen(true).build())
			.and()
			.send(AccountEntity.class, "acc-1", AccountBehavior.debit("acc-1", 500))
			.thenRejected("insufficient funds")
			.thenNoEvents();
		assertThat(this.scenario.state(AccountEntity.class, "acc-1").getBalance()).isEqualTo(105);
	}

	@Test
	void aCommandIdSentTwiceIsAppliedOnce() {
		this.scenario.send(AccountEntity.class, "acc-2", AccountBehavior.open("acc-2", 10)).thenAccepted();
		CommandOptions payment = CommandOptions.id("pay-7");
		this.scenario.send(AccountEntity.class, "acc-2", AccountBehavior.credit("acc-2", 5), payment)
			.thenEvents(AccountCredited.newBuilder().setId("acc-2").setAmount(5).build());
		this.scenario.send(AccountEntity.class, "acc-2", AccountBehavior.credit("acc-2", 5), payment)
			.thenAccepted()
			.thenNoEvents()
			.thenState((account) -> assertThat(account.getBalance()).isEqualTo(15));
	}

	@Test
	void durableStatesHaveRevisionsAndNoEvents() {
		this.scenario.send(CounterEntity.class, "c-1", CounterBehavior.by(2))
			.thenRevision(1)
			.thenNoEvents()
			.and()
			.send(CounterEntity.class, "c-1", CounterBehavior.by(3))
			.thenState(Counter.newBuilder().setValue(5).build())
			.thenRevision(2);
	}

	@Test
	void waitsForAProjectionByTheEnginesPositions() {
		for (int i = 0; i < 20; i++) {
			this.scenario.send(AccountEntity.class, "acc-p" + i, AccountBehavior.open("acc-p" + i, i)).thenAccepted();
		}
		this.scenario.awaitProjection("balances");
		for (int i = 0; i < 20; i++) {
			assertThat(this.balances.balances()).containsEntry("acc-p" + i, (long) i);
		}
	}

	@Test
	void theJournalHoldsTheDecodedEventsInOrder() {
		this.scenario.send(AccountEntity.class, "acc-3", AccountBehavior.open("acc-3", 10)).thenAccepted();
		this.scenario.send(AccountEntity.class, "acc-3", AccountBehavior.debit("acc-3", 4)).thenAccepted();
		List<EventEnvelope> journal = this.scenario.journal(AccountEntity.class, "acc-3");
		assertThat(journal).extracting(EventEnvelope::sequenceNr).containsExactly(1L, 2L);
		assertThat(journal).extracting(EventEnvelope::event)
			.containsExactly(opened("acc-3", 10), AccountDebited.newBuilder().setId("acc-3").setAmount(4).build());
	}

	@Test
	void theTestClockIsTheEnginesClock() {
		Instant advanced = this.scenario.clock().advance(Duration.ofDays(3));
		this.scenario.send(AccountEntity.class, "acc-4", AccountBehavior.open("acc-4", 1)).thenAccepted();
		assertThat(this.scenario.journal(AccountEntity.class, "acc-4")).singleElement()
			.satisfies((event) -> assertThat(event.writeTime()).isAfterOrEqualTo(advanced));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> this.scenario.clock().advance(Duration.ofSeconds(-1)))
			.withMessageContaining("only moves forward");
	}

	@Test
	void aWrongEventPrintsWhatWasExpectedAndTheJournal() {
		this.scenario.send(AccountEntity.class, "acc-5", AccountBehavior.open("acc-5", 100)).thenAccepted();
		assertThatExceptionOfType(AssertionFailedError.class)
			.isThrownBy(() -> this.scenario.send(AccountEntity.class, "acc-5", AccountBehavior.credit("acc-5", 5))
				.thenEvents(AccountCredited.newBuilder().setId("acc-5").setAmount(50).build()))
			.satisfies((failure) -> {
				assertThat(failure.getMessage())
					.contains(
							"Expected command ego.test.bank.CreditAccount { id: \"acc-5\" amount: 5 } to account/acc-5")
					.contains(
							"to persist these events:\n  1. ego.test.bank.AccountCredited { id: \"acc-5\" amount: 50 }")
					.contains("but it persisted:\n  1. ego.test.bank.AccountCredited { id: \"acc-5\" amount: 5 }")
					.contains("the entity's journal:\n  #1 ego.test.bank.AccountOpened")
					.contains("#2 ego.test.bank.AccountCredited { id: \"acc-5\" amount: 5 }");
				assertThat(failure.isExpectedDefined()).isTrue();
				assertThat(failure.getExpected().getStringRepresentation()).contains("amount: 50");
				assertThat(failure.getActual().getStringRepresentation()).contains("amount: 5 ");
			});
	}

	@Test
	void aRejectionWhereAcceptanceWasExpectedPrintsTheReason() {
		assertThatExceptionOfType(AssertionFailedError.class)
			.isThrownBy(() -> this.scenario.send(AccountEntity.class, "acc-6", AccountBehavior.credit("acc-6", 5))
				.thenAccepted())
			.withMessageContaining("to account/acc-6 to be accepted, but it was rejected: account is not open");
	}

	@Test
	void anEntityOrProjectionTheContextLacksIsNamed() {
		assertThatExceptionOfType(EgoTestConfigurationException.class)
			.isThrownBy(() -> this.scenario.send(AccountBehavior.class, "x", AccountBehavior.open("x", 1)))
			.withMessageContaining("no entity of behaviour " + AccountBehavior.class.getName())
			.withMessageContaining("account (" + AccountEntity.class.getName() + ")");
		assertThatExceptionOfType(EgoTestConfigurationException.class)
			.isThrownBy(() -> this.scenario.awaitProjection("statements"))
			.withMessageContaining("no projection 'statements'")
			.withMessageContaining("balances");
	}

	@Test
	void aPausedProjectionFailsTheWaitAtOnce() {
		this.scenario.engine().projections().pause("balances");
		try {
			assertThatExceptionOfType(AssertionFailedError.class)
				.isThrownBy(() -> this.scenario.awaitProjection("balances"))
				.withMessageContaining("projection 'balances' is PAUSED");
		}
		finally {
			this.scenario.engine().projections().resume("balances");
		}
	}

	private static AccountOpened opened(String id, long balance) {
		return AccountOpened.newBuilder().setId(id).setInitialBalance(balance).build();
	}

}
