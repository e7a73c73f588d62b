package io.ego.samples.bank;

import io.ego.core.CommandOptions;
import io.ego.samples.bank.account.AccountBehavior;
import io.ego.samples.bank.account.AccountLimitsBehavior;
import io.ego.samples.bank.api.AccountCredited;
import io.ego.samples.bank.api.AccountDebited;
import io.ego.samples.bank.api.AccountOpened;
import io.ego.samples.bank.api.CreditAccount;
import io.ego.samples.bank.api.DebitAccount;
import io.ego.samples.bank.api.OpenAccount;
import io.ego.samples.bank.api.SetDebitLimit;
import io.ego.spring.boot.test.EgoTest;
import io.ego.spring.boot.test.scenario.EgoScenario;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The account and its limits in an {@code @EgoTest}: the two entities on in-memory
 * stores, no web layer, no read model, the application's {@code ego.*} settings.
 */
@EgoTest({ AccountBehavior.class, AccountLimitsBehavior.class })
class AccountScenarioTests {

	@Autowired
	EgoScenario scenario;

	@Test
	void anAccountOpensIsCreditedAndRefusesAnOverdraft() {
		this.scenario.send(AccountBehavior.class, "acc-1", OpenAccount.newBuilder().setInitialBalance(100).build())
			.thenEvents(AccountOpened.newBuilder().setId("acc-1").setInitialBalance(100).build())
			.and()
			.send(AccountBehavior.class, "acc-1", CreditAccount.newBuilder().setAmount(25).build())
			.thenEvents(AccountCredited.newBuilder().setId("acc-1").setAmount(25).build())
			.and()
			.send(AccountBehavior.class, "acc-1", DebitAccount.newBuilder().setAmount(500).build())
			.thenRejected("insufficient funds")
			.thenNoEvents()
			.and()
			.send(AccountBehavior.class, "acc-1", DebitAccount.newBuilder().setAmount(20).build())
			.thenEvents(AccountDebited.newBuilder().setId("acc-1").setAmount(20).build())
			.thenState((account) -> assertThat(account.getBalance()).isEqualTo(105));
	}

	@Test
	void aPaymentSentTwiceWithOneIdempotencyKeyIsAppliedOnce() {
		this.scenario.send(AccountBehavior.class, "acc-2", OpenAccount.newBuilder().setInitialBalance(10).build())
			.thenAccepted();
		CreditAccount credit = CreditAccount.newBuilder().setAmount(5).build();
		this.scenario.send(AccountBehavior.class, "acc-2", credit, CommandOptions.id("pay-7")).thenRevision(2);
		this.scenario.send(AccountBehavior.class, "acc-2", credit, CommandOptions.id("pay-7"))
			.thenNoEvents()
			.thenRevision(2)
			.thenState((account) -> assertThat(account.getBalance()).isEqualTo(15));
	}

	@Test
	void limitsAreADurableStateWithRevisions() {
		this.scenario.send(AccountLimitsBehavior.class, "acc-3", SetDebitLimit.newBuilder().setMaxDebit(70).build())
			.thenRevision(1)
			.thenState((limits) -> assertThat(limits.getMaxDebit()).isEqualTo(70));
	}

}
