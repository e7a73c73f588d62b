package io.ego.samples.bank.account;

import com.google.protobuf.Message;
import io.ego.core.CommandRejectedException;
import io.ego.core.DurableStateBehavior;
import io.ego.samples.bank.api.AccountLimits;
import io.ego.samples.bank.api.GetLimits;
import io.ego.samples.bank.api.SetDebitLimit;
import io.ego.spring.annotation.DurableStateEntity;

/**
 * The limits of an account, kept as durable state (the latest value with a revision, no
 * history): the largest single debit allowed.
 *
 * @author eGo team
 * @since 0.1.0
 */
@DurableStateEntity(AccountLimitsBehavior.TYPE)
public class AccountLimitsBehavior implements DurableStateBehavior<AccountLimits> {

	/** The entity type name; an account's limits have the account's id. */
	public static final String TYPE = "account-limits";

	@Override
	public AccountLimits initialState() {
		return AccountLimits.getDefaultInstance();
	}

	@Override
	public AccountLimits handleCommand(Message command, AccountLimits state, long revision) {
		return switch (command) {
			case SetDebitLimit set -> {
				if (set.getMaxDebit() < 0) {
					throw new CommandRejectedException("debit limit must not be negative but was " + set.getMaxDebit());
				}
				yield state.toBuilder().setMaxDebit(set.getMaxDebit()).build();
			}
			case GetLimits get -> state;
			default -> throw CommandRejectedException.unsupported(command);
		};
	}

}
