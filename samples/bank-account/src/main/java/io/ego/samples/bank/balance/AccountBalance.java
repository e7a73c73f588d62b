package io.ego.samples.bank.balance;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * An account's balance as the {@link BalanceProjection} has read it from the journal: a
 * Spring Data JDBC aggregate in table {@code account_balance} (the default naming: an
 * explicit {@code @Table("account_balance")} would be quoted as written, and H2 keeps
 * unquoted names in upper case).
 *
 * @param accountId the account id
 * @param balance the balance after the last event applied
 * @param lastSequenceNr the sequence number of the last event applied (the account's
 * revision)
 * @param updatedAt when that event was written
 * @param version the row's optimistic-locking version, {@code null} before its first save
 * @author eGo team
 * @since 0.1.0
 */
@Table
public record AccountBalance(@Id String accountId, long balance, long lastSequenceNr, Instant updatedAt,
		@Version @Nullable Long version) {

	/**
	 * Returns the balance of a newly opened account.
	 * @param accountId the account id
	 * @param initialBalance its opening balance
	 * @param sequenceNr the sequence number of its opening event
	 * @param at when that event was written
	 * @return the new row
	 */
	static AccountBalance opened(String accountId, long initialBalance, long sequenceNr, Instant at) {
		return new AccountBalance(accountId, initialBalance, sequenceNr, at, null);
	}

	/**
	 * Returns this row reset to an account's opening, as when the journal is read again
	 * from its beginning.
	 * @param initialBalance the opening balance
	 * @param sequenceNr the sequence number of the opening event
	 * @param at when that event was written
	 * @return the reset row
	 */
	AccountBalance reopened(long initialBalance, long sequenceNr, Instant at) {
		return new AccountBalance(this.accountId, initialBalance, sequenceNr, at, this.version);
	}

	/**
	 * Returns this row with an amount applied; never wraps around (the account rejects a
	 * credit that would overflow, so an overflow here is a corrupted read model).
	 * @param amount the amount credited, or minus the amount debited
	 * @param sequenceNr the sequence number of the event
	 * @param at when that event was written
	 * @return the updated row
	 */
	AccountBalance plus(long amount, long sequenceNr, Instant at) {
		return new AccountBalance(this.accountId, Math.addExact(this.balance, amount), sequenceNr, at, this.version);
	}

}
