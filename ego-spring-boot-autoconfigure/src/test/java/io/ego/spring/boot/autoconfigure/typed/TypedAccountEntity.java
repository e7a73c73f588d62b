package io.ego.spring.boot.autoconfigure.typed;

import io.ego.core.CommandContext;
import io.ego.core.Effect;
import io.ego.core.EventSourcedHandlers;
import io.ego.spring.annotation.EventSourcedEntity;
import io.ego.test.bank.Account;
import io.ego.test.bank.AccountCredited;
import io.ego.test.bank.AccountOpened;
import io.ego.test.bank.CreditAccount;
import io.ego.test.bank.GetAccount;
import io.ego.test.bank.OpenAccount;

/**
 * An account written with typed handlers, with a collaborator injected by its
 * constructor.
 */
@EventSourcedEntity("typed-account")
public class TypedAccountEntity extends EventSourcedHandlers<Account> {

	private final CreditLimit limit;

	public TypedAccountEntity(CreditLimit limit) {
		this.limit = limit;
	}

	@Override
	public Account initialState() {
		return Account.getDefaultInstance();
	}

	@Override
	protected void define(Builder<Account> handlers) {
		handlers.onCommand(OpenAccount.class, AccountOpened.class, this::open)
			.onCommand(CreditAccount.class, AccountCredited.class, this::credit)
			.onCommand(GetAccount.class, (get, state, context) -> Effect.none())
			.onEvent(AccountOpened.class,
					(opened, state) -> state.toBuilder().setId(opened.getId()).setOpen(true).build())
			.onEvent(AccountCredited.class, (credited,
					state) -> state.toBuilder().setBalance(state.getBalance() + credited.getAmount()).build());
	}

	private Effect<AccountOpened> open(OpenAccount open, Account state, CommandContext context) {
		return state.getOpen() ? Effect.reject("already open")
				: Effect.persist(AccountOpened.newBuilder().setId(context.entityId()).build());
	}

	private Effect<AccountCredited> credit(CreditAccount credit, Account state, CommandContext context) {
		if (credit.getAmount() > this.limit.max()) {
			return Effect.reject("credit above " + this.limit.max());
		}
		return Effect
			.persist(AccountCredited.newBuilder().setId(context.entityId()).setAmount(credit.getAmount()).build());
	}

	/**
	 * A collaborator.
	 *
	 * @param max the largest credit
	 */
	public record CreditLimit(long max) {
	}

}
