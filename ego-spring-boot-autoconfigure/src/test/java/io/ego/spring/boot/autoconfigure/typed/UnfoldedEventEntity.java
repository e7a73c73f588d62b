package io.ego.spring.boot.autoconfigure.typed;

import io.ego.core.Effect;
import io.ego.core.EventSourcedHandlers;
import io.ego.spring.annotation.EventSourcedEntity;
import io.ego.test.bank.Account;
import io.ego.test.bank.AccountCredited;
import io.ego.test.bank.CreditAccount;

/**
 * Typed handlers that do not fit: the event its command handler declares has no event
 * handler.
 */
@EventSourcedEntity("unfolded")
public class UnfoldedEventEntity extends EventSourcedHandlers<Account> {

	@Override
	public Account initialState() {
		return Account.getDefaultInstance();
	}

	@Override
	protected void define(Builder<Account> handlers) {
		handlers.onCommand(CreditAccount.class, AccountCredited.class, (credit, state, context) -> Effect.none());
	}

}
