package io.ego.samples.bank.account;

import io.ego.core.UnsupportedCommandException;
import io.ego.samples.bank.api.Account;
import io.ego.samples.bank.api.AccountDebited;
import io.ego.samples.bank.api.AccountLimits;
import io.ego.samples.bank.api.AccountOpened;
import io.ego.samples.bank.api.DebitAccount;
import io.ego.samples.bank.api.GetAccount;
import io.ego.samples.bank.api.OpenAccount;
import io.ego.samples.bank.api.SetDebitLimit;
import io.ego.testkit.DurableStateScenario;
import io.ego.testkit.EventSourcedScenario;
import org.junit.jupiter.api.Test;

/**
 * Tests for {@link AccountBehavior} and {@link AccountLimitsBehavior}, as plain-Java
 * scenarios decided by the engine's own behaviour contract.
 */
class AccountBehaviorTests {

	private final EventSourcedScenario<Account> account = EventSourcedScenario.of(new AccountBehavior())
		.withEntityId("acc-1");

	@Test
	void openingTakesTheIdFromTheEntity() {
		this.account.when(OpenAccount.newBuilder().setInitialBalance(10).build())
			.thenEvents(AccountOpened.newBuilder().setId("acc-1").setInitialBalance(10).build())
			.thenState(Account.newBuilder().setId("acc-1").setBalance(10).setOpen(true).build());
	}

	@Test
	void aDebitNeverOverdraws() {
		EventSourcedScenario<Account> opened = this.account
			.givenEvents(AccountOpened.newBuilder().setId("acc-1").setInitialBalance(10).build());
		opened.when(DebitAccount.newBuilder().setAmount(11).build()).thenRejected("insufficient funds");
		opened.when(DebitAccount.newBuilder().setAmount(4).build())
			.thenEvents(AccountDebited.newBuilder().setId("acc-1").setAmount(4).build());
	}

	@Test
	void aClosedAccountRejectsEverythingButOpening() {
		this.account.when(GetAccount.getDefaultInstance()).thenRejected(AccountNotOpenException.class);
		this.account.when(DebitAccount.newBuilder().setAmount(1).build()).thenRejected(AccountNotOpenException.class);
		this.account.when(SetDebitLimit.getDefaultInstance()).thenRejected(UnsupportedCommandException.class);
	}

	@Test
	void aDebitLimitIsDurableState() {
		DurableStateScenario.of(new AccountLimitsBehavior())
			.when(SetDebitLimit.newBuilder().setMaxDebit(500).build())
			.thenState(AccountLimits.newBuilder().setMaxDebit(500).build())
			.thenRevision(1);
		DurableStateScenario.of(new AccountLimitsBehavior())
			.when(SetDebitLimit.newBuilder().setMaxDebit(-1).build())
			.thenRejected("must not be negative");
	}

}
