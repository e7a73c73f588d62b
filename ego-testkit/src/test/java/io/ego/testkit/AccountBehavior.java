package io.ego.testkit;

import java.util.List;

import com.google.protobuf.Message;
import io.ego.core.CommandRejectedException;
import io.ego.core.EventSourcedBehavior;
import io.ego.test.bank.Account;
import io.ego.test.bank.AccountCredited;
import io.ego.test.bank.AccountDebited;
import io.ego.test.bank.AccountOpened;
import io.ego.test.bank.CreditAccount;
import io.ego.test.bank.DebitAccount;
import io.ego.test.bank.GetAccount;
import io.ego.test.bank.MultiCredit;
import io.ego.test.bank.OpenAccount;

/** A bank account: the event-sourced behaviour the scenario tests exercise. */
final class AccountBehavior implements EventSourcedBehavior<Account> {

	@Override
	public Account initialState() {
		return Account.getDefaultInstance();
	}

	@Override
	public List<? extends Message> handleCommand(Message command, Account state) {
		return switch (command) {
			case OpenAccount open when state.getOpen() -> throw new CommandRejectedException("account already open");
			case OpenAccount open -> List
				.of(AccountOpened.newBuilder().setId(open.getId()).setInitialBalance(open.getInitialBalance()).build());
			case CreditAccount credit when !state.getOpen() -> throw new CommandRejectedException("account not open");
			case CreditAccount credit when credit.getAmount() <= 0 ->
				throw new IllegalArgumentException("amount must be positive but was " + credit.getAmount());
			case CreditAccount credit ->
				List.of(AccountCredited.newBuilder().setId(credit.getId()).setAmount(credit.getAmount()).build());
			case DebitAccount debit when debit.getAmount() > state.getBalance() ->
				throw new CommandRejectedException("insufficient funds: balance " + state.getBalance());
			case DebitAccount debit ->
				List.of(AccountDebited.newBuilder().setId(debit.getId()).setAmount(debit.getAmount()).build());
			case MultiCredit multi -> multi.getAmountsList()
				.stream()
				.map((amount) -> AccountCredited.newBuilder().setId(multi.getId()).setAmount(amount).build())
				.toList();
			case GetAccount get -> List.of();
			default -> throw CommandRejectedException.unsupported(command);
		};
	}

	@Override
	public Account handleEvent(Message event, Account state) {
		return switch (event) {
			case AccountOpened opened ->
				state.toBuilder().setId(opened.getId()).setBalance(opened.getInitialBalance()).setOpen(true).build();
			case AccountCredited credited when !state.getOpen() ->
				throw new IllegalStateException("account '" + credited.getId() + "' is not open");
			case AccountCredited credited when credited.getAmount() < 0 ->
				throw new IllegalArgumentException("negative credit " + credited.getAmount());
			case AccountCredited credited ->
				state.toBuilder().setBalance(state.getBalance() + credited.getAmount()).build();
			case AccountDebited debited ->
				state.toBuilder().setBalance(state.getBalance() - debited.getAmount()).build();
			default -> throw new IllegalStateException("unknown event " + event.getDescriptorForType().getFullName());
		};
	}

}
