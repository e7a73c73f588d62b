package io.ego.samples.bank.account;

import io.ego.core.CommandRejectedException;

/**
 * Rejects a command to an account that was never opened.
 *
 * @author eGo team
 * @since 0.1.0
 */
public class AccountNotOpenException extends CommandRejectedException {

	private static final long serialVersionUID = 1L;

	AccountNotOpenException() {
		super("account is not open");
	}

}
