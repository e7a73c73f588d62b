package io.ego.spring.boot.autoconfigure.sagas;

import com.google.protobuf.Message;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.saga.SagaBehavior;
import io.ego.core.saga.SagaContext;
import io.ego.core.saga.SagaReaction;
import io.ego.core.saga.SagaStep;
import io.ego.core.saga.StepOutcome;
import io.ego.spring.annotation.Saga;
import io.ego.test.bank.Account;
import io.ego.test.bank.OpenAccount;

/** Credits a bonus to the account named by its start, then completes. */
@Saga("bonus")
public class BonusSaga implements SagaBehavior<Account> {

	@Override
	public Account initialState() {
		return Account.getDefaultInstance();
	}

	@Override
	public SagaReaction<Account> onStart(Message start, Account state, SagaContext context) {
		OpenAccount account = (OpenAccount) start;
		return SagaReaction.<Account>none()
			.send(SagaStep.of("credit", "account", account.getId(), AccountBehavior.credit(account.getId(), 10)));
	}

	@Override
	public SagaReaction<Account> onOutcome(StepOutcome outcome, Account state, SagaContext context) {
		return outcome.isAccepted() ? SagaReaction.update((Account) outcome.result()).complete()
				: SagaReaction.<Account>none().fail(outcome.reason());
	}

}
