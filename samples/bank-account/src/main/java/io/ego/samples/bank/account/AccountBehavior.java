package io.ego.samples.bank.account;

import java.util.List;

import com.google.protobuf.Message;
import io.ego.core.CommandRejectedException;
import io.ego.core.EventSourcedBehavior;
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
 * A bank account: opened once, then credited and debited; a debit never overdraws it.
 * Commands are validated into events, events are folded into the balance. Settings come
 * from {@code ego.entities.account.*}.
 *
 * @author eGo team
 * @since 0.1.0
 */
@EventSourcedEntity(AccountBehavior.TYPE)
public class AccountBehavior implements EventSourcedBehavior<Account> {

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
	public List<? extends Message> handleCommand(Message command, Account state) {
		return switch (command) {
			case OpenAccount open -> {
				if (state.getOpen()) {
					throw new CommandRejectedException("account " + open.getId() + " is already open");
				}
				yield List.of(AccountOpened.newBuilder()
					.setId(open.getId())
					.setInitialBalance(open.getInitialBalance())
					.build());
			}
			case CreditAccount credit -> {
				requireOpen(state);
				yield List.of(AccountCredited.newBuilder().setId(credit.getId()).setAmount(credit.getAmount()).build());
			}
			case DebitAccount debit -> {
				requireOpen(state);
				if (debit.getAmount() > state.getBalance()) {
					throw new CommandRejectedException(
							"insufficient funds: balance " + state.getBalance() + " is less than " + debit.getAmount());
				}
				yield List.of(AccountDebited.newBuilder().setId(debit.getId()).setAmount(debit.getAmount()).build());
			}
			case GetAccount get -> {
				requireOpen(state);
				yield List.of();
			}
			default -> throw CommandRejectedException.unsupported(command);
		};
	}

	private static void requireOpen(Account state) {
		if (!state.getOpen()) {
			throw new AccountNotOpenException();
		}
	}

	@Override
	public Account handleEvent(Message event, Account state) {
		return switch (event) {
			case AccountOpened opened ->
				state.toBuilder().setId(opened.getId()).setBalance(opened.getInitialBalance()).setOpen(true).build();
			case AccountCredited credited ->
				state.toBuilder().setBalance(state.getBalance() + credited.getAmount()).build();
			case AccountDebited debited ->
				state.toBuilder().setBalance(state.getBalance() - debited.getAmount()).build();
			default ->
				throw new IllegalArgumentException("unknown event " + event.getDescriptorForType().getFullName());
		};
	}

}
