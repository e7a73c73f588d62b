package io.ego.benchmarks;

import io.ego.benchmarks.domain.Account;
import io.ego.benchmarks.domain.AccountCredited;
import io.ego.benchmarks.domain.AccountOpened;
import io.ego.benchmarks.domain.CreditAccount;
import io.ego.benchmarks.domain.OpenAccount;
import io.ego.core.Effect;
import io.ego.core.EventSourcedHandlers;

/**
 * {@link BenchAccountBehavior} written with typed handlers: the same commands, events and
 * folds, so that the two styles' per-command costs compare.
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class BenchTypedAccountBehavior extends EventSourcedHandlers<Account> {

	@Override
	public Account initialState() {
		return Account.getDefaultInstance();
	}

	@Override
	protected void define(Builder<Account> handlers) {
		handlers.onCommand(CreditAccount.class, AccountCredited.class, (credit, state, context) -> Effect.persist(
				AccountCredited.newBuilder().setAccountId(credit.getAccountId()).setAmount(credit.getAmount()).build()))
			.onCommand(OpenAccount.class, AccountOpened.class,
					(open, state,
							context) -> Effect.persist(AccountOpened.newBuilder()
								.setAccountId(open.getAccountId())
								.setInitialBalance(open.getInitialBalance())
								.build()))
			.onEvent(AccountCredited.class,
					(credited,
							state) -> state.toBuilder().setBalance(state.getBalance() + credited.getAmount()).build())
			.onEvent(AccountOpened.class,
					(opened, state) -> Account.newBuilder()
						.setId(opened.getAccountId())
						.setBalance(opened.getInitialBalance())
						.build());
	}

}
