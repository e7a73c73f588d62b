package io.ego.samples.bank.account;

import io.ego.core.CommandRejectedException;
import io.ego.core.DurableStateHandlers;
import io.ego.samples.bank.api.AccountLimits;
import io.ego.samples.bank.api.GetLimits;
import io.ego.samples.bank.api.SetDebitLimit;
import io.ego.spring.annotation.DurableStateEntity;

/**
 * The limits of an account, kept as durable state (the latest value with a revision, no
 * history): the largest single debit allowed. One typed handler per command, returning
 * the new state (an equal state writes nothing).
 *
 * @author eGo team
 * @since 0.1.0
 */
@DurableStateEntity(AccountLimitsBehavior.TYPE)
public class AccountLimitsBehavior extends DurableStateHandlers<AccountLimits> {

	/** The entity type name; an account's limits have the account's id. */
	public static final String TYPE = "account-limits";

	@Override
	public AccountLimits initialState() {
		return AccountLimits.getDefaultInstance();
	}

	@Override
	protected void define(Builder<AccountLimits> handlers) {
		handlers.onCommand(SetDebitLimit.class, (set, limits, context) -> {
			if (set.getMaxDebit() < 0) {
				throw new CommandRejectedException("debit limit must not be negative but was " + set.getMaxDebit());
			}
			return limits.toBuilder().setMaxDebit(set.getMaxDebit()).build();
		}).onCommand(GetLimits.class, (get, limits, context) -> limits);
	}

}
