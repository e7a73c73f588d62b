package io.ego.samples.bank.account;

import io.ego.core.CommandRejectedException;

/**
 * Rejects a credit that would take an account's balance beyond {@link Long#MAX_VALUE}:
 * the balance never wraps around.
 *
 * @author eGo team
 * @since 0.1.0
 */
public class BalanceOverflowException extends CommandRejectedException {

	private static final long serialVersionUID = 1L;

	BalanceOverflowException(long balance, long amount) {
		super("a credit of " + amount + " would overflow the balance of " + balance + " (at most " + Long.MAX_VALUE
				+ ")");
	}

}
