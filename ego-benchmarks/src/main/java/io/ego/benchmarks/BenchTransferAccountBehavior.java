package io.ego.benchmarks;

import java.util.List;

import com.google.protobuf.Message;
import io.ego.benchmarks.domain.Account;
import io.ego.benchmarks.domain.AccountCredited;
import io.ego.benchmarks.domain.AccountDebited;
import io.ego.benchmarks.domain.CreditAccount;
import io.ego.benchmarks.domain.DebitAccount;
import io.ego.core.CommandRejectedException;
import io.ego.core.EventSourcedBehavior;

/**
 * The account of the saga workload (W3-saga): a credit or a debit appends one event and
 * replies with the new balance, which may go below zero (no transfer is rejected, so
 * every one completes and the balances sum to zero).
 */
public final class BenchTransferAccountBehavior implements EventSourcedBehavior<Account> {

	@Override
	public Account initialState() {
		return Account.getDefaultInstance();
	}

	@Override
	public List<? extends Message> handleCommand(Message command, Account state) {
		return switch (command) {
			case CreditAccount credit -> List.of(AccountCredited.newBuilder()
				.setAccountId(credit.getAccountId())
				.setAmount(credit.getAmount())
				.build());
			case DebitAccount debit -> List.of(AccountDebited.newBuilder()
				.setAccountId(debit.getAccountId())
				.setAmount(debit.getAmount())
				.build());
			default -> throw CommandRejectedException.unsupported(command);
		};
	}

	@Override
	public Account handleEvent(Message event, Account state) {
		return switch (event) {
			case AccountCredited credited -> state.toBuilder()
				.setId(credited.getAccountId())
				.setBalance(state.getBalance() + credited.getAmount())
				.build();
			case AccountDebited debited -> state.toBuilder()
				.setId(debited.getAccountId())
				.setBalance(state.getBalance() - debited.getAmount())
				.build();
			default ->
				throw new IllegalArgumentException("unknown event " + event.getDescriptorForType().getFullName());
		};
	}

}
