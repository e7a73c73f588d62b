package io.ego.samples.bank.account;

import io.ego.core.CommandContext;
import io.ego.core.Effect;
import io.ego.core.EventSourcedHandlers;
import io.ego.samples.bank.api.Account;
import io.ego.samples.bank.api.AccountCredited;
import io.ego.samples.bank.api.AccountDebited;
import io.ego.samples.bank.api.AccountOpened;
import io.ego.samples.bank.api.CreditAccount;
import io.ego.samples.bank.api.DebitAccount;
import io.ego.samples.bank.api.GetAccount;
import io.ego.samples.bank.api.OpenAccount;
import io.ego.spring.annotation.EventSourcedEntity;

/**
 * A bank account: opened once, then credited and debited; a debit never overdraws it, and
 * a credit never overflows it ({@link BalanceOverflowException}). Commands are validated
 * into events, events are folded into the balance, one typed handler per message type
 * (the engine checks at start-up that every event a command handler persists has an event
 * handler). The account's id comes from the {@link CommandContext}: commands need not
 * carry it. Settings come from {@code ego.entities.account.*}.
 *
 * @author eGo team
 * @since 0.1.0
 */
@EventSourcedEntity(AccountBehavior.TYPE)
public class AccountBehavior extends EventSourcedHandlers<Account> {

	/**
	 * The entity type name, the first part of an account's persistence id
	 * ({@code account|<id>}).
	 */
	public static final String TYPE = "account";

	@Override
	public Account initialState() {
		return Account.getDefaultInstance();
	}

	@Override
	protected void define(Builder<Account> handlers) {
		handlers.onCommand(OpenAccount.class, AccountOpened.class, this::open)
			.onCommand(CreditAccount.class, AccountCredited.class, this::credit)
			.onCommand(DebitAccount.class, AccountDebited.class, this::debit)
			.onCommand(GetAccount.class,
					(get, state, context) -> state.getOpen() ? Effect.none()
							: Effect.reject(new AccountNotOpenException()))
			.onEvent(AccountOpened.class,
					(opened, state) -> state.toBuilder()
						.setId(opened.getId())
						.setBalance(opened.getInitialBalance())
						.setOpen(true)
						.build())
			.onEvent(AccountCredited.class,
					(credited, state) -> state.toBuilder()
						.setBalance(Math.addExact(state.getBalance(), credited.getAmount()))
						.build())
			.onEvent(AccountDebited.class,
					(debited, state) -> state.toBuilder().setBalance(state.getBalance() - debited.getAmount()).build());
	}

	Effect<AccountOpened> open(OpenAccount open, Account state, CommandContext context) {
		if (state.getOpen()) {
			return Effect.reject("account " + context.entityId() + " is already open");
		}
		return Effect.persist(AccountOpened.newBuilder()
			.setId(context.entityId())
			.setInitialBalance(open.getInitialBalance())
			.build());
	}

	Effect<AccountCredited> credit(CreditAccount credit, Account state, CommandContext context) {
		if (!state.getOpen()) {
			return Effect.reject(new AccountNotOpenException());
		}
		try {
			Math.addExact(state.getBalance(), credit.getAmount());
		}
		catch (ArithmeticException overflow) {
			return Effect.reject(new BalanceOverflowException(state.getBalance(), credit.getAmount()));
		}
		return Effect
			.persist(AccountCredited.newBuilder().setId(context.entityId()).setAmount(credit.getAmount()).build());
	}

	Effect<AccountDebited> debit(DebitAccount debit, Account state, CommandContext context) {
		if (!state.getOpen()) {
			return Effect.reject(new AccountNotOpenException());
		}
		if (debit.getAmount() > state.getBalance()) {
			return Effect
				.reject("insufficient funds: balance " + state.getBalance() + " is less than " + debit.getAmount());
		}
		return Effect
			.persist(AccountDebited.newBuilder().setId(context.entityId()).setAmount(debit.getAmount()).build());
	}

}
