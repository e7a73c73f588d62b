package io.ego.samples.bank.web;

import io.ego.core.CommandReply;
import io.ego.core.EgoEngine;
import io.ego.samples.bank.account.AccountBehavior;
import io.ego.samples.bank.account.AccountLimitsBehavior;
import io.ego.samples.bank.account.AccountNotOpenException;
import io.ego.samples.bank.api.Account;
import io.ego.samples.bank.api.GetAccount;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * GDPR erasure of an account: {@code DELETE /accounts/{id}/personal-data} erases the
 * account and its limits through {@link EgoEngine#eraseEntity} and answers {@code 204}.
 * With encryption on, the account's data key is deleted (crypto-shredding: its events
 * stay in the journal, unreadable); without, its events are deleted. The projections
 * delete the account's read-model rows when they read the erasure, and later commands to
 * the account answer {@code 410}. Erasing again answers {@code 204} (and completes an
 * erasure that failed part-way); an account that was never opened answers {@code 404}, so
 * that a mistyped id does not block that id for good.
 *
 * @author eGo team
 * @since 0.1.0
 */
@RestController
class PersonalDataController {

	private final EgoEngine engine;

	PersonalDataController(EgoEngine engine) {
		this.engine = engine;
	}

	@DeleteMapping("/accounts/{id}/personal-data")
	ResponseEntity<?> erase(@PathVariable @AccountId String id) {
		CommandReply<Account> account = this.engine.entity(AccountBehavior.class, id)
			.askAndWait(GetAccount.newBuilder().setId(id).build());
		if (account instanceof CommandReply.Rejected<Account> rejected
				&& rejected.rejection() instanceof AccountNotOpenException) {
			return Replies.problem(HttpStatus.NOT_FOUND, rejected.reason());
		}
		if (account instanceof CommandReply.Failed<Account>) {
			return Replies.problem(HttpStatus.SERVICE_UNAVAILABLE, "the account could not be read; nothing was erased");
		}
		this.engine.eraseEntity(AccountBehavior.TYPE, id);
		// limits may never have been set
		this.engine.eraseEntity(AccountLimitsBehavior.TYPE, id, true);
		return ResponseEntity.noContent().build();
	}

}
