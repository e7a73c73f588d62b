package io.ego.benchmarks;

import com.google.protobuf.Message;
import io.ego.benchmarks.domain.Account;
import io.ego.benchmarks.domain.CreditAccount;
import io.ego.benchmarks.domain.OpenAccount;
import io.ego.core.CommandRejectedException;
import io.ego.core.DurableStateBehavior;

/**
 * The workloads' account as a durable-state entity (W3-state): every command writes the
 * next revision of the state and replies with the new balance.
 */
public final class BenchAccountStateBehavior implements DurableStateBehavior<Account> {

	@Override
	public Account initialState() {
		return Account.getDefaultInstance();
	}

	@Override
	public Account handleCommand(Message command, Account state, long revision) {
		return switch (command) {
			case CreditAccount credit -> state.toBuilder().setBalance(state.getBalance() + credit.getAmount()).build();
			case OpenAccount open ->
				Account.newBuilder().setId(open.getAccountId()).setBalance(open.getInitialBalance()).build();
			default -> throw CommandRejectedException.unsupported(command);
		};
	}

}
