package io.ego.testkit;

import java.util.List;

import io.ego.core.adapter.EventAdapter;
import io.ego.core.adapter.SchemaEvolution;
import io.ego.test.bank.Account;
import io.ego.test.bank.AccountCredited;
import io.ego.test.bank.AccountOpened;
import io.ego.test.bank.CreditAccount;
import io.ego.test.bank.LegacyAccountOpened;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Scenarios over histories written by older releases: stored events go through the
 * application's event adapters, as in the engine's recovery.
 */
class StoredEventScenarioTests {

	/**
	 * Accounts used to open with a deposit; today an account opens empty and the deposit
	 * is a credit.
	 */
	private static final EventAdapter SPLIT_OPENING = EventAdapter.of("ego.test.bank.AccountOpenedWithDeposit", 1,
			(stored) -> {
				LegacyAccountOpened old = stored.parseAs(LegacyAccountOpened.getDefaultInstance());
				return List.of(AccountOpened.newBuilder().setId(old.getId()).build(),
						AccountCredited.newBuilder().setId(old.getId()).setAmount(old.getDeposit()).build());
			});

	/** Credits of revision 1 counted tens. */
	private static final EventAdapter TENS = EventAdapter.of("ego.test.bank.AccountCredited", 1, (stored) -> {
		AccountCredited old = stored.parseAs(AccountCredited.getDefaultInstance());
		return List.of(old.toBuilder().setAmount(old.getAmount() * 10).build());
	});

	private static final SchemaEvolution SCHEMA = SchemaEvolution.builder()
		.revision(AccountCredited.getDefaultInstance(), 2)
		.adapter(SPLIT_OPENING)
		.adapter(TENS)
		.build();

	private final EventSourcedScenario<Account> accounts = EventSourcedScenario.of(new AccountBehavior())
		.withSchemaEvolution(SCHEMA);

	private static LegacyAccountOpened legacyOpening(String id, long deposit) {
		return LegacyAccountOpened.newBuilder().setId(id).setDeposit(deposit).build();
	}

	private static AccountCredited credited(String id, long amount) {
		return AccountCredited.newBuilder().setId(id).setAmount(amount).build();
	}

	private static CreditAccount credit(String id, long amount) {
		return CreditAccount.newBuilder().setId(id).setAmount(amount).build();
	}

	private static Account account(String id, long balance) {
		return Account.newBuilder().setId(id).setBalance(balance).setOpen(true).build();
	}

	@Test
	void aStoredEventOfARetiredTypeIsSplitByItsAdapterBeforeTheCommand() {
		this.accounts.givenStoredEvent("ego.test.bank.AccountOpenedWithDeposit", 1, legacyOpening("a", 50))
			.when(credit("a", 5))
			.thenEvents(credited("a", 5))
			.thenState(account("a", 55));
	}

	@Test
	void storedEventsAreAdaptedByTheirRevisionAndCurrentOnesAreNot() {
		this.accounts.givenStoredEvent("ego.test.bank.AccountOpenedWithDeposit", 1, legacyOpening("a", 0))
			.givenStoredEvent(credited("a", 3), 1) // written when credits counted tens
			.givenStoredEvent(credited("a", 4), 2) // written at the current revision
			.givenEvents(credited("a", 1))
			.when(credit("a", 2))
			.thenState(account("a", 37));
	}

	@Test
	void aStoredEventOfARetiredTypeWithoutAnAdapterIsABrokenArrangement() {
		EventSourcedResult<Account> result = EventSourcedScenario.of(new AccountBehavior())
			.givenStoredEvent("ego.test.bank.AccountOpenedWithDeposit", 1, legacyOpening("a", 50))
			.when(credit("a", 5));
		assertThatThrownBy(() -> result.thenState(account("a", 55))).isInstanceOf(AssertionError.class)
			.hasMessageContaining("given stored event #1 (ego.test.bank.AccountOpenedWithDeposit revision 1) cannot be "
					+ "read: no adapter reads that type and revision");
	}

	@Test
	void aFailingAdapterIsABrokenArrangementNamingTheStoredEvent() {
		SchemaEvolution broken = SchemaEvolution.builder()
			.adapter(EventAdapter.of("ego.test.bank.AccountOpenedWithDeposit", 1, (stored) -> {
				throw new IllegalStateException("cannot split");
			}))
			.build();
		EventSourcedResult<Account> result = EventSourcedScenario.of(new AccountBehavior())
			.withSchemaEvolution(broken)
			.givenStoredEvent("ego.test.bank.AccountOpenedWithDeposit", 1, legacyOpening("a", 50))
			.when(credit("a", 5));
		assertThatThrownBy(result::events).isInstanceOf(AssertionError.class)
			.hasMessageContaining(
					"given stored event #1 (ego.test.bank.AccountOpenedWithDeposit revision 1) cannot be " + "adapted")
			.hasMessageContaining("cannot split");
	}

}
