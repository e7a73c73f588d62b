package io.ego.benchmarks;

import java.util.List;

import com.google.protobuf.Message;
import io.ego.benchmarks.domain.Account;
import io.ego.benchmarks.domain.AccountCredited;
import io.ego.benchmarks.domain.AccountOpened;
import io.ego.benchmarks.domain.CreditAccount;
import io.ego.benchmarks.domain.OpenAccount;
import io.ego.core.CommandRejectedException;
import io.ego.core.EventSourcedBehavior;

/**
 * The workloads' account: every command appends exactly one event and replies with the
 * new balance.
 */
public final class BenchAccountBehavior implements EventSourcedBehavior<Account> {

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
			case OpenAccount open -> List.of(AccountOpened.newBuilder()
				.setAccountId(open.getAccountId())
				.setInitialBalance(open.getInitialBalance())
				.build());
			default -> throw CommandRejectedException.unsupported(command);
		};
	}

	@Override
	public Account handleEvent(Message event, Account state) {
		return switch (event) {
			case AccountCredited credited ->
				state.toBuilder().setBalance(state.getBalance() + credited.getAmount()).build();
			case AccountOpened opened ->
				Account.newBuilder().setId(opened.getAccountId()).setBalance(opened.getInitialBalance()).build();
			default ->
				throw new IllegalArgumentException("unknown event " + event.getDescriptorForType().getFullName());
		};
	}

}
